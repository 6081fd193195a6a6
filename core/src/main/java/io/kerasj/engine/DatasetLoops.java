package io.kerasj.engine;

import io.kerasj.callbacks.ProgbarLogger;
import io.kerasj.core.Callback;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Metric;
import io.kerasj.core.Sequential;
import io.kerasj.core.Utils;
import io.kerasj.data.Dataset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loops of {@code fit}, {@code evaluate} and {@code predict} over a {@link Dataset}, and of {@code fit} with
 * {@code stepsPerEpoch}: epochs of a given number of batches that read on where the previous one stopped, as
 * Keras's {@code EpochIterator} does. A dataset's batches are read by a {@link Prefetcher}; arrays are batched on
 * the training thread, as in the array loop of {@link Trainer}, which stays as it is for its speed.
 */
final class DatasetLoops {

    private static final Logger log = LoggerFactory.getLogger(DatasetLoops.class);

    /** One pass of training batches, checked and in the model's type; {@link #next()} gives null at its end. */
    private interface Batches extends AutoCloseable {
        TrainingStep.Batch next();

        @Override void close();
    }

    /**
     * Where validation comes from: arrays (with sample weights, or null) in batches of a size, checked or to be
     * checked once; or a dataset.
     */
    private record Validation(INDArray x, INDArray y, INDArray weights, int batchSize, Dataset data, boolean checked) {}

    private final Sequential model;
    private final Trainer trainer;
    private final TrainingStep step;
    private final Inputs inputs;

    DatasetLoops(Sequential model, Trainer trainer, TrainingStep step, Inputs inputs) {
        this.model = model;
        this.trainer = trainer;
        this.step = step;
        this.inputs = inputs;
    }

    /** {@code fit} on a batched dataset; validation from a dataset or arrays. */
    History fit(Dataset data, FitOptions options) {
        requireBatched(data, "fit");
        if (options.validationSplit() != 0) {
            throw new IllegalArgumentException("fit: validationSplit is only for arrays; with a Dataset, pass "
                    + "validationData. Received: validationSplit=" + options.validationSplit());
        }
        if (options.sampleWeight() != null || options.validationSampleWeight() != null) {
            throw new IllegalArgumentException("fit: sampleWeight is for arrays; with a Dataset, weight by class with "
                    + "classWeight (Keras refuses sample_weight with a dataset too)");
        }
        if (data.cardinality() == Dataset.INFINITE && options.stepsPerEpoch() == 0) {
            throw new IllegalArgumentException("fit: the dataset repeats without end; give stepsPerEpoch to say how "
                    + "many batches make an epoch");
        }
        Validation validation = null;
        if (options.validationDataset() != null) {
            requireBatched(options.validationDataset(), "fit: validationData");
            if (options.validationDataset().cardinality() == Dataset.INFINITE) {
                throw new IllegalArgumentException("fit: the validation dataset repeats without end; validation reads "
                        + "one whole pass");
            }
            validation = new Validation(null, null, null, 0, options.validationDataset(), true);
        } else if (options.validationX() != null || options.validationY() != null) {
            if (options.validationX() == null || options.validationY() == null) {
                throw new IllegalArgumentException("fit: validationData needs both x and y");
            }
            // Checked at the first validation: the model may be built only by the first training batch.
            validation = new Validation(options.validationX(), options.validationY(), null,
                    validationBatchSize(options), null, false);
        }
        long known = data.cardinality() >= 0 ? data.cardinality() : -1;
        Map<Integer, Double> classWeight = options.classWeight();
        return loop(pass -> datasetBatches(data, pass, true, classWeight, "fit: dataset"), known, validation, options,
                true);
    }

    /**
     * {@code fit} on checked arrays with {@code stepsPerEpoch}: batches of {@code batchSize}, reshuffled at each new
     * pass over the arrays, as Keras's array adapter does; {@code weights} and {@code valWeights} may be null.
     */
    History fitArrays(INDArray x, INDArray y, INDArray weights, INDArray valX, INDArray valY, INDArray valWeights,
            FitOptions options) {
        int m = (int) x.size(0);
        int batchSize = Math.min(options.batchSize(), m);
        int steps = (m + batchSize - 1) / batchSize;
        boolean gather = options.shuffle() && steps > 1;
        Validation validation = valX == null ? null
                : new Validation(valX, valY, valWeights, validationBatchSize(options), null, true);
        try (BlasThreads threads = new BlasThreads(model.ops(), batchSize, step.chunkCount(batchSize, x) > 1)) {
            return loop(pass -> arrayBatches(x, y, weights, batchSize, gather, pass), steps, validation, options,
                    false);
        }
    }

