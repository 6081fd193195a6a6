package io.kerasj.engine;

import io.kerasj.callbacks.ProgbarLogger;
import io.kerasj.core.Callback;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Layer;
import io.kerasj.core.Metric;
import io.kerasj.core.Parameters;
import io.kerasj.core.Sequential;
import io.kerasj.core.Utils;
import io.kerasj.data.Dataset;
import io.kerasj.ops.Ops;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loops of a {@link Sequential} model's {@code fit}, {@code evaluate} and {@code predict}: epochs, batches,
 * shuffling, validation, metrics, callbacks and the progress line, around the {@link TrainingStep}. Internal: not
 * API; the model owns one and delegates to it.
 */
public final class Trainer {

    private static final Logger log = LoggerFactory.getLogger(Trainer.class);

    /** Keras's default batch size, for fit, evaluate, predict and validation. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    private final Sequential model;
    private final TrainingStep step;
    private final Inputs inputs;
    private final PredictLanes lanes;
    private final DatasetLoops datasets;

    public Trainer(Sequential model) {
        this.model = model;
        this.step = new TrainingStep(model);
        this.inputs = new Inputs(model);
        this.lanes = new PredictLanes(model);
        this.datasets = new DatasetLoops(model, this, step, inputs);
    }

    /** Keras's {@code fit}; see {@link FitOptions}. */
    public History fit(INDArray x, INDArray y, FitOptions options) {
        checkFitOptions(options);
        x = inputs.features(x, "x");
        y = inputs.targets(y, x, "y");
        INDArray weights = options.sampleWeight() == null ? null
                : inputs.sampleWeights(options.sampleWeight(), x, "sampleWeight");

        INDArray trainX = x;
        INDArray trainY = y;
        INDArray trainWeights = weights;
        INDArray valX = null;
        INDArray valY = null;
        INDArray valWeights = null;
        if (options.validationX() != null || options.validationY() != null) {
            if (options.validationX() == null || options.validationY() == null) {
                throw new IllegalArgumentException("fit: validationData needs both x and y");
            }
            valX = inputs.features(options.validationX(), "validationData x");
            valY = inputs.targets(options.validationY(), valX, "validationData y");
            if (options.validationSampleWeight() != null) {
                valWeights = inputs.sampleWeights(options.validationSampleWeight(), valX, "validationData sampleWeight");
            }
        } else if (options.validationSplit() > 0) {
            // Keras's semantics: the last fraction of the samples as given, before any shuffling.
            long m = x.size(0);
            long split = (long) Math.floor(m * (1.0 - options.validationSplit()));
            if (split <= 0 || split >= m) {
                throw new IllegalArgumentException("fit: validationSplit=" + options.validationSplit() + " of "
                        + m + " samples leaves " + split + " for training and " + (m - split)
                        + " for validation; both need at least one");
            }
            trainX = Utils.rows(x, 0, split);
            trainY = Utils.rows(y, 0, split);
            valX = Utils.rows(x, split, m);
            valY = Utils.rows(y, split, m);
            if (weights != null) {
                trainWeights = Utils.rows(weights, 0, split);
                valWeights = Utils.rows(weights, split, m);
            }
            if (model.loss().link() != null) {
                warnIfSingleClass(valY);
            }
        }

        if (options.classWeight() != null) {
            // As Keras: class weights weight the training samples only, after the validation split.
            trainWeights = inputs.classWeights(options.classWeight(), trainY);
        }
        if (options.stepsPerEpoch() > 0) {
            // Epochs that end mid-pass: the loop that keeps a pass across epochs (this one's stays as fast as it is).
            return datasets.fitArrays(trainX, trainY, trainWeights, valX, valY, valWeights, options);
        }
        int m = (int) trainX.size(0);
        int batchSize = Math.min(options.batchSize(), m);
        int steps = (m + batchSize - 1) / batchSize;
        List<Callback> callbacks = callbacks(options, steps);
        List<Metric> metrics = model.metrics();

        History history = new History();
        model.setStopTraining(false);
        Map<String, Double> logs = new LinkedHashMap<>();
        for (Callback c : callbacks) {
            c.onTrainBegin(logs);
        }
        Ops ops = model.ops();
        // When one batch holds every row, shuffling would only reorder the terms of its sums: its rows are read in
        // place, which spares full-batch training a copy of the whole data set every epoch.
        boolean gather = options.shuffle() && steps > 1;
        // The sample weights of a gathered batch, by its size: the full batches' and the last one's.
        Map<Integer, INDArray> gatheredWeights = new java.util.HashMap<>();
        try (BlasThreads threads = new BlasThreads(ops, batchSize, step.chunkCount(batchSize, trainX) > 1)) {
            int[] order = new int[m];
            for (int epoch = options.initialEpoch(); epoch < options.epochs() && !model.stopTraining(); epoch++) {
                for (Callback c : callbacks) {
                    c.onEpochBegin(epoch, Map.of());
                }
                for (int i = 0; i < m; i++) {
                    order[i] = i;
                }
                if (gather) {
                    shuffle(order, new Random(epochSeed(epoch)));
                }
                metrics.forEach(Metric::reset);
                double lossSum = 0;
                logs = new LinkedHashMap<>();
                for (int s = 0; s < steps; s++) {
                    int from = s * batchSize;
                    int size = Math.min(batchSize, m - from);
                    // Indexed loops in the step: an iterator would be an allocation per step.
                    for (int c = 0; c < callbacks.size(); c++) {
                        callbacks.get(c).onTrainBatchBegin(s, Map.of());
                    }
                    TrainingStep.Batch batch;
                    if (gather) {
                        batch = step.gatherBuffers(size, trainX, trainY);
                        ops.gatherRows(trainX, order, from, size, batch.x());
                        ops.gatherRows(trainY, order, from, size, batch.y());
                        if (trainWeights != null) {
                            INDArray w = gatheredWeights.computeIfAbsent(size,
                                    rows -> Nd4j.create(model.dataType(), rows, 1));
                            ops.gatherRows(trainWeights, order, from, size, w);
                            batch = batch.weighted(w);
                        }
                    } else {
                        // In order, a batch is a run of consecutive rows: read them in place instead of copying.
                        batch = step.inPlace(trainX, trainY, from, size);
                        if (trainWeights != null) {
                            batch = batch.weighted(size == m ? trainWeights : Utils.rows(trainWeights, from,
                                    from + size));
                        }
                    }
                    double batchLoss = step.train(batch);
                    // Keras reports the batch-size-weighted mean of the batch losses.
                    lossSum += batchLoss * size;
                    logs = epochLogs(lossSum / (from + size), logs);
                    for (int c = 0; c < callbacks.size(); c++) {
                        callbacks.get(c).onTrainBatchEnd(s, logs);
                    }
                    if (model.stopTraining()) {
                        // As Keras: a callback may stop training mid-epoch (TerminateOnNaN); the epoch still ends.
                        break;
                    }
                }
                // As Keras: validation after epochs freq, 2·freq, ... counted from 1.
                if (valX != null && (epoch + 1) % options.validationFreq() == 0) {
                    Map<String, Double> val = evaluateChecked(valX, valY, valWeights, options.validationBatchSize() > 0
                            ? options.validationBatchSize() : options.batchSize());
                    logs = withValidation(logs, val);
                }
                for (Callback c : callbacks) {
                    c.onEpochEnd(epoch, logs);
                }
                // Recorded after the callbacks, which may add to the logs (Keras's History is the last of them).
                history.append(epoch, logs);
            }
        } finally {
            step.forgetViews();
        }
        for (Callback c : callbacks) {
            c.onTrainEnd(logs);
        }
        return history;
    }

