package io.kerasj.core;

import io.kerasj.engine.Trainer;
import io.kerasj.ops.Ops;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.WeakHashMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

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
 * <p>The model holds the layers, their weights and the compile settings; the loops of {@code fit},
 * {@code evaluate} and {@code predict} are its {@link Trainer}'s. All trainable weights live in one flat buffer and
 * their gradients in another ({@link Parameters}); layers see views.
 *
 * <p>Data type: float32 by default; {@code new Sequential(DataType.DOUBLE, ...)} runs a whole model in
 * float64 (inputs are converted). One seed ({@link #setSeed}) drives initialisation and shuffling, so the
 * same seed gives bit-identical weights and history on the same machine. Without one, a random seed is
 * drawn, as Keras does. The engine ({@link Ops}) is chosen when the model is built: {@link Ops#forBackend()} unless
 * {@link #setOps} chose another.
 */
public final class Sequential {

    /** Layers that are in a model: a layer belongs to one (Keras refuses one layer in two Sequential models). */
    private static final Set<Layer> OWNED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private final DataType dataType;
    private final List<Layer> layers = new ArrayList<>();
    /** Read-only views handed out, made once: the training step asks for them in every step. */
    private final List<Layer> layersView = Collections.unmodifiableList(layers);
    /** The names taken, and per default name the next suffix to try, so that naming n layers takes O(n). */
    private final Set<String> names = new HashSet<>();
    private final Map<String, Integer> nextSuffix = new HashMap<>();
    private long seed = new Random().nextLong();
    private Ops ops;
    private Parameters parameters;

    private Objective objective;
    private Loss loss;
    private Optimizer optimizer;
    private final List<Metric> metrics = new ArrayList<>();
    private final List<Metric> metricsView = Collections.unmodifiableList(metrics);

    private volatile boolean stopTraining;
    /** The loops of fit, evaluate and predict, and the buffers they reuse from step to step and from fit to fit. */
    private final Trainer trainer = new Trainer(this);

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
        if (layers == null) {
            throw new IllegalArgumentException("Sequential: layers is null");
        }
        this.dataType = dataType;
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == null) {
                throw new IllegalArgumentException("Sequential: layer " + i + " of " + layers.length + " is null");
            }
            add(layers[i]);
        }
    }

    /** Appends a layer; its default name is its type in snake case, numbered from the second ("dense_1"). */
    public Sequential add(Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("Sequential.add: layer is null");
        }
        if (parameters != null) {
            throw new IllegalStateException("Sequential: cannot add layer after the model was built");
        }
        if (layer.name() != null && names.contains(layer.name())) {
            throw new IllegalArgumentException("Sequential: a layer named \"" + layer.name() + "\" is already in the model");
        }
        if (!OWNED.add(layer)) {
            throw new IllegalArgumentException("Sequential.add: layer \"" + layer.name() + "\" (" + layer.typeName()
                    + ") is already in a model, and a layer belongs to one: its weights are that model's. Create "
                    + "another layer of the same configuration for this model.");
        }
        if (layer.name() == null) {
            String base = layer.typeName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
            int suffix = nextSuffix.getOrDefault(base, 0);
            String name = suffix == 0 ? base : base + "_" + suffix;
            while (names.contains(name)) {
                name = base + "_" + ++suffix;
            }
            nextSuffix.put(base, suffix + 1);
            layer.setName(name);
        }
        names.add(layer.name());
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

    /**
     * Chooses the engine the model computes with ({@link Ops#host()} or {@link Ops#portable()}), before it is built;
     * by default {@link Ops#forBackend()}.
     */
    public Sequential setOps(Ops ops) {
        if (ops == null) {
            throw new IllegalArgumentException("Sequential.setOps: ops is null");
        }
        if (parameters != null) {
            throw new IllegalStateException("Sequential.setOps: the model is built; choose the engine before");
        }
        this.ops = ops;
        return this;
    }

    /** The engine: the one chosen with {@link #setOps}, or once built the one it was built with; else null. */
    public Ops ops() {
        return ops;
    }

    public DataType dataType() {
        return dataType;
    }

    /** The layers, in order (a read-only view). */
    public List<Layer> layers() {
        return layersView;
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

    /**
     * Creates the weights for inputs of this shape, without the batch axis ({@code build(784)}, {@code build(28, 28)});
     * the first fit or predict does this for you.
     */
    public void build(long... inputShape) {
        if (layers.isEmpty()) {
            throw new IllegalStateException("Sequential: the model has no layers; add one before building");
        }
        if (inputShape == null || inputShape.length == 0 || Arrays.stream(inputShape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("Sequential: the input shape must be one or more sizes > 0. Received: "
                    + (inputShape == null ? "null" : Arrays.toString(inputShape)));
        }
        if (parameters != null) {
            checkInputShape(inputShape, "(None, " + joined(inputShape) + ")");
            return;
        }
        long[] declared = layers.get(0).declaredInputShape();
        if (declared != null && !Arrays.equals(declared, inputShape)) {
            throw inputShapeError(declared, "(None, " + joined(inputShape) + ")");
        }
        Ops engine = ops != null ? ops : Ops.forBackend();
        parameters = Weights.build(layers, inputShape, dataType, engine, seed);
        ops = engine;
    }

    /** The flat weights and gradients; null before the model is built. */
    public Parameters parameters() {
        return parameters;
    }

    // ---------------------------------------------------------------- compile

    /** Configures training, as Keras's {@code compile}; metrics by name ("accuracy", ...). */
    public void compile(Optimizer optimizer, Loss loss, String... metrics) {
        if (optimizer == null || loss == null) {
            throw new IllegalArgumentException("Sequential.compile: optimizer and loss are required. Received: "
                    + "optimizer=" + optimizer + ", loss=" + loss);
        }
        if (layers.isEmpty()) {
            throw new IllegalStateException("Sequential.compile: the model has no layers");
        }
        List<Metric> resolved = new ArrayList<>();
        for (String name : metrics == null ? new String[0] : metrics) {
            resolved.add(Metric.get(name));
        }
        // Decided once, here, so every fit and evaluate uses the same path (and a bad pairing fails now).
        this.objective = Objective.of(outputLayer().activation(), loss);
        this.loss = loss;
        this.optimizer = optimizer;
        this.metrics.clear();
        this.metrics.addAll(resolved);
    }

    /**
     * As Keras's {@code compile(optimizer, loss, metrics=[...])}, with metrics given by name or as objects (a
     * {@link Metric} of your own, {@code PrecisionRecall.precision(0.3)}, ...):
     * {@code compile(new Adam(), new BinaryCrossentropy(), List.of("accuracy", PrecisionRecall.recall()))}.
     */
    public void compile(Optimizer optimizer, Loss loss, List<?> metrics) {
        if (metrics == null) {
            throw new IllegalArgumentException("Sequential.compile: metrics is null; pass List.of() for none");
        }
        List<Metric> resolved = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            Object metric = metrics.get(i);
            if (metric instanceof Metric m) {
                resolved.add(m);
            } else if (metric instanceof String name) {
                resolved.add(Metric.get(name));
            } else {
                throw new IllegalArgumentException("Sequential.compile: metric " + i + " must be a name or a Metric. "
                        + "Received: " + metric);
            }
        }
        compile(optimizer, loss);
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

    /**
     * Keras's {@code compile(loss=..., metrics=[...])} without an optimizer: RMSprop with Keras's defaults, as
     * Keras's default {@code optimizer="rmsprop"}. There is no {@code compile(String loss, ...)}: a first name is the
     * optimizer's, as in Keras's positional {@code compile("adam", "mse")}.
     */
    public void compile(Loss loss, String... metrics) {
        compile(Catalog.optimizer("rmsprop"), loss, metrics);
    }

    /** {@link #compile(Loss, String...)} with metrics by name or as objects. */
    public void compile(Loss loss, List<?> metrics) {
        compile(Catalog.optimizer("rmsprop"), loss, metrics);
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

    /** The compiled metrics, in order. */
    public List<Metric> metrics() {
        return metricsView;
    }

    /** Names of the compiled metrics, in order. */
    public List<String> metricNames() {
        return metrics.stream().map(Metric::name).toList();
    }

    // ---------------------------------------------------------------- fit, evaluate, predict

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
     * @param x features [m, inputShape...]
     * @param y targets, in the form the loss reads
     * @return per-epoch loss and metrics, with "val_" entries when there is validation data
     */
    public History fit(INDArray x, INDArray y, FitOptions options) {
        return trainer.fit(x, y, options);
    }

    /**
     * Trains on a batched {@link io.kerasj.data.Dataset}, read pass by pass on a prefetching thread, as Keras's
     * {@code fit(dataset)}: the dataset's own batching and shuffling apply, and validation comes from
     * {@link FitOptions#validationData(io.kerasj.data.Dataset)} (or arrays). With {@link FitOptions#stepsPerEpoch},
     * an epoch is that many batches and the next epoch reads on.
     */
    public History fit(io.kerasj.data.Dataset data, FitOptions options) {
        return trainer.fit(data, options);
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

    /**
     * Computes the loss of one batch and its gradient with respect to every trainable weight, without updating them
     * (what a custom training loop or {@link GradientCheck} needs), in training mode. Gradients land in
     * {@link Parameters#gradients()}.
     */
    public double computeGradients(INDArray x, INDArray y) {
        return trainer.computeGradients(x, y);
    }

    /** One optimizer step on (x, y) as one batch, as Keras's {@code train_on_batch}: that batch's loss and metrics. */
    public Map<String, Double> trainOnBatch(INDArray x, INDArray y) {
        return trainer.trainOnBatch(x, y, null);
    }

    /** As {@link #trainOnBatch(INDArray, INDArray)}, each sample's loss weighted by {@code sampleWeight} [m]. */
    public Map<String, Double> trainOnBatch(INDArray x, INDArray y, INDArray sampleWeight) {
        return trainer.trainOnBatch(x, y, sampleWeight);
    }

    /** The loss and metrics of (x, y) as one batch, in inference mode, as Keras's {@code test_on_batch}. */
    public Map<String, Double> testOnBatch(INDArray x, INDArray y) {
        return evaluate(x, y, (int) Math.max(1, Math.min(Integer.MAX_VALUE, x == null ? 1 : x.size(0))));
    }

    /** The output for x as one batch, in inference mode, as Keras's {@code predict_on_batch}. */
    public INDArray predictOnBatch(INDArray x) {
        return predict(x, (int) Math.max(1, Math.min(Integer.MAX_VALUE, x == null ? 1 : x.size(0))));
    }

    /** The loss and metrics on (x, y), in batches of 32: {"loss": ..., "accuracy": ...}. */
    public Map<String, Double> evaluate(INDArray x, INDArray y) {
        return evaluate(x, y, Trainer.DEFAULT_BATCH_SIZE);
    }

    /** The loss and metrics on (x, y), computed in batches of {@code batchSize}, in inference mode. */
    public Map<String, Double> evaluate(INDArray x, INDArray y, int batchSize) {
        return trainer.evaluate(x, y, batchSize, null);
    }

    /**
     * As {@link #evaluate(INDArray, INDArray, int)}, the loss weighted by {@code sampleWeight} [m] as in
     * {@link FitOptions#sampleWeight}; the metrics are not weighted, as Keras's {@code metrics}.
     */
    public Map<String, Double> evaluate(INDArray x, INDArray y, int batchSize, INDArray sampleWeight) {
        return trainer.evaluate(x, y, batchSize, sampleWeight);
    }

    /**
     * As Keras's {@code evaluate(x, y, batch_size, verbose)}: with verbose 1 (a line redrawn on a terminal) or 2
     * (printed at the end), the progress line of the pass. (Keras's default, "auto", is 1; our shorter overloads
     * are silent.)
     */
    public Map<String, Double> evaluate(INDArray x, INDArray y, int batchSize, int verbose) {
        return trainer.evaluate(x, y, batchSize, null, verbose);
    }

    /** The loss and metrics over one pass of a batched dataset of (x, y) batches, silently. */
    public Map<String, Double> evaluate(io.kerasj.data.Dataset data) {
        return evaluate(data, 0);
    }

    /** The loss and metrics over one pass of a batched dataset; verbose 1 or 2 print the progress line. */
    public Map<String, Double> evaluate(io.kerasj.data.Dataset data, int verbose) {
        return trainer.evaluate(data, verbose);
    }

    /** What the output layer produces for x: probabilities after a softmax output, logits after a linear one. */
    public INDArray predict(INDArray x) {
        return predict(x, Trainer.DEFAULT_BATCH_SIZE);
    }

    /** As {@link #predict(INDArray)}, computed in batches of {@code batchSize}, in inference mode. */
    public INDArray predict(INDArray x, int batchSize) {
        return trainer.predict(x, batchSize);
    }

    /** As Keras's {@code predict(x, batch_size, verbose)}: verbose 1 or 2 print the progress line of the pass. */
    public INDArray predict(INDArray x, int batchSize, int verbose) {
        return trainer.predict(x, batchSize, verbose);
    }

    /**
     * The outputs for one pass of a batched dataset, in its order, as one array (targets in its batches are
     * ignored), silently.
     */
    public INDArray predict(io.kerasj.data.Dataset data) {
        return predict(data, 0);
    }

    /** As {@link #predict(io.kerasj.data.Dataset)}; verbose 1 or 2 print the progress line. */
    public INDArray predict(io.kerasj.data.Dataset data, int verbose) {
        return trainer.predict(data, verbose);
    }

    /** Predicts on rows of features. */
    public INDArray predict(double[][] x) {
        return predict(Utils.tensor(x, dataType));
    }

    // ---------------------------------------------------------------- weights, summary

    /**
     * Copies of every weight tensor in Keras's order: layer by layer, each layer's trainable weights (Dense: kernel
     * [in, out], then bias [out]) and then its non-trainable ones.
     */
    public List<INDArray> getWeights() {
        requireBuilt("getWeights");
        return parameters.weights().stream().map(INDArray::dup).toList();
    }

    /** Sets every weight from tensors in {@link #getWeights()} order and shapes; they must be finite. */
    public void setWeights(List<INDArray> weights) {
        requireBuilt("setWeights");
        if (weights == null) {
            throw new IllegalArgumentException("setWeights: weights is null; expected a list of "
                    + parameters.weights().size() + " arrays, as getWeights() returns");
        }
        List<INDArray> views = parameters.weights();
        if (weights.size() != views.size()) {
            throw new IllegalArgumentException("setWeights: the model has " + views.size()
                    + " weight tensors but " + weights.size() + " were given");
        }
        int index = 0;
        for (Layer layer : layers) {
            List<long[]> shapes = new ArrayList<>(layer.weightShapes());
            shapes.addAll(layer.nonTrainableWeightShapes());
            for (int j = 0; j < shapes.size(); j++, index++) {
                INDArray given = weights.get(index);
                if (given == null) {
                    throw new IllegalArgumentException("setWeights: layer \"" + layer.name() + "\" weight " + j
                            + " (list index " + index + ") is null");
                }
                if (!Arrays.equals(given.shape(), shapes.get(j))) {
                    throw new IllegalArgumentException("setWeights: layer \"" + layer.name() + "\" weight " + j
                            + " expects shape " + Arrays.toString(shapes.get(j)) + ", got "
                            + Arrays.toString(given.shape()));
                }
                INDArray converted = given.castTo(dataType);
                if (!parameters.ops().allFinite(converted.dup('c'))) {
                    throw new IllegalArgumentException("setWeights: layer \"" + layer.name() + "\" weight " + j
                            + " holds NaN or infinite values" + (given.dataType() != dataType
                            ? " (after conversion to " + dataType + ")" : ""));
                }
            }
        }
        for (int i = 0; i < views.size(); i++) {
            views.get(i).assign(weights.get(i).castTo(dataType));
        }
    }

    /** Total number of weights, trainable and not (the model must be built). */
    public long countParams() {
        requireBuilt("countParams");
        return parameters.size() + parameters.nonTrainableSize();
    }

    /** Prints the Keras-style summary table to standard output. */
    public void summary() {
        System.out.print(summaryText());
    }

    /**
     * The Keras-style summary: one row per layer with its output shape and parameter count, then the totals, trainable
     * and not. As Keras, an {@code InputLayer} gets no row.
     */
    public String summaryText() {
        buildIfDeclared();
        return Weights.summary(layers, parameters);
    }

    /** As Keras: a model whose input shape is declared is built, its weights there to read, set and count. */
    private void buildIfDeclared() {
        if (parameters == null && !layers.isEmpty() && layers.get(0).declaredInputShape() != null) {
            build(layers.get(0).declaredInputShape());
        }
    }

    // ---------------------------------------------------------------- save, load

    /**
     * Saves everything needed to resume training in one file: the architecture, the seed, the compile settings
     * (loss, optimizer hyper-parameters, metrics), the weights and the optimizer state (Adam's m, v and step
     * count; SGD's velocity). The file is a zip with a {@code config.json} and binary arrays (see
     * {@link io.kerasj.saving.ModelArchive} for the layout), written to a temporary file in the same directory and
     * atomically moved into place, so an interrupted save leaves any previous file intact. Keras's {@code model.save}.
     * A save killed mid-write leaves its temporary file behind; the next save to the same path deletes it.
     *
     * <p>A path ending in {@code .keras} gets a Keras 3 {@code .keras} file instead, which Keras's
     * {@code keras.saving.load_model} reads (architecture, weights and compile config, without the optimizer state;
     * layers InputLayer, Dense, Dropout, Flatten, Activation and BatchNormalization; see docs/from-keras.md).
     *
     * @throws IllegalStateException if the model is not built
     * @throws UnsupportedOperationException if a layer cannot describe itself ({@link Layer#config()})
     * @throws IllegalArgumentException for a {@code .keras} path, if a layer or activation has no Keras form
     */
    public void save(Path path) throws IOException {
        io.kerasj.saving.ModelArchive.save(this, path, true);
    }

    /**
     * Saves the weights, with the architecture they belong to but without the compile settings and the optimizer
     * state, in the same format as {@link #save}. Keras's {@code save_weights}.
     */
    public void saveWeights(Path path) throws IOException {
        io.kerasj.saving.ModelArchive.save(this, path, false);
    }

    /**
     * Replaces this model's weights with those of a file written by {@link #saveWeights} or {@link #save}; the
     * file must describe as many layers with weights of exactly this model's shapes. An unbuilt model whose first
     * layer declares its input shape is built first. The optimizer state is left as it is.
     *
     * <p>Keras's weights files are read too, recognised by their content: a Keras 2 {@code save_weights} HDF5 file,
     * a Keras 3 {@code .weights.h5} or a {@code .keras} file, matched to this model's layers with weights in order.
     *
     * @throws ModelFormatException naming the file and the problem
     */
    public void loadWeights(Path path) throws IOException {
        io.kerasj.saving.ModelArchive.loadWeights(this, path);
    }

    /**
     * Loads a model written by {@link #save}: built, with its weights, and compiled with its loss, metrics and an
     * optimizer in its saved state, so that {@code fit} continues exactly where the saved model stopped.
     * Only layer, loss and optimizer types registered in a {@link Catalog} can be created. Keras's
     * {@code load_model}.
     *
     * <p>Models trained in Python load too, recognised by their content rather than their name: a Keras 3
     * {@code .keras} file and a Keras HDF5 {@code .h5} file (Keras 2's, or Keras 3's legacy writer's), for
     * {@code Sequential} models of the layers KerasJ has; their loss, optimizer hyper-parameters and metrics are
     * restored when KerasJ has them, but not the optimizer's state. See docs/from-keras.md.
     *
     * @throws ModelFormatException naming the file and the problem, for an empty, truncated, corrupted or foreign
     *                              file, an unsupported format version, an unknown type or inconsistent sizes
     */
    public static Sequential load(Path path) throws IOException {
        return io.kerasj.saving.ModelArchive.load(path, true);
    }

    /**
     * As {@link #load(Path)}; with {@code compile = false} the loss and optimizer are neither created nor needed
     * on the class path (loading for inference: {@code predict} works, {@code fit} needs a {@code compile}).
     */
    public static Sequential load(Path path, boolean compile) throws IOException {
        return io.kerasj.saving.ModelArchive.load(path, compile);
    }

    // ---------------------------------------------------------------- checks

    private Layer outputLayer() {
        return layers.get(layers.size() - 1);
    }

    private void requireBuilt(String method) {
        buildIfDeclared();
        if (parameters == null) {
            throw new IllegalStateException("Sequential." + method + ": the model is not built yet; call build("
                    + "inputShape...), fit or predict first, or declare the input shape (Input, inputShape, inputDim)");
        }
    }

    /**
     * Checks a batch's shape after the batch axis against the model's input shape; {@code actual} describes the
     * batch for the message.
     */
    public void checkInputShape(long[] sampleShape, String actual) {
        long[] expected = layers.get(0).inputShape();
        if (!Arrays.equals(expected, sampleShape)) {
            throw inputShapeError(expected, actual);
        }
    }

    private IllegalArgumentException inputShapeError(long[] expected, String actualShape) {
        String what = expected.length == 1 ? "of width " + expected[0] : "of shape (None, " + joined(expected) + ")";
        return new IllegalArgumentException(layers.get(0).typeName() + " \"" + layers.get(0).name()
                + "\": expected input " + what + ", got shape " + actualShape);
    }

    private static String joined(long[] shape) {
        return Weights.joined(shape);
    }
}