    /**
     * The epochs. With {@code stepsPerEpoch}, a pass is kept from epoch to epoch and a new one opened when it ends;
     * without, every epoch is one pass. {@code known} is the number of batches in a pass, or −1 until the first
     * pass ends. {@code setThreads}: whether to set the BLAS threads from the first batch (else the caller has).
     */
    private History loop(LongFunction<Batches> passes, long known, Validation validation, FitOptions options,
            boolean setThreads) {
        long stepsPerEpoch = options.stepsPerEpoch();
        List<Callback> callbacks = trainer.callbacks(options, stepsPerEpoch > 0 ? stepsPerEpoch : Math.max(0, known));
        List<Metric> metrics = model.metrics();
        History history = new History();
        model.setStopTraining(false);
        Map<String, Double> logs = new LinkedHashMap<>();
        for (Callback c : callbacks) {
            c.onTrainBegin(logs);
        }
        Batches cursor = null;
        long seen = 0;
        long pass = options.initialEpoch();
        BlasThreads threads = null;
        try {
            for (int epoch = options.initialEpoch(); epoch < options.epochs() && !model.stopTraining(); epoch++) {
                for (Callback c : callbacks) {
                    c.onEpochBegin(epoch, Map.of());
                }
                boolean fresh = false;
                if (cursor == null || stepsPerEpoch == 0) {
                    close(cursor);
                    cursor = passes.apply(pass++);
                    seen = 0;
                    fresh = true;
                }
                metrics.forEach(Metric::reset);
                double lossSum = 0;
                long rows = 0;
                logs = new LinkedHashMap<>();
                long limit = stepsPerEpoch > 0 ? stepsPerEpoch : Long.MAX_VALUE;
                boolean ranOut = false;
                long s = 0;
                for (; s < limit; s++) {
                    if (known >= 0 && seen >= known) {
                        ranOut = true;
                        break;
                    }
                    TrainingStep.Batch batch = cursor.next();
                    if (batch == null && s == 0 && !fresh) {
                        // The kept pass ended exactly with the last epoch: this one starts the next pass.
                        known = known < 0 ? seen : known;
                        cursor.close();
                        cursor = passes.apply(pass++);
                        seen = 0;
                        fresh = true;
                        batch = cursor.next();
                    }
                    if (batch == null) {
                        if (seen == 0) {
                            throw new IllegalArgumentException("fit: the dataset gave no batch in epoch " + (epoch + 1)
                                    + "; it is empty");
                        }
                        // As Keras: running out is how the length of data of unknown length is learnt.
                        known = known < 0 ? seen : known;
                        ranOut = true;
                        break;
                    }
                    if (setThreads && threads == null) {
                        // Set once the model is built, which the first batch may have done.
                        long size = batch.x().size(0);
                        threads = new BlasThreads(model.ops(), (int) Math.min(Integer.MAX_VALUE, size),
                                step.chunkCount(size, batch.x()) > 1);
                    }
                    int index = (int) Math.min(Integer.MAX_VALUE, s);
                    for (int c = 0; c < callbacks.size(); c++) {
                        callbacks.get(c).onTrainBatchBegin(index, Map.of());
                    }
                    long size = batch.x().size(0);
                    double batchLoss = step.train(batch);
                    seen++;
                    // Keras reports the batch-size-weighted mean of the batch losses.
                    lossSum += batchLoss * size;
                    rows += size;
                    logs = trainer.epochLogs(lossSum / rows, logs);
                    for (int c = 0; c < callbacks.size(); c++) {
                        callbacks.get(c).onTrainBatchEnd(index, logs);
                    }
                    if (model.stopTraining()) {
                        break;
                    }
                }
                if (ranOut || (known >= 0 && seen >= known)) {
                    if (ranOut && stepsPerEpoch > 0 && !model.stopTraining()) {
                        log.warn("Your input ran out of data in epoch {}: interrupting the epoch after {} of "
                                + "stepsPerEpoch={} batches; the next epoch starts a new pass. Make sure the data can "
                                + "give stepsPerEpoch * epochs batches (Dataset.repeat()).", epoch + 1,
                                s, stepsPerEpoch);
                    }
                    cursor.close();
                    cursor = null;
                }
                if (validation != null && (epoch + 1) % options.validationFreq() == 0) {
                    if (!validation.checked()) {
                        INDArray x = inputs.features(validation.x(), "validationData x");
                        validation = new Validation(x, inputs.targets(validation.y(), x, "validationData y"), null,
                                validation.batchSize(), null, true);
                    }
                    Map<String, Double> val = validate(validation, epoch);
                    logs = Trainer.withValidation(logs, val);
                }
                for (Callback c : callbacks) {
                    c.onEpochEnd(epoch, logs);
                }
                history.append(epoch, logs);
            }
        } finally {
            close(cursor);
            if (threads != null) {
                threads.close();
            }
            step.forgetViews();
        }
        for (Callback c : callbacks) {
            c.onTrainEnd(logs);
        }
        return history;
    }

