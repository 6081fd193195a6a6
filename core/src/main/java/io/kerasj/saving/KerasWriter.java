package io.kerasj.saving;

import io.kerasj.core.Activation;
import io.kerasj.core.Layer;
import io.kerasj.core.Loss;
import io.kerasj.core.Optimizer;
import io.kerasj.core.Sequential;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a {@link Sequential} as a Keras 3 {@code .keras} file, what {@link Sequential#save} does for a path ending in
 * {@code .keras}: a zip of {@code metadata.json}, {@code config.json} (each layer as Keras serializes it, with
 * {@code module}, {@code class_name}, {@code config}, {@code registered_name} and {@code build_config}; the compile
 * config when the model is compiled) and {@code model.weights.h5} (each layer's weights as datasets
 * {@code layers/<snake class>[_k]/vars/<i>}, and the model's own, empty, {@code vars} group). The layout is the one
 * {@link KerasReader} documents and Keras 3's {@code keras.saving.load_model} reads.
 *
 * <p>Only what Keras can rebuild is written: layers InputLayer, Dense, Dropout, Flatten, Activation and
 * BatchNormalization with activations under their Keras names; anything else is refused before a byte is written.
 * The optimizer's state is not written (Keras then warns that it starts the optimizer afresh).
 *
 * <p>The HDF5 part is written with jhdf. jhdf 0.9.2 loses an empty group written last in a file (its object header is
 * never written; found while building this writer), and the model's {@code vars} group is empty and comes last in
 * jhdf's order; so a small group, {@code kerasj}, holding the format version, follows it, and the file is read back
 * and checked before it is published.
 */
final class KerasWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The layer types this writer writes. */
    private static final List<String> WRITABLE = List.of("InputLayer", "Dense", "Dropout", "Flatten", "Activation",
            "BatchNormalization");

    private KerasWriter() {}

    static void save(Sequential model, Path path) throws IOException {
        if (!model.isBuilt()) {
            throw new IllegalStateException("Sequential.save: the model is not built yet; call build(inputShape...), "
                    + "fit or predict first, or declare the input shape (Input, inputShape, inputDim)");
        }
        String dtype = model.dataType() == DataType.DOUBLE ? "float64" : "float32";
        List<Object> layers = new ArrayList<>();
        long[] inputShape = model.layers().get(0).inputShape();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("batch_shape", batchShape(inputShape));
        input.put("dtype", dtype);
        input.put("sparse", false);
        input.put("name", "input_layer");
        layers.add(serialized("keras.layers", "InputLayer", input, null));
        List<String> entries = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Layer layer : model.layers()) {
            if (layer.typeName().equals("InputLayer")) {
                entries.add(null);
                continue;
            }
            layers.add(serialized("keras.layers", layer.typeName(), layerConfig(layer, dtype),
                    Map.of("input_shape", batchShape(layer.inputShape()))));
            String base = KerasReader.snakeCase(layer.typeName());
            int k = counts.merge(base, 1, Integer::sum) - 1;
            entries.add(k == 0 ? base : base + "_" + k);
        }
        Map<String, Object> sequential = new LinkedHashMap<>();
        sequential.put("name", "sequential");
        sequential.put("trainable", true);
        sequential.put("dtype", dtype);
        sequential.put("layers", layers);
        Map<String, Object> root = serialized("keras", "Sequential", sequential,
                Map.of("input_shape", batchShape(inputShape)));
        root.put("compile_config", model.optimizer() == null ? null : compileConfig(model));
        byte[] config = JSON.writeValueAsBytes(root);
        Map<String, Object> metadata = new LinkedHashMap<>();
        // The Keras version whose format this is, as Keras writes its own; the writer is named beside it.
        metadata.put("keras_version", "3.0.0");
        metadata.put("saved_by", "KerasJ");
        metadata.put("date_saved", LocalDateTime.now().withNano(0).toString().replace('T', '@'));
        byte[] meta = JSON.writeValueAsBytes(metadata);
        byte[] weights = weightsFile(model, entries, path);

        ModelArchive.writeAtomically(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            ModelArchive.putStored(zip, KerasReader.KERAS_METADATA, meta);
            ModelArchive.putStored(zip, KerasReader.KERAS_CONFIG, config);
            ModelArchive.putStored(zip, KerasReader.KERAS_WEIGHTS, weights);
            zip.finish();
        });
    }

    /** {@code {"module": ..., "class_name": ..., "config": ..., "registered_name": null, "build_config": ...}}. */
    private static Map<String, Object> serialized(String module, String className, Map<String, Object> config,
                                                  Map<String, Object> buildConfig) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("module", module);
        entry.put("class_name", className);
        entry.put("config", config);
        entry.put("registered_name", null);
        if (buildConfig != null) {
            entry.put("build_config", buildConfig);
        }
        return entry;
    }

    private static List<Object> batchShape(long[] shape) {
        List<Object> list = new ArrayList<>();
        list.add(null);
        for (long d : shape) {
            list.add(d);
        }
        return list;
    }

    /** A layer's Keras 3 config, from its KerasJ config and the Keras defaults KerasJ does not vary. */
    private static Map<String, Object> layerConfig(Layer layer, String dtype) {
        Map<String, Object> ours = layer.config();
        for (String key : List.of("kernel_regularizer", "bias_regularizer", "activity_regularizer")) {
            if (ours.get(key) != null) {
                throw new IllegalArgumentException("Sequential.save: layer \"" + layer.name() + "\" has " + key + "="
                        + ours.get(key) + ", which this writer does not put in .keras files yet; save to another "
                        + "extension for KerasJ's own format");
            }
        }
        Map<String, Object> keras = new LinkedHashMap<>();
        keras.put("name", layer.name());
        keras.put("trainable", true);
        keras.put("dtype", dtype);
        switch (layer.typeName()) {
            case "Dense" -> {
                keras.put("units", ours.get("units"));
                keras.put("activation", activationName(layer));
                keras.put("use_bias", ours.get("use_bias"));
                Map<String, Object> seed = new LinkedHashMap<>();
                seed.put("seed", null);
                keras.put("kernel_initializer", initializer(String.valueOf(ours.get("kernel_initializer")), seed));
                keras.put("bias_initializer", initializer("zeros", Map.of()));
                keras.put("kernel_regularizer", null);
                keras.put("bias_regularizer", null);
                keras.put("kernel_constraint", null);
                keras.put("bias_constraint", null);
            }
            case "Dropout" -> {
                keras.put("rate", ours.get("rate"));
                keras.put("seed", ours.get("seed"));
                keras.put("noise_shape", null);
            }
            case "Flatten" -> keras.put("data_format", "channels_last");
            case "Activation" -> keras.put("activation", activationName(layer));
            case "BatchNormalization" -> {
                keras.put("axis", -1);
                keras.put("momentum", ours.get("momentum"));
                keras.put("epsilon", ours.get("epsilon"));
                keras.put("center", ours.get("center"));
                keras.put("scale", ours.get("scale"));
                keras.put("beta_initializer", initializer("zeros", Map.of()));
                keras.put("gamma_initializer", initializer("ones", Map.of()));
                keras.put("moving_mean_initializer", initializer("zeros", Map.of()));
                keras.put("moving_variance_initializer", initializer("ones", Map.of()));
                keras.put("beta_regularizer", null);
                keras.put("gamma_regularizer", null);
                keras.put("beta_constraint", null);
                keras.put("gamma_constraint", null);
                keras.put("synchronized", false);
            }
            default -> throw new IllegalArgumentException("Sequential.save: layer \"" + layer.name() + "\" ("
                    + layer.typeName() + ") cannot be written to a .keras file; this writer writes " + WRITABLE
                    + " (save to another extension for KerasJ's own format)");
        }
        return keras;
    }

    /** The activation's Keras name, refused when the name would not give the same function back. */
    private static String activationName(Layer layer) {
        Activation activation = layer.activation();
        String name = activation.name();
        boolean byName;
        try {
            byName = Activation.get(name).equals(activation) && !name.equals("gelu_approximate");
        } catch (IllegalArgumentException e) {
            byName = false;
        }
        if (!byName) {
            throw new IllegalArgumentException("Sequential.save: layer \"" + layer.name() + "\" uses activation "
                    + activation + ", which Keras cannot name; a .keras file can hold the built-in activations with "
                    + "their default parameters");
        }
        return name;
    }

    private static Map<String, Object> initializer(String snakeName, Map<String, Object> config) {
        return serialized("keras.initializers", camelCase(snakeName), new LinkedHashMap<>(config), null);
    }

    /** "glorot_uniform" → "GlorotUniform", "categorical_crossentropy" → "CategoricalCrossentropy". */
    static String camelCase(String snake) {
        StringBuilder s = new StringBuilder();
        for (String part : snake.split("_")) {
            if (!part.isEmpty()) {
                s.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return s.toString();
    }

    private static final Map<String, String> OPTIMIZER_CLASSES = Map.of("adam", "Adam", "sgd", "SGD", "rmsprop",
            "RMSprop", "adamw", "AdamW", "adamax", "Adamax", "nadam", "Nadam", "adagrad", "Adagrad", "adadelta",
            "Adadelta");

    private static Map<String, Object> compileConfig(Sequential model) {
        Optimizer optimizer = model.optimizer();
        Loss loss = model.loss();
        String optimizerClass = OPTIMIZER_CLASSES.get(optimizer.name());
        if (optimizerClass == null) {
            throw new IllegalArgumentException("Sequential.save: optimizer " + optimizer.name() + " has no Keras "
                    + "class; a .keras file can name " + OPTIMIZER_CLASSES.keySet());
        }
        Map<String, Object> optimizerConfig = new TreeMap<>(optimizer.config());
        optimizerConfig.put("name", optimizer.name());
        Map<String, Object> compile = new LinkedHashMap<>();
        compile.put("optimizer", serialized("keras.optimizers", optimizerClass, optimizerConfig, null));
        Object lossEntry = loss.name();
        if (!loss.config().isEmpty()) {
            Map<String, Object> lossConfig = new TreeMap<>(loss.config());
            lossConfig.put("name", loss.name());
            String lossClass = loss.name().equals("kl_divergence") ? "KLDivergence" : camelCase(loss.name());
            lossEntry = serialized("keras.losses", lossClass, lossConfig, null);
        }
        compile.put("loss", lossEntry);
        compile.put("loss_weights", null);
        compile.put("metrics", model.metricNames());
        compile.put("weighted_metrics", null);
        compile.put("run_eagerly", false);
        compile.put("steps_per_execution", 1);
        compile.put("jit_compile", false);
        return compile;
    }

    /** model.weights.h5's bytes: written by jhdf to a temporary file beside the target, read back and checked. */
    private static byte[] weightsFile(Sequential model, List<String> entries, Path target) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Path file = Files.createTempFile(directory, "." + target.getFileName() + ".", ".h5.tmp");
        try {
            List<INDArray> weights = model.parameters().weights();
            Map<String, List<INDArray>> written = new LinkedHashMap<>();
            try (WritableHdfFile hdf = HdfFile.write(file)) {
                WritableGroup layersGroup = hdf.putGroup("layers");
                int next = 0;
                for (int i = 0; i < model.layers().size(); i++) {
                    int count = KerasReader.weightShapes(model.layers().get(i)).size();
                    if (count == 0 || entries.get(i) == null) {
                        continue;
                    }
                    WritableGroup vars = layersGroup.putGroup(entries.get(i)).putGroup("vars");
                    List<INDArray> layerWeights = weights.subList(next, next + count);
                    for (int v = 0; v < count; v++) {
                        vars.putDataset(String.valueOf(v), javaArray(layerWeights.get(v)));
                    }
                    written.put(entries.get(i), layerWeights);
                    next += count;
                }
                hdf.putGroup("vars");
                // See the class comment: keeps the empty "vars" group from being the last object jhdf writes.
                hdf.putGroup("kerasj").putDataset("format_version", new int[] {1});
            }
            check(file, written);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Reads the written file back: the empty root {@code vars} group and every array, element for element. */
    private static void check(Path file, Map<String, List<INDArray>> written) throws IOException {
        try (HdfFile hdf = new HdfFile(file)) {
            if (!(hdf.getChild("vars") instanceof Group vars) || !vars.getChildren().isEmpty()) {
                throw new IOException("jhdf wrote a weights file without its empty root \"vars\" group");
            }
            for (Map.Entry<String, List<INDArray>> e : written.entrySet()) {
                for (int v = 0; v < e.getValue().size(); v++) {
                    INDArray expected = e.getValue().get(v);
                    Dataset dataset = (Dataset) hdf.getByPath("layers/" + e.getKey() + "/vars/" + v);
                    Object flat = dataset.getDataFlat();
                    double[] actual = flat instanceof float[] f ? toDouble(f) : (double[]) flat;
                    double[] wanted = expected.dup('c').reshape(expected.length()).toDoubleVector();
                    if (!Arrays.equals(actual, wanted)) {
                        throw new IOException("jhdf wrote layers/" + e.getKey() + "/vars/" + v + " wrongly");
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("jhdf wrote a weights file it cannot read back: " + e, e);
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** A weight as the Java array jhdf writes: float32 or float64, rank 1 or 2 (the ranks of Keras MLP weights). */
    private static Object javaArray(INDArray a) {
        boolean wide = a.dataType() == DataType.DOUBLE;
        return switch (a.rank()) {
            case 1 -> wide ? a.toDoubleVector() : a.toFloatVector();
            case 2 -> wide ? a.toDoubleMatrix() : a.toFloatMatrix();
            default -> throw new IllegalArgumentException("Sequential.save: a weight of shape "
                    + Arrays.toString(a.shape()) + " cannot be written to a .keras file (ranks 1 and 2 only)");
        };
    }
}