    /** Keras's {@code fit} on a batched {@link Dataset}; see {@link FitOptions}. */
    public History fit(Dataset data, FitOptions options) {
        checkFitOptions(options);
        return datasets.fit(data, options);
    }

    private void checkFitOptions(FitOptions options) {
        requireCompiled("fit");
        if (options == null) {
            throw new IllegalArgumentException("fit: options is null; use new FitOptions()");
        }
        if (options.epochs() < 0 || options.initialEpoch() < 0) {
            throw new IllegalArgumentException("fit: epochs and initialEpoch must be >= 0. Received: epochs="
                    + options.epochs() + ", initialEpoch=" + options.initialEpoch());
        }
        if (options.batchSize() <= 0) {
            throw new IllegalArgumentException("fit: batchSize must be > 0. Received: batchSize=" + options.batchSize());
        }
        if (options.validationBatchSize() < 0 || options.validationFreq() <= 0) {
            throw new IllegalArgumentException("fit: validationBatchSize must be > 0 (0 for batchSize) and validationFreq "
                    + "> 0. Received: validationBatchSize=" + options.validationBatchSize() + ", validationFreq="
                    + options.validationFreq());
        }
        if (!(options.validationSplit() >= 0 && options.validationSplit() < 1)) {
            throw new IllegalArgumentException("fit: validationSplit must be in [0, 1). Received: validationSplit="
                    + options.validationSplit());
        }
        if (options.sampleWeight() != null && options.classWeight() != null) {
            throw new IllegalArgumentException("fit: sampleWeight and classWeight were both given; give one (as "
                    + "Keras, which refuses both at once)");
        }
        if (options.stepsPerEpoch() < 0) {
            throw new IllegalArgumentException("fit: stepsPerEpoch must be >= 0 (0 for one pass per epoch). Received: "
                    + "stepsPerEpoch=" + options.stepsPerEpoch());
        }
    }