    private Map<String, Double> validate(Validation validation, int epoch) {
        if (validation.data() != null) {
            return evaluate(validation.data(), 0, epoch, "fit: validation dataset");
        }
        return trainer.evaluateChecked(validation.x(), validation.y(), validation.weights(), validation.batchSize());
    }

    /** {@code evaluate} on a batched dataset: the loss and metrics over one pass, in inference mode. */
    Map<String, Double> evaluate(Dataset data, int verbose) {
        requireBatched(data, "evaluate");
        try {
            return evaluate(data, verbose, 0, "evaluate: dataset");
        } finally {
            step.forgetViews();
        }
    }

    private Map<String, Double> evaluate(Dataset data, int verbose, long pass, String what) {
        if (data.cardinality() == Dataset.INFINITE) {
            throw new IllegalArgumentException(what.substring(0, what.indexOf(':')) + ": the dataset repeats without "
                    + "end; evaluation reads one whole pass");
        }
        List<Metric> metrics = model.metrics();
        metrics.forEach(Metric::reset);
        ProgbarLogger progress = progress(data.cardinality(), verbose);
        double lossSum = 0;
        long rows = 0;
        Map<String, Double> logs = new LinkedHashMap<>();
        try (Batches batches = datasetBatches(data, pass, true, null, what)) {
            for (TrainingStep.Batch batch = batches.next(); batch != null; batch = batches.next()) {
                long size = batch.x().size(0);
                lossSum += trainer.testBatch(batch.x(), batch.y(), null) * size;
                rows += size;
                if (progress != null) {
                    progress.onTrainBatchEnd(0, trainer.epochLogs(lossSum / rows, logs));
                }
            }
        }
        if (rows == 0) {
            throw new IllegalArgumentException(what + " gave no batch; it is empty");
        }
        logs = trainer.epochLogs(lossSum / rows, logs);
        if (progress != null) {
            progress.onEpochEnd(0, logs);
        }
        return logs;
    }

    /** {@code predict} on a batched dataset: the outputs of every batch, in order, as one array. */
    INDArray predict(Dataset data, int verbose) {
        requireBatched(data, "predict");
        if (data.cardinality() == Dataset.INFINITE) {
            throw new IllegalArgumentException("predict: the dataset repeats without end; predict reads one pass");
        }
        ProgbarLogger progress = progress(data.cardinality(), verbose);
        List<INDArray> outputs = new ArrayList<>();
        try (Batches batches = datasetBatches(data, 0, false, null, "predict: dataset")) {
            for (TrainingStep.Batch batch = batches.next(); batch != null; batch = batches.next()) {
                // Copied: the forward pass writes the next batch's output into the same buffer.
                outputs.add(step.forward(batch.x(), false, true).dup());
                if (progress != null) {
                    progress.onTrainBatchEnd(0, Map.of());
                }
            }
        } finally {
            step.forgetViews();
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("predict: the dataset gave no batch; it is empty");
        }
        if (progress != null) {
            progress.onEpochEnd(0, Map.of());
        }
        return outputs.size() == 1 ? outputs.get(0) : Nd4j.concat(0, outputs.toArray(new INDArray[0]));
    }

