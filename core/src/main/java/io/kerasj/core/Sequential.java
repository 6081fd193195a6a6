package io.kerasj.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A linear stack of layers, trained with Keras's workflow: {@code add} layers, {@code compile} with an
 * optimizer, a loss and metrics, then {@code fit}, {@code evaluate} and {@code predict}.
 *
 * <pre>{@code
 * Sequential model = new Sequential(
 *         new Dense(12, Activation.RELU, Initializer.HE_UNIFORM).inputDim(2),
 *         new Dense(4, Activation.SOFTMAX));
 * model.compile(new Adam(1e-3), new CategoricalCrossentropy(), "accuracy");
 * History history = model.fit(x, Utils.toCategorical(labels, 4), new FitOptions().epochs(30).batchSize(5));
 * }</pre>
 *
 * <p>All weights live in one flat buffer and their gradients in another ({@link Parameters}); layers see
 * views. A training step reuses its batch, activation and gradient buffers from step to step.
 *
 * <p>Data type: float32 by default; {@code new Sequential(DataType.DOUBLE, ...)} runs a whole model in
 * float64 (inputs are converted). One seed ({@link #setSeed}) drives initialisation and shuffling, so the
 * same seed gives bit-identical weights and history on the same machine. Without one, a random seed is
 * drawn, as Keras does.
 */
public final class Sequential {

    private static final Logger log = LoggerFactory.getLogger(Sequential.class);
    private static final int DEFAULT_BATCH_SIZE = 32;

    private final DataType dataType;
    private final List<Layer> layers = new ArrayList<>();
    private long seed = new Random().nextLong();
    private Parameters parameters;

    private Objective objective;
    private Loss loss;
    private Optimizer optimizer;
    private final List<Metric> metrics = new ArrayList<>();

    private volatile boolean stopTraining;
    /** The training step and the buffers it reuses from step to step and from fit to fit. */
    private final TrainingStep trainingStep = new TrainingStep(this, layers, metrics);
    /** A float32 model of these layers. */
    public Sequential(Layer... layers) {
        this(DataType.FLOAT, layers);
    }

    /** A float32 model of these layers. */
    public Sequential(List<? extends Layer> layers) {
        this(DataType.FLOAT, layers.toArray(new Layer[0]));
    }

    /** A model of these layers computing in {@code dataType} (FLOAT or DOUBLE). */
    public Sequential(DataType dataType, Layer... layers) {
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("Sequential: dataType must be FLOAT or DOUBLE. Received: " + dataType);
        }
        this.dataType = dataType;
        for (Layer layer : layers) {
            add(layer);
        }
    }

    /** Appends a layer; its default name is its type in snake case, numbered from the second ("dense_1"). */
    public Sequential add(Layer layer) {
        if (parameters != null) {
            throw new IllegalStateException("Sequential: cannot add layer after the model was built");
        }
        Set<String> taken = new HashSet<>();
        layers.forEach(l -> taken.add(l.name()));
        if (layer.name() == null) {
            String base = layer.typeName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
            String name = base;
            for (int i = 1; taken.contains(name); i++) {
                name = base + "_" + i;
            }
            layer.setName(name);
        } else if (taken.contains(layer.name())) {
            throw new IllegalArgumentException("Sequential: a layer named \"" + layer.name() + "\" is already in the model");
        }
        layers.add(layer);
        return this;
    }

    /** Sets the seed of initialisation, shuffling and splits; call before the model is built to affect weights. */
    public Sequential setSeed(long seed) {
        this.seed = seed;
        return this;
    }

    public long seed() {
        return seed;
    }

    public DataType dataType() {
        return dataType;
    }

    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    /** The layer with this name. */
    public Layer getLayer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("Sequential: no layer named \"" + name + "\"; layers are "
                        + layers.stream().map(Layer::name).toList()));
    }

    public boolean isBuilt() {
        return parameters != null;
    }

    /** Creates the weights for inputs of width {@code inputWidth} (the first fit or predict does this for you). */
    public void build(int inputWidth) {
        if (layers.isEmpty()) {
            throw new IllegalStateException("Sequential: the model has no layers; add one before building");
        }
        if (parameters != null) {
            checkInputWidth(inputWidth);
            return;
        }
        int declared = layers.get(0).declaredInputWidth();
        if (declared > 0 && declared != inputWidth) {
            throw inputWidthError(declared, "[?, " + inputWidth + "]");
        }
        if (inputWidth <= 0) {
            throw new IllegalArgumentException("Sequential: input width must be > 0. Received: " + inputWidth);
        }
        List<long[]> shapes = new ArrayList<>();
        int width = inputWidth;
        for (Layer layer : layers) {
            int layerDeclared = layer.declaredInputWidth();
            if (layerDeclared > 0 && layerDeclared != width) {
                throw new IllegalArgumentException("Layer \"" + layer.name() + "\": declared input width "
                        + layerDeclared + " but the previous layer outputs " + width);
            }
            layer.setDataType(dataType);
            layer.build(width);
            shapes.addAll(layer.weightShapes());
            width = layer.outputWidth();
        }
        long total = shapes.stream().mapToLong(s -> Arrays.stream(s).reduce(1, (a, b) -> a * b)).sum();
        INDArray values = Nd4j.zeros(dataType, total);
        INDArray gradients = Nd4j.zeros(dataType, total);
        List<List<INDArray>> weightsByLayer = viewsByLayer(values, layers);
        List<List<INDArray>> gradientsByLayer = viewsByLayer(gradients, layers);
        List<INDArray> valueViews = new ArrayList<>();
        List<INDArray> gradientViews = new ArrayList<>();
        Random random = new Random(seed);
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            layer.bind(weightsByLayer.get(i), gradientsByLayer.get(i));
            layer.initialize(random);
            valueViews.addAll(weightsByLayer.get(i));
            gradientViews.addAll(gradientsByLayer.get(i));
        }
        parameters = new Parameters(values, gradients, List.copyOf(valueViews), List.copyOf(gradientViews));
    }

    /**
     * The views of a flat buffer laid out as {@link Parameters}, one list per layer: each layer's weights in the
     * shapes and order of its {@link Layer#weightShapes()}, layer after layer.
     */
    static List<List<INDArray>> viewsByLayer(INDArray flat, List<Layer> layers) {
        List<List<INDArray>> views = new ArrayList<>();
        long offset = 0;
        for (Layer layer : layers) {
            List<INDArray> own = new ArrayList<>();
            for (long[] shape : layer.weightShapes()) {
                long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
                own.add(flat.get(NDArrayIndex.interval(offset, offset + n)).reshape('c', shape));
                offset += n;
            }
            views.add(own);
        }
        return views;
    }

    /** The flat weights and gradients; null before the model is built. */
    public Parameters parameters() {
        return parameters;
    }

    // ---------------------------------------------------------------- compile

    /** Configures training, as Keras's {@code compile}; metrics by name ("accuracy", ...). */
    public void compile(Optimizer optimizer, Loss loss, String... metrics) {
        if (optimizer == null || loss == null) {
            throw new IllegalArgumentException("Sequential.compile: optimizer and loss are required");
        }
        if (layers.isEmpty()) {
            throw new IllegalStateException("Sequential.compile: the model has no layers");
        }
        List<Metric> resolved = new ArrayList<>();
        for (String name : metrics) {
            resolved.add(Metric.get(name));
        }
        // Decided once, here, so every fit and evaluate uses the same path (and a bad pairing fails now).
        this.objective = Objective.of(outputLayer().activation(), loss);
        this.loss = loss;
        this.optimizer = optimizer;
        this.metrics.clear();
        this.metrics.addAll(resolved);
    }

    /** Compile with an optimizer and a loss given by Keras name: {@code compile("adam", "mse")}. */
    public void compile(String optimizer, String loss, String... metrics) {
        compile(Catalog.optimizer(optimizer), Catalog.loss(loss), metrics);
    }

    public void compile(Optimizer optimizer, String loss, String... metrics) {
        compile(optimizer, Catalog.loss(loss), metrics);
    }

    public void compile(String optimizer, Loss loss, String... metrics) {
        compile(Catalog.optimizer(optimizer), loss, metrics);
    }

    public Loss loss() {
        return loss;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** How training computes the loss: directly on the output, or fused on the output layer's logits. */
    public Objective objective() {
        return objective;
    }

    /** Names of the compiled metrics, in order. */
    public List<String> metricNames() {
        return metrics.stream().map(Metric::name).toList();
    }

    // ---------------------------------------------------------------- fit

    /** Trains for {@code epochs} epochs in batches of {@code batchSize}, with Keras's other defaults. */
    public History fit(INDArray x, INDArray y, int epochs, int batchSize) {
        return fit(x, y, new FitOptions().epochs(epochs).batchSize(batchSize));
    }

    /** Trains on rows of features and integer class ids (for the sparse losses). */
    public History fit(double[][] x, int[] y, FitOptions options) {
        return fit(Utils.tensor(x, dataType), Utils.labels(y), options);
    }

    /** Trains on rows of features and integer class ids (for the sparse losses). */
    public History fit(float[][] x, int[] y, FitOptions options) {
        return fit(Utils.tensor(x), Utils.labels(y), options);
    }

    /** Trains on rows of features and rows of targets (one-hot, or regression targets). */
    public History fit(double[][] x, double[][] y, FitOptions options) {
        return fit(Utils.tensor(x, dataType), Utils.tensor(y, dataType), options);
    }

    /**
     * Trains the model, as Keras's {@code fit}: see {@link FitOptions} for the options and defaults.
     *
     * @param x features [m, inputWidth]
     * @param y targets, in the form the loss reads
     * @return per-epoch loss and metrics, with "val_" entries when there is validation data
     */
    public History fit(INDArray x, INDArray y, FitOptions options) {
        requireCompiled("fit");
        if (options.epochs < 0 || options.initialEpoch < 0) {
            throw new IllegalArgumentException("fit: epochs and initialEpoch must be >= 0. Received: epochs="
                    + options.epochs + ", initialEpoch=" + options.initialEpoch);
        }
        if (options.batchSize <= 0) {
            throw new IllegalArgumentException("fit: batchSize must be > 0. Received: batchSize=" + options.batchSize);
        }
        if (!(options.validationSplit >= 0 && options.validationSplit < 1)) {
            throw new IllegalArgumentException("fit: validationSplit must be in [0, 1). Received: validationSplit="
                    + options.validationSplit);
        }
        x = features(x, "x");
        y = targets(y, x, "y");

        INDArray trainX = x;
        INDArray trainY = y;
        INDArray valX = null;
        INDArray valY = null;
        if (options.validationX != null || options.validationY != null) {
            if (options.validationX == null || options.validationY == null) {
                throw new IllegalArgumentException("fit: validationData needs both x and y");
            }
            valX = features(options.validationX, "validationData x");
            valY = targets(options.validationY, valX, "validationData y");
        } else if (options.validationSplit > 0) {
            // Keras's semantics: the last fraction of the samples as given, before any shuffling.
            long m = x.rows();
            long split = (long) Math.floor(m * (1.0 - options.validationSplit));
            if (split <= 0 || split >= m) {
                throw new IllegalArgumentException("fit: validationSplit=" + options.validationSplit + " of "
                        + m + " samples leaves " + split + " for training and " + (m - split)
                        + " for validation; both need at least one");
            }
            trainX = rowsView(x, 0, split);
            trainY = rowsView(y, 0, split);
            valX = rowsView(x, split, m);
            valY = rowsView(y, split, m);
            if (loss.link() != null) {
                warnIfSingleClass(valY);
            }
        }

        int m = (int) trainX.rows();
        int batchSize = Math.min(options.batchSize, m);
        int steps = (m + batchSize - 1) / batchSize;
        // As Keras: the user's callbacks in their order, then the progress line, which so shows what they added.
        List<Callback> callbacks = new ArrayList<>(options.callbacks);
        if (options.verbose > 0) {
            callbacks.add(new ProgressLogger(System.out, options.epochs, steps, options.verbose,
                    System.console() != null));
        }
        callbacks.forEach(c -> c.setModel(this));

        History history = new History();
        stopTraining = false;
        Map<String, Double> logs = new LinkedHashMap<>();
        for (Callback c : callbacks) {
            c.onTrainBegin(logs);
        }
        // When one batch holds every row, shuffling would only reorder the terms of its sums: its rows are read in
        // place, which spares full-batch training a copy of the whole data set every epoch.
        boolean gather = options.shuffle && steps > 1;
        try (BlasThreads threads = new BlasThreads(batchSize, TrainingStep.chunkCount(batchSize, trainX) > 1)) {
            int[] order = new int[m];
            Matrix sourceX = Matrix.of(trainX);
            Matrix sourceY = Matrix.of(trainY);
            for (int epoch = options.initialEpoch; epoch < options.epochs && !stopTraining; epoch++) {
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
                for (int step = 0; step < steps; step++) {
                    int from = step * batchSize;
                    int size = Math.min(batchSize, m - from);
                    // Indexed loops in the step: an iterator would be an allocation per step.
                    for (int c = 0; c < callbacks.size(); c++) {
                        callbacks.get(c).onTrainBatchBegin(step, Map.of());
                    }
                    TrainingStep.Batch batch;
                    if (gather) {
                        batch = trainingStep.gatherBuffers(size, trainX, trainY);
                        Kernels.gatherRows(sourceX, order, from, size, batch.gatherX());
                        Kernels.gatherRows(sourceY, order, from, size, batch.gatherY());
                    } else {
                        // In order, a batch is a run of consecutive rows: read them in place instead of copying.
                        batch = trainingStep.inPlace(trainX, trainY, from, size);
                    }
                    double batchLoss = trainingStep.train(batch);
                    // Keras reports the batch-size-weighted mean of the batch losses.
                    lossSum += batchLoss * size;
                    logs = epochLogs(lossSum / (from + size), logs);
                    for (int c = 0; c < callbacks.size(); c++) {
                        callbacks.get(c).onTrainBatchEnd(step, logs);
                    }
                    if (stopTraining) {
                        // As Keras: a callback may stop training mid-epoch (TerminateOnNaN); the epoch still ends.
                        break;
                    }
                }
                if (valX != null) {
                    Map<String, Double> val = evaluate(valX, valY, DEFAULT_BATCH_SIZE);
                    Map<String, Double> merged = new LinkedHashMap<>(logs);
                    val.forEach((k, v) -> merged.put("val_" + k, v));
                    logs = merged;
                }
                for (Callback c : callbacks) {
                    c.onEpochEnd(epoch, logs);
                }
                // Recorded after the callbacks, which may add to the logs (Keras's History is the last of them).
                history.append(epoch, logs);
            }
        } finally {
            trainingStep.forgetViews();
        }
        for (Callback c : callbacks) {
            c.onTrainEnd(logs);
        }
        return history;
    }

    /**
     * Asks {@code fit} to stop (what Keras's {@code model.stop_training = True} does): set from a batch callback,
     * the current epoch ends after that batch; from an epoch callback, no further epoch starts.
     */
    public void setStopTraining(boolean stop) {
        this.stopTraining = stop;
    }

    public boolean stopTraining() {
        return stopTraining;
    }

    private Map<String, Double> epochLogs(double meanLoss) {
        return epochLogs(meanLoss, new LinkedHashMap<>());
    }

    /** Fills {@code logs} with the running loss and metrics; batch after batch the same map is refilled. */
    private Map<String, Double> epochLogs(double meanLoss, Map<String, Double> logs) {
        logs.put("loss", meanLoss);
        for (int i = 0; i < metrics.size(); i++) {
            logs.put(metrics.get(i).name(), metrics.get(i).result());
        }
        return logs;
    }

    /** The shuffle of epoch {@code e} depends only on the seed and e, so resumed training reshuffles identically. */
    private long epochSeed(int epoch) {
        return seed * 0x9E3779B97F4A7C15L + 31L * epoch + 17;
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /**
     * Computes the loss of one batch and its gradient with respect to every weight, without updating them
     * (what a custom training loop or {@link GradientCheck} needs). Gradients land in
     * {@link Parameters#gradients()}.
     */
    public double computeGradients(INDArray x, INDArray y) {
        requireCompiled("computeGradients");
        x = features(x, "x");
        y = targets(y, x, "y");
        try {
            return trainingStep.computeGradients(new TrainingStep.Batch(x, y, trainingStep.gradOutput((int) x.rows())));
        } finally {
            trainingStep.forgetViews();
        }
    }

    // ---------------------------------------------------------------- evaluate, predict

    /** The loss and metrics on (x, y), in batches of 32: {"loss": ..., "accuracy": ...}. */
    public Map<String, Double> evaluate(INDArray x, INDArray y) {
        return evaluate(x, y, DEFAULT_BATCH_SIZE);
    }

    /** The loss and metrics on (x, y), computed in batches of {@code batchSize}. */
    public Map<String, Double> evaluate(INDArray x, INDArray y, int batchSize) {
        requireCompiled("evaluate");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("evaluate: batchSize must be > 0. Received: batchSize=" + batchSize);
        }
        x = features(x, "x");
        y = targets(y, x, "y");
        metrics.forEach(Metric::reset);
        long m = x.rows();
        double lossSum = 0;
        for (long from = 0; from < m; from += batchSize) {
            long to = Math.min(m, from + batchSize);
            INDArray yBatch = rowsView(y, from, to);
            INDArray output = trainingStep.forward(rowsView(x, from, to), !objective.readsPreActivation());
            lossSum += trainingStep.loss(yBatch, output, null) * (to - from);
            for (Metric metric : metrics) {
                metric.update(yBatch, output);
            }
        }
        return epochLogs(lossSum / m);
    }

    /** What the output layer produces for x: probabilities after a softmax output, logits after a linear one. */
    public INDArray predict(INDArray x) {
        return predict(x, DEFAULT_BATCH_SIZE);
    }

    /** As {@link #predict(INDArray)}, computed in batches of {@code batchSize}. */
    public INDArray predict(INDArray x, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("predict: batchSize must be > 0. Received: batchSize=" + batchSize);
        }
        x = features(x, "x");
        long m = x.rows();
        INDArray result = Nd4j.create(dataType, m, outputLayer().outputWidth());
        for (long from = 0; from < m; from += batchSize) {
            long to = Math.min(m, from + batchSize);
            rowsView(result, from, to).assign(trainingStep.forward(rowsView(x, from, to), true));
        }
        return result;
    }

    /** Predicts on rows of features. */
    public INDArray predict(double[][] x) {
        return predict(Utils.tensor(x, dataType));
    }

    // ---------------------------------------------------------------- weights, summary

    /** Copies of every weight tensor in Keras order: per Dense, kernel [in, out] then bias [out]. */
    public List<INDArray> getWeights() {
        requireBuilt("getWeights");
        return parameters.valueViews().stream().map(INDArray::dup).toList();
    }

    /** Sets every weight from tensors in {@link #getWeights()} order and shapes. */
    public void setWeights(List<INDArray> weights) {
        requireBuilt("setWeights");
        List<INDArray> views = parameters.valueViews();
        if (weights.size() != views.size()) {
            throw new IllegalArgumentException("setWeights: the model has " + views.size()
                    + " weight tensors but " + weights.size() + " were given");
        }
        int index = 0;
        for (Layer layer : layers) {
            List<long[]> shapes = layer.weightShapes();
            for (int j = 0; j < shapes.size(); j++, index++) {
                INDArray given = weights.get(index);
                if (!Arrays.equals(given.shape(), shapes.get(j))) {
                    throw new IllegalArgumentException("setWeights: layer \"" + layer.name() + "\" weight " + j
                            + " expects shape " + Arrays.toString(shapes.get(j)) + ", got "
                            + Arrays.toString(given.shape()));
                }
            }
        }
        for (int i = 0; i < views.size(); i++) {
            views.get(i).assign(weights.get(i).castTo(dataType));
        }
    }

    /** Total number of weights (the model must be built). */
    public long countParams() {
        requireBuilt("countParams");
        return parameters.size();
    }

    /** Prints the Keras-style summary table to standard output. */
    public void summary() {
        System.out.print(summaryText());
    }

    /** The Keras-style summary: one row per layer with its output shape and parameter count, then totals. */
    public String summaryText() {
        StringBuilder s = new StringBuilder();
        String rule = "_".repeat(65) + "\n";
        String thick = "=".repeat(65) + "\n";
        s.append("Model: \"sequential\"\n").append(rule);
        s.append(String.format(Locale.ROOT, "%-29s%-25s%s%n", " Layer (type)", "Output Shape", "Param #"));
        s.append(thick);
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            long count = 0;
            if (parameters != null) {
                for (long[] shape : layer.weightShapes()) {
                    count += Arrays.stream(shape).reduce(1, (a, b) -> a * b);
                }
            }
            total += count;
            s.append(String.format(Locale.ROOT, "%-29s%-25s%s%n", " " + layer.name() + " (" + layer.typeName() + ")",
                    "(None, " + layer.outputWidth() + ")", parameters == null ? "?" : String.format(Locale.ROOT, "%,d", count)));
            s.append(i + 1 < layers.size() ? "\n" : "");
        }
        s.append(thick);
        String totals = parameters == null ? "? (build the model first)" : String.format(Locale.ROOT, "%,d", total);
        s.append("Total params: ").append(totals).append('\n');
        s.append("Trainable params: ").append(totals).append('\n');
        s.append("Non-trainable params: 0\n").append(rule);
        return s.toString();
    }

    // ---------------------------------------------------------------- save, load

    /**
     * Saves everything needed to resume training in one file: the architecture, the seed, the compile settings
     * (loss, optimizer hyper-parameters, metrics), the weights and the optimizer state (Adam's m, v and step
     * count; SGD's velocity). The file is a zip with a {@code config.json} and binary arrays (see
     * {@link ModelArchive} for the layout), written to a temporary file in the same directory and atomically
     * moved into place, so an interrupted save leaves any previous file intact. Keras's {@code model.save}.
     * A save killed mid-write leaves its temporary file behind; the next save to the same path deletes it.
     *
     * @throws IllegalStateException if the model is not built
     * @throws UnsupportedOperationException if a layer cannot describe itself ({@link Layer#config()})
     */
    public void save(Path path) throws IOException {
        ModelArchive.save(this, path, true);
    }

    /**
     * Saves the weights, with the architecture they belong to but without the compile settings and the optimizer
     * state, in the same format as {@link #save}. Keras's {@code save_weights}.
     */
    public void saveWeights(Path path) throws IOException {
        ModelArchive.save(this, path, false);
    }

    /**
     * Replaces this model's weights with those of a file written by {@link #saveWeights} or {@link #save}; the
     * file must describe as many layers with weights of exactly this model's shapes. An unbuilt model whose first
     * layer declares its input width is built first. The optimizer state is left as it is.
     *
     * @throws ModelFormatException naming the file and the problem
     */
    public void loadWeights(Path path) throws IOException {
        ModelArchive.loadWeights(this, path);
    }

    /**
     * Loads a model written by {@link #save}: built, with its weights, and compiled with its loss, metrics and an
     * optimizer in its saved state, so that {@code fit} continues exactly where the saved model stopped.
     * Only layer, loss and optimizer types registered in a {@link Catalog} can be created. Keras's
     * {@code load_model}.
     *
     * @throws ModelFormatException naming the file and the problem, for an empty, truncated, corrupted or foreign
     *                              file, an unsupported format version, an unknown type or inconsistent sizes
     */
    public static Sequential load(Path path) throws IOException {
        return ModelArchive.load(path, true);
    }

    /**
     * As {@link #load(Path)}; with {@code compile = false} the loss and optimizer are neither created nor needed
     * on the class path (loading for inference: {@code predict} works, {@code fit} needs a {@code compile}).
     */
    public static Sequential load(Path path, boolean compile) throws IOException {
        return ModelArchive.load(path, compile);
    }

    // ---------------------------------------------------------------- checks

    private Layer outputLayer() {
        return layers.get(layers.size() - 1);
    }

    private void requireCompiled(String method) {
        if (objective == null) {
            throw new IllegalStateException("Sequential." + method + ": the model is not compiled; call compile("
                    + "optimizer, loss, metrics...) first");
        }
    }

    private void requireBuilt(String method) {
        if (parameters == null) {
            throw new IllegalStateException("Sequential." + method + ": the model is not built yet; call build("
                    + "inputWidth), fit or predict first, or give the first layer an input width");
        }
    }

    private void checkInputWidth(long width) {
        int expected = layers.get(0).inputWidth();
        if (width != expected) {
            throw inputWidthError(expected, "[?, " + width + "]");
        }
    }

    private IllegalArgumentException inputWidthError(int expected, String actualShape) {
        return new IllegalArgumentException("Layer \"" + layers.get(0).name() + "\": expected input of width "
                + expected + ", got shape " + actualShape);
    }

    /** Validates features, builds the model on first use, and returns them in the model's type, c order. */
    private INDArray features(INDArray x, String what) {
        if (x == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (x.rank() != 2) {
            throw new IllegalArgumentException(what + ": expected a matrix [samples, features], got shape "
                    + Arrays.toString(x.shape()));
        }
        if (x.rows() == 0) {
            throw new IllegalArgumentException(what + ": no samples (shape " + Arrays.toString(x.shape()) + ")");
        }
        if (!x.dataType().isFPType()) {
            x = x.castTo(dataType);
        }
        if (parameters == null) {
            build((int) x.columns());
        } else if (x.columns() != layers.get(0).inputWidth()) {
            throw inputWidthError(layers.get(0).inputWidth(), Arrays.toString(x.shape()));
        }
        checkFinite(x, what);
        return usable(x) ? x : x.castTo(dataType).dup('c');
    }

    private INDArray targets(INDArray y, INDArray x, String what) {
        if (y == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (y.rank() == 0 || y.rank() > 2 || y.size(0) != x.rows()) {
            throw new IllegalArgumentException(what + ": x has " + x.rows() + " samples but y has shape "
                    + Arrays.toString(y.shape()) + "; they must have the same number of rows");
        }
        if (!y.dataType().isFPType()) {
            y = y.castTo(dataType);
        }
        checkFinite(y, what);
        objective.loss().checkTargets(y, outputLayer().outputWidth());
        if (y.rank() == 1) {
            y = y.reshape(y.length(), 1);
        }
        return usable(y) ? y : y.castTo(dataType).dup('c');
    }

    /** Whether the training step can read {@code a} in place: the model's type, rows contiguous in c order. */
    private boolean usable(INDArray a) {
        return a.dataType() == dataType && a.ordering() == 'c' && (a.columns() <= 1 || a.stride(1) == 1)
                && (a.rows() <= 1 || a.stride(0) == a.columns());
    }

    private static void checkFinite(INDArray a, String what) {
        // The Java pass reads MNIST's 47M inputs in ~23 ms; ND4J's reduction took ~100 ms of every fit.
        boolean finite = Matrix.accepts(a) ? Kernels.allFinite(Matrix.of(a))
                : !BooleanIndexing.or(a, Conditions.notFinite());
        if (!finite) {
            INDArray flat = a.reshape(a.length());
            for (long i = 0; i < flat.length(); i++) {
                double v = flat.getDouble(i);
                if (!Double.isFinite(v)) {
                    long row = a.rank() == 2 ? i / a.columns() : i;
                    throw new IllegalArgumentException(what + " contains " + v + " at row " + row
                            + (a.rank() == 2 ? ", column " + (i % a.columns()) : "")
                            + "; inputs and targets must be finite");
                }
            }
        }
    }

    private void warnIfSingleClass(INDArray valY) {
        INDArray ids = valY.columns() == 1 ? valY : valY.argMax(1);
        if (ids.length() > 1 && ids.minNumber().doubleValue() == ids.maxNumber().doubleValue()) {
            log.warn("The validation split (the last {} samples, taken before shuffling) holds a single class ({}). "
                    + "If the data is sorted by class, shuffle it before calling fit.", ids.length(),
                    ids.getDouble(0));
        }
    }

    /** Rows [from, to) of {@code a}, as a view. */
    static INDArray rowsView(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }
}