    /**
     * The callbacks of a fit, bound to the model: as Keras, the user's in their order, then the progress line (of
     * {@code steps} batches an epoch, 0 when unknown), which so shows what they added.
     */
    List<Callback> callbacks(FitOptions options, long steps) {
        List<Callback> callbacks = new ArrayList<>(options.callbacks());
        if (options.verbose() > 0) {
            callbacks.add(new ProgbarLogger(System.out, options.epochs(), (int) Math.min(Integer.MAX_VALUE, steps),
                    options.verbose(), terminal()));
        }
        callbacks.forEach(c -> c.setModel(model));
        return callbacks;
    }

    /** The epoch's logs followed by the validation's, each prefixed "val_", as Keras logs them. */
    static Map<String, Double> withValidation(Map<String, Double> logs, Map<String, Double> validation) {
        Map<String, Double> merged = new LinkedHashMap<>(logs);
        validation.forEach((k, v) -> merged.put("val_" + k, v));
        return merged;
    }

    /**
     * Whether standard output is a terminal, where the progress line may be redrawn with carriage returns. On JDK 17
     * {@code System.console()} is null once output is redirected; from JDK 22 it is not, and {@code isTerminal()}
     * (asked by name, as the build targets 17) says whether it is one.
     */
    static boolean terminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /**
     * Keras's {@code train_on_batch}: one optimizer step on (x, y) as one batch, in training mode; returns the loss
     * and the metrics of that batch.
     */
    public Map<String, Double> trainOnBatch(INDArray x, INDArray y, INDArray sampleWeight) {
        requireCompiled("trainOnBatch");
        x = inputs.features(x, "x");
        y = inputs.targets(y, x, "y");
        INDArray weights = sampleWeight == null ? null : inputs.sampleWeights(sampleWeight, x, "sampleWeight");
        List<Metric> metrics = model.metrics();
        metrics.forEach(Metric::reset);
        try (BlasThreads threads = new BlasThreads(model.ops(), (int) x.size(0),
                step.chunkCount(x.size(0), x) > 1)) {
            double loss = step.train(new TrainingStep.Batch(x, y, step.gradOutput((int) x.size(0)), weights));
            return epochLogs(loss, new LinkedHashMap<>());
        } finally {
            step.forgetViews();
        }
    }

    /**
     * Keras's {@code evaluate}: the loss and metrics over (x, y), in inference mode; the loss weighted by
     * {@code sampleWeight} unless it is null (the metrics are not, as Keras's).
     */
    public Map<String, Double> evaluate(INDArray x, INDArray y, int batchSize, INDArray sampleWeight) {
        return evaluate(x, y, batchSize, sampleWeight, 0);
    }