    /** A progress line for one pass of {@code steps} batches (unknown if negative), or null when silent. */
    static ProgbarLogger progress(long steps, int verbose) {
        if (verbose <= 0) {
            return null;
        }
        ProgbarLogger progress = new ProgbarLogger(System.out, Math.max(0, steps), verbose, Trainer.terminal());
        progress.onEpochBegin(0, Map.of());
        return progress;
    }

    /**
     * Pass {@code pass} of a dataset, read ahead on the prefetch thread, each batch checked as fit's arrays are and
     * weighted by {@code classWeight} unless it is null.
     */
    private Batches datasetBatches(Dataset data, long pass, boolean targets, Map<Integer, Double> classWeight,
            String what) {
        Prefetcher prefetcher = new Prefetcher(data.open(model.dataType(), model.seed(), pass));
        return new Batches() {
            long index;

            @Override public TrainingStep.Batch next() {
                if (!prefetcher.hasNext()) {
                    return null;
                }
                Dataset.Batch batch = prefetcher.next();
                String name = what + " batch " + index++;
                INDArray x = inputs.features(batch.x(), name + " x");
                if (!targets) {
                    return new TrainingStep.Batch(x, null, null);
                }
                if (batch.y() == null) {
                    throw new IllegalArgumentException(name + " has no targets; " + what.substring(0, what.indexOf(':'))
                            + " needs batches of (x, y)");
                }
                INDArray y = inputs.targets(batch.y(), x, name + " y");
                return new TrainingStep.Batch(x, y, step.gradOutput((int) x.size(0)),
                        classWeight == null ? null : inputs.classWeights(classWeight, y));
            }

            @Override public void close() {
                prefetcher.close();
            }
        };
    }

    /**
     * Pass {@code pass} over arrays in batches, shuffled by the model's seed and the pass when {@code gather}, with
     * their rows of {@code weights} unless it is null.
     */
    private Batches arrayBatches(INDArray x, INDArray y, INDArray weights, int batchSize, boolean gather, long pass) {
        int m = (int) x.size(0);
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        if (gather) {
            Trainer.shuffle(order, new Random(trainer.epochSeed((int) pass)));
        }
        Map<Integer, INDArray> gatheredWeights = new HashMap<>();
        return new Batches() {
            int from;

            @Override public TrainingStep.Batch next() {
                if (from >= m) {
                    return null;
                }
                int size = Math.min(batchSize, m - from);
                TrainingStep.Batch batch;
                if (gather) {
                    batch = step.gatherBuffers(size, x, y);
                    model.ops().gatherRows(x, order, from, size, batch.x());
                    model.ops().gatherRows(y, order, from, size, batch.y());
                    if (weights != null) {
                        INDArray w = gatheredWeights.computeIfAbsent(size, rows -> Nd4j.create(model.dataType(), rows, 1));
                        model.ops().gatherRows(weights, order, from, size, w);
                        batch = batch.weighted(w);
                    }
                } else {
                    batch = step.inPlace(x, y, from, size);
                    if (weights != null) {
                        batch = batch.weighted(size == m ? weights : Utils.rows(weights, from, from + size));
                    }
                }
                from += size;
                return batch;
            }

            @Override public void close() {}
        };
    }

    private static int validationBatchSize(FitOptions options) {
        return options.validationBatchSize() > 0 ? options.validationBatchSize() : options.batchSize();
    }

    private static void requireBatched(Dataset data, String method) {
        if (data == null) {
            throw new IllegalArgumentException(method + ": the dataset is null");
        }
        if (!data.isBatched()) {
            throw new IllegalArgumentException(method + ": the dataset gives single samples; call batch(batchSize) on "
                    + "it first (as tf.data needs), e.g. dataset.shuffle(1000).batch(32)");
        }
    }

    private static void close(Batches batches) {
        if (batches != null) {
            batches.close();
        }
    }
}