    /** As {@link #evaluate(INDArray, INDArray, int, INDArray)}; verbose 1 or 2 print the progress line of the pass. */
    public Map<String, Double> evaluate(INDArray x, INDArray y, int batchSize, INDArray sampleWeight, int verbose) {
        requireCompiled("evaluate");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("evaluate: batchSize must be > 0. Received: batchSize=" + batchSize);
        }
        x = inputs.features(x, "x");
        y = inputs.targets(y, x, "y");
        INDArray weights = sampleWeight == null ? null : inputs.sampleWeights(sampleWeight, x, "sampleWeight");
        try {
            return evaluateChecked(x, y, weights, batchSize, verbose);
        } finally {
            step.forgetViews();
        }
    }

    Map<String, Double> evaluateChecked(INDArray x, INDArray y, INDArray weights, int batchSize) {
        return evaluateChecked(x, y, weights, batchSize, 0);
    }

    private Map<String, Double> evaluateChecked(INDArray x, INDArray y, INDArray weights, int batchSize, int verbose) {
        List<Metric> metrics = model.metrics();
        metrics.forEach(Metric::reset);
        long m = x.size(0);
        ProgbarLogger progress = DatasetLoops.progress((m + batchSize - 1) / batchSize, verbose);
        Map<String, Double> logs = new LinkedHashMap<>();
        double lossSum = 0;
        for (long from = 0; from < m; from += batchSize) {
            long to = Math.min(m, from + batchSize);
            lossSum += testBatch(Utils.rows(x, from, to), Utils.rows(y, from, to),
                    weights == null ? null : Utils.rows(weights, from, to)) * (to - from);
            if (progress != null) {
                progress.onTrainBatchEnd(0, epochLogs(lossSum / to, logs));
            }
        }
        // As Keras's test step, the loss includes the regularization penalties.
        logs = epochLogs(lossSum / m + step.regularizationLoss(false), logs);
        if (progress != null) {
            progress.onEpochEnd(0, logs);
        }
        return logs;
    }

    /** The loss of one batch in inference mode (weighted by {@code weights} unless null), its outputs added to the metrics. */
    double testBatch(INDArray x, INDArray y, INDArray weights) {
        INDArray output = step.forward(x, false, !model.objective().readsPreActivation());
        double loss = step.loss(y, output, null, weights);
        for (Metric metric : model.metrics()) {
            metric.update(model.ops(), y, output);
        }
        return loss;
    }

    /** Keras's {@code evaluate} on a batched {@link Dataset}: one pass; verbose 1 or 2 print its progress line. */
    public Map<String, Double> evaluate(Dataset data, int verbose) {
        requireCompiled("evaluate");
        return datasets.evaluate(data, verbose);
    }

    /** Keras's {@code predict} on a batched {@link Dataset}: the outputs of one pass, in order. */
    public INDArray predict(Dataset data, int verbose) {
        if (model.layers().isEmpty()) {
            throw new IllegalStateException("Sequential.predict: the model has no layers");
        }
        return datasets.predict(data, verbose);
    }

    /** Keras's {@code predict}: the output layer's output for x, in inference mode. */
    public INDArray predict(INDArray x, int batchSize) {
        return predict(x, batchSize, 0);
    }

    /** Keras's {@code predict} with {@code verbose}: 1 or 2 print the progress line of the pass. */
    public INDArray predict(INDArray x, int batchSize, int verbose) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("predict: batchSize must be > 0. Received: batchSize=" + batchSize);
        }
        if (model.layers().isEmpty()) {
            throw new IllegalStateException("Sequential.predict: the model has no layers");
        }
        if (!model.isBuilt()) {
            // The first call builds the model; two first calls at once build it once.
            synchronized (model) {
                x = inputs.features(x, "x");
            }
        } else {
            x = inputs.features(x, "x");
        }
        long m = x.size(0);
        long[] out = model.layers().get(model.layers().size() - 1).outputShape();
        long[] shape = new long[out.length + 1];
        shape[0] = m;
        System.arraycopy(out, 0, shape, 1, out.length);
        INDArray result = Nd4j.create(model.dataType(), shape);
        Parameters parameters = model.parameters();
        List<Layer> lane = lanes.acquire();
        // A long run of small batches takes one BLAS thread, as fit does: OpenBLAS's second thread made predict in
        // batches of 32 three times slower than one call on a busy machine. A short call keeps the count as it
        // is, because changing it costs about 2 ms, ten single-row predictions (measured on 2 cores).
        try (BlasThreads threads = m >= 8L * batchSize ? new BlasThreads(model.ops(), batchSize, false) : null) {
            ProgbarLogger progress = DatasetLoops.progress((m + batchSize - 1) / batchSize, verbose);
            if (lane != null) {
                predictOn(lane, x, batchSize, result, progress);
            } else {
                synchronized (lanes) {
                    predictOn(model.layers(), x, batchSize, result, progress);
                }
            }
            if (progress != null) {
                progress.onEpochEnd(0, Map.of());
            }
        } finally {
            lanes.release(lane, parameters);
            forget(x);
            forget(result);
        }
        return result;
    }

    private void predictOn(List<Layer> layers, INDArray x, int batchSize, INDArray result, ProgbarLogger progress) {
        long m = x.size(0);
        if (m <= batchSize) {
            model.ops().copy(TrainingStep.forward(layers, x, false, true), result);
            if (progress != null) {
                progress.onTrainBatchEnd(0, Map.of());
            }
            return;
        }
        for (long from = 0; from < m; from += batchSize) {
            long to = Math.min(m, from + batchSize);
            INDArray rows = Utils.rows(x, from, to);
            INDArray out = Utils.rows(result, from, to);
            model.ops().copy(TrainingStep.forward(layers, rows, false, true), out);
            forget(rows);
            forget(out);
            if (progress != null) {
                progress.onTrainBatchEnd(0, Map.of());
            }
        }
    }

    /**
     * Drops this thread's wrapper of a caller's array, so that the model keeps no reference to data it was given,
     * whatever other threads are doing meanwhile.
     */
    private void forget(INDArray a) {
        if (model.ops() instanceof HostOps host) {
            host.forget(a);
        }
    }

    /** The loss of one batch and ∂L/∂θ in the parameters' gradients, in training mode, without an update. */
    public double computeGradients(INDArray x, INDArray y) {
        requireCompiled("computeGradients");
        x = inputs.features(x, "x");
        y = inputs.targets(y, x, "y");
        try {
            return step.computeGradients(new TrainingStep.Batch(x, y, step.gradOutput((int) x.size(0))));
        } finally {
            step.forgetViews();
        }
    }

    /** Fills {@code logs} with the running loss and metrics; batch after batch the same map is refilled. */
    Map<String, Double> epochLogs(double meanLoss, Map<String, Double> logs) {
        logs.put("loss", meanLoss);
        List<Metric> metrics = model.metrics();
        for (int i = 0; i < metrics.size(); i++) {
            logs.put(metrics.get(i).name(), metrics.get(i).result());
        }
        return logs;
    }

    /** The shuffle of epoch {@code e} depends only on the seed and e, so resumed training reshuffles identically. */
    long epochSeed(int epoch) {
        return model.seed() * 0x9E3779B97F4A7C15L + 31L * epoch + 17;
    }

    static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private void requireCompiled(String method) {
        if (model.objective() == null) {
            throw new IllegalStateException("Sequential." + method + ": the model is not compiled; call compile("
                    + "optimizer, loss, metrics...) first");
        }
    }

    private void warnIfSingleClass(INDArray valY) {
        INDArray ids = valY.size(1) == 1 ? valY : valY.argMax(1);
        if (ids.length() > 1 && ids.minNumber().doubleValue() == ids.maxNumber().doubleValue()) {
            log.warn("The validation split (the last {} samples, taken before shuffling) holds a single class ({}). "
                    + "If the data is sorted by class, shuffle it before calling fit.", ids.length(),
                    ids.getDouble(0));
        }
    }
}
