package io.kerasj.saving;

import io.kerasj.core.Catalog;
import io.kerasj.core.Layer;
import io.kerasj.core.Loss;
import io.kerasj.core.ModelFormatException;
import io.kerasj.core.Optimizer;
import io.kerasj.core.Sequential;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads models and weights that Keras wrote: what {@link Sequential#load} and {@link Sequential#loadWeights} do when
 * the file is not KerasJ's own (recognised by content, not by name, see {@link #kind}).
 *
 * <h2>The three layouts</h2>
 * <ul>
 *   <li><b>Keras 3 {@code .keras}</b>: a zip with {@code metadata.json}, {@code config.json} (the model's
 *   {@code class_name}, {@code config.layers} and optional {@code compile_config}) and {@code model.weights.h5}, whose
 *   layer weights are datasets {@code layers/<layer>/vars/0}, {@code 1}, ... in the layer's variable order. The
 *   {@code <layer>} part is Keras's class name in snake case, numbered from the second one on ({@code dense},
 *   {@code dense_1}, {@code batch_normalization}, ...), as Keras's {@code saving_lib} names the entries of a
 *   {@code Sequential}'s layer list; files saved on Windows by some Keras versions name the group
 *   {@code layers\dense} instead (one group, a backslash in its name), and files of Keras 2.13's
 *   {@code saving_lib} use {@code _layer_checkpoint_dependencies} for {@code layers}: all are accepted. A Keras 3
 *   {@code .weights.h5} file has the same HDF5 layout.</li>
 *   <li><b>Keras HDF5 {@code .h5}</b> (Keras 2's {@code model.save}, Keras 3's legacy writer): the root attribute
 *   {@code model_config} holds the architecture's JSON and {@code training_config} the compile arguments; the group
 *   {@code model_weights} lists its layers in the attribute {@code layer_names}, and each layer's group lists its
 *   datasets, in the layer's variable order, in the attribute {@code weight_names}: {@code dense/kernel:0} (Keras 2)
 *   or {@code sequential/dense/kernel} (Keras 3), paths below the layer's group.</li>
 *   <li><b>Keras HDF5 weights</b> ({@code save_weights} to {@code .h5} in Keras 2): the same as
 *   {@code model_weights}, at the root. Matched to the model's layers that have weights, in order.</li>
 * </ul>
 *
 * <h2>What is understood</h2>
 * {@code Sequential} models of InputLayer, Dense, Dropout, Flatten, Activation, BatchNormalization and an adapted
 * Normalization (its mean and variance; Keras's sample count is checked and skipped), with
 * activations that {@link io.kerasj.core.Activation#get} knows. Anything else (a functional model, Conv2D, a custom
 * layer) is refused with a {@link ModelFormatException} naming the layer, its class and what is supported: never a
 * partial model. Config keys that change what the model computes are honoured or refused; keys that only matter for
 * training from scratch and that KerasJ lacks (regularizers, constraints, non-default bias initializers) are
 * reported with a warning and skipped, so the loaded model predicts exactly as in Keras but would train without
 * them. The compile config restores the loss, the optimizer's hyper-parameters and the metrics when KerasJ has
 * them (looked up in the {@link Catalog}), and is otherwise reported and skipped; the optimizer's state (Adam's
 * moments) is not read, so {@code fit} starts it afresh.
 *
 * <h2>Safety</h2>
 * As for KerasJ's own files: type names are only looked up, never instantiated from the file; the number of layers
 * is bounded; the parameter count that the architecture implies is checked against the size of the HDF5 data before
 * any weight is allocated, every dataset's shape and type is checked against the layer's before its data is read,
 * zip entries are bounded by their declared and actual sizes; every array is read and checked before any is
 * assigned, so a bad file leaves nothing half-loaded. Problems are {@link ModelFormatException}s naming the file.
 */
final class KerasReader {

    static final String KERAS_CONFIG = "config.json";
    static final String KERAS_METADATA = "metadata.json";
    static final String KERAS_WEIGHTS = "model.weights.h5";

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final int MAX_JSON_BYTES = 16 << 20;
    /** The largest weights file extracted from a {@code .keras} zip: 2 GiB, the most a Java array holds anyway. */
    private static final long MAX_WEIGHTS_BYTES = Integer.MAX_VALUE;
    private static final int MAX_LAYERS = 10_000;
    private static final int MAX_RANK = 8;
    private static final int MAX_ZIP_ENTRIES = 10_000;

    /** The Keras layer classes this reader understands, as errors list them. */
    static final List<String> SUPPORTED = List.of("InputLayer", "Dense", "Dropout", "Flatten", "Activation",
            "BatchNormalization", "Normalization");

    private static final Logger log = LoggerFactory.getLogger(KerasReader.class);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private KerasReader() {}

    /** Something wrong with the file; turned into a {@link ModelFormatException} naming the file. */
    static final class Bad extends RuntimeException {
        Bad(String message) {
            super(message);
        }
    }

    /** What a model file holds, told by its first bytes (and, for a zip, its entry names). */
    enum Kind { KERASJ, KERAS_ZIP, KERAS_HDF5 }

    /** The kind of {@code path}; {@link Kind#KERASJ} for anything else, which KerasJ's own reader then reports. */
    static Kind kind(Path path) throws IOException {
        if (!Files.isRegularFile(path) || Files.size(path) < HDF5_SIGNATURE.length) {
            return Kind.KERASJ;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(HDF5_SIGNATURE.length);
        }
        if (Arrays.equals(head, HDF5_SIGNATURE)) {
            return Kind.KERAS_HDF5;
        }
        if (head[0] == 'P' && head[1] == 'K') {
            try (ZipFile zip = new ZipFile(path.toFile())) {
                return zip.getEntry(KERAS_WEIGHTS) != null ? Kind.KERAS_ZIP : Kind.KERASJ;
            } catch (ZipException e) {
                return Kind.KERASJ;
            }
        }
        return Kind.KERASJ;
    }

    // ------------------------------------------------------------------------------------------ entry points

    /** Loads a Keras 3 {@code .keras} file. */
    static Sequential loadKeras(Path path, boolean withCompile) throws IOException {
        return guarded(path, () -> {
            try (ZipFile zip = openKerasZip(path)) {
                JsonNode root = json(readEntry(zip, KERAS_CONFIG, MAX_JSON_BYTES), KERAS_CONFIG);
                Architecture architecture = architecture(root, KERAS_CONFIG);
                try (Extracted weights = extract(zip)) {
                    Sequential model = build(architecture, weights.size);
                    assign(model, hdf5(KERAS_WEIGHTS, weights.file,
                            hdf -> kerasWeights(hdf, model, architecture.kerasClasses())));
                    JsonNode compile = root.get("compile_config");
                    if (withCompile && compile != null && compile.isObject()) {
                        compile(model, compile.get("optimizer"), compile.get("loss"), compile.get("metrics"));
                    }
                    return model;
                }
            }
        });
    }

    /** Loads a Keras HDF5 model file ({@code model_config} and {@code model_weights}). */
    static Sequential loadHdf5(Path path, boolean withCompile) throws IOException {
        return guarded(path, () -> {
            String[] configs = hdf5("the file", path, hdf -> new String[] {stringAttribute(hdf, "model_config"),
                stringAttribute(hdf, "training_config")});
            if (configs[0] == null) {
                throw new Bad("an HDF5 file without a \"model_config\" attribute holds no architecture: a weights "
                        + "file? Build the model in Java and call loadWeights");
            }
            Architecture architecture = architecture(json(configs[0].getBytes(StandardCharsets.UTF_8), "model_config"),
                    "model_config");
            Sequential model = build(architecture, Files.size(path));
            assign(model, hdf5("the file", path, hdf -> {
                if (!(hdf.getChild("model_weights") instanceof Group group)) {
                    throw new Bad("no \"model_weights\" group");
                }
                return legacyWeights(group, model, architecture.names());
            }));
            if (withCompile && configs[1] != null) {
                JsonNode config = json(configs[1].getBytes(StandardCharsets.UTF_8), "training_config");
                compile(model, config.get("optimizer_config"), config.get("loss"), config.get("metrics"));
            }
            return model;
        });
    }

    /** Reads Keras weights (a Keras 2 {@code save_weights} .h5, a Keras 3 .weights.h5 or a .keras file) into a model. */
    static void loadWeights(Sequential model, Path path, Kind kind) throws IOException {
        guarded(path, () -> {
            if (kind == Kind.KERAS_ZIP) {
                try (ZipFile zip = openKerasZip(path); Extracted weights = extract(zip)) {
                    assign(model, hdf5(KERAS_WEIGHTS, weights.file, hdf -> kerasWeights(hdf, model,
                            kerasClasses(model))));
                }
                return null;
            }
            assign(model, hdf5("the file", path, hdf -> {
                Group group = hdf.getChild("model_weights") instanceof Group g ? g : hdf;
                if (group.getAttribute("layer_names") != null) {
                    return legacyWeights(group, model, null);
                }
                if (hdf.getChild("layers") != null || hdf.getChild("vars") != null) {
                    return kerasWeights(hdf, model, kerasClasses(model));
                }
                throw new Bad("neither Keras 2's \"layer_names\" attribute nor Keras 3's \"layers\" group: not a "
                        + "Keras weights file");
            }));
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------ architecture

    /** One layer to create: its Keras class and name, and the KerasJ type and config to create it from. */
    record LayerSpec(String kerasClass, String name, String type, Map<String, Object> config) {}

    /** A Sequential's layers without its InputLayer, the input shape and the weights' type. */
    record Architecture(DataType dataType, long[] inputShape, List<LayerSpec> layers) {
        List<String> kerasClasses() {
            return layers.stream().map(LayerSpec::kerasClass).toList();
        }

        List<String> names() {
            return layers.stream().map(LayerSpec::name).toList();
        }
    }

    /** The Sequential that a Keras model config ({@code {"class_name": "Sequential", "config": ...}}) describes. */
    static Architecture architecture(JsonNode root, String where) {
        JsonNode className = root.get("class_name");
        if (className == null || !className.isTextual()) {
            throw new Bad(where + ": no model \"class_name\"; not a Keras model config");
        }
        if (!className.asText().equals("Sequential")) {
            throw new Bad(where + ": the model is a " + className.asText() + "; KerasJ loads Sequential models only "
                    + "(a functional or subclassed model cannot be loaded)");
        }
        JsonNode config = root.get("config");
        // Keras 2.0 to 2.2 wrote a Sequential's config as the list of its layers.
        JsonNode list = config != null && config.isArray() ? config : config == null ? null : config.get("layers");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new Bad(where + ": the model's config has no list of layers");
        }
        if (list.size() > MAX_LAYERS) {
            throw new Bad(where + ": " + list.size() + " layers, more than the " + MAX_LAYERS + " a model file may have");
        }
        long[] inputShape = null;
        DataType dataType = null;
        List<LayerSpec> layers = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            JsonNode cls = node.get("class_name");
            JsonNode layerConfig = node.get("config");
            if (cls == null || !cls.isTextual() || layerConfig == null || !layerConfig.isObject()) {
                throw new Bad(where + ": layer " + i + " has no \"class_name\" string and \"config\" object");
            }
            String kerasClass = cls.asText();
            @SuppressWarnings("unchecked")
            Map<String, Object> keras = JSON.convertValue(layerConfig, LinkedHashMap.class);
            String name = keras.get("name") instanceof String s ? s : kerasClass.toLowerCase(Locale.ROOT) + "_" + i;
            String who = "layer " + i + " \"" + name + "\" (" + kerasClass + ")";
            if (seen.put(name, i) != null) {
                throw new Bad(where + ": two layers are named \"" + name + "\"");
            }
            long[] declared = batchShape(keras, who);
            if (declared != null) {
                if (inputShape != null && !kerasClass.equals("InputLayer")) {
                    // Keras 2 repeats nothing here; a batch shape on a later layer is ignored by Keras too.
                    log.debug("{}: batch shape {} ignored, the input shape is already known", who,
                            Arrays.toString(declared));
                } else {
                    inputShape = declared;
                }
            }
            DataType layerType = dataType(keras.get("dtype"), who);
            if (layerType != null) {
                if (dataType != null && dataType != layerType) {
                    throw new Bad(who + ": dtype " + keras.get("dtype") + " differs from the layers before it; "
                            + "KerasJ models have one dtype");
                }
                dataType = layerType;
            }
            if (kerasClass.equals("InputLayer")) {
                if (i != 0) {
                    throw new Bad(who + ": an InputLayer must come first");
                }
                continue;
            }
            layers.add(new LayerSpec(kerasClass, name, kerasType(kerasClass, who), translate(kerasClass, keras, who)));
        }
        if (layers.isEmpty()) {
            throw new Bad(where + ": the model has no layers besides its input");
        }
        if (inputShape == null && config != null && config.isObject()) {
            inputShape = shapeOf(config.get("build_input_shape"), where + " build_input_shape");
        }
        if (inputShape == null) {
            inputShape = shapeOf(root.path("build_config").get("input_shape"), where + " build_config.input_shape");
        }
        if (inputShape == null) {
            throw new Bad(where + ": the model records no input shape (no InputLayer, batch_input_shape or "
                    + "build_input_shape): it was saved before it was built");
        }
        return new Architecture(dataType == null ? DataType.FLOAT : dataType, inputShape, layers);
    }

    private static String kerasType(String kerasClass, String who) {
        if (!SUPPORTED.contains(kerasClass)) {
            throw new Bad(who + ": KerasJ cannot load a " + kerasClass + " layer; it loads " + SUPPORTED);
        }
        return kerasClass;
    }

    /** {@code batch_shape} (Keras 3) or {@code batch_input_shape} (Keras 2): [null, sizes...] without the null. */
    private static long[] batchShape(Map<String, Object> keras, String who) {
        Object value = keras.containsKey("batch_shape") ? keras.get("batch_shape") : keras.get("batch_input_shape");
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list) || list.size() < 2 || list.get(0) != null) {
            throw new Bad(who + ": the batch shape must be a list [null, size, ...], not " + value);
        }
        return sizes(list.subList(1, list.size()), who + " batch shape " + value);
    }

    private static long[] shapeOf(JsonNode node, String who) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<?> list = JSON.convertValue(node, List.class);
        if (list.size() < 2 || list.get(0) != null) {
            throw new Bad(who + " must be a list [null, size, ...], not " + node);
        }
        return sizes(list.subList(1, list.size()), who + " " + node);
    }

    private static long[] sizes(List<?> list, String who) {
        if (list.size() > MAX_RANK) {
            throw new Bad(who + ": more than " + MAX_RANK + " dimensions");
        }
        long[] shape = new long[list.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(list.get(i) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                    || n.doubleValue() < 1 || n.doubleValue() > Integer.MAX_VALUE) {
                throw new Bad(who + ": sizes must be positive integers (a variable size, null, is not supported)");
            }
            shape[i] = n.longValue();
        }
        return shape;
    }

    /** A layer's {@code dtype}: "float32", "float64", or a Keras 3 DTypePolicy object naming one; null if absent. */
    private static DataType dataType(Object dtype, String who) {
        Object name = dtype instanceof Map<?, ?> policy && policy.get("config") instanceof Map<?, ?> config
                ? config.get("name") : dtype;
        if (name == null) {
            return null;
        }
        return switch (String.valueOf(name)) {
            case "float32" -> DataType.FLOAT;
            case "float64" -> DataType.DOUBLE;
            default -> throw new Bad(who + ": dtype " + name + " is not supported; KerasJ computes in float32 or "
                    + "float64");
        };
    }

    /** The KerasJ config for a Keras layer config: every key is used, checked, or reported and skipped. */
    private static Map<String, Object> translate(String kerasClass, Map<String, Object> keras, String who) {
        Keys keys = new Keys(keras, who);
        keys.take("name");
        keys.take("dtype");
        keys.take("batch_shape");
        keys.take("batch_input_shape");
        keys.take("input_dim");
        Object trainable = keys.take("trainable");
        if (Boolean.FALSE.equals(trainable)) {
            log.warn("{}: trainable=false is not supported; the layer will train if the model is fit", who);
        }
        Map<String, Object> ours = new LinkedHashMap<>();
        ours.put("name", keras.get("name"));
        switch (kerasClass) {
            case "Dense" -> {
                ours.put("units", keys.required("units"));
                ours.put("activation", activation(keys.take("activation"), who));
                ours.put("use_bias", keys.take("use_bias"));
                String initializer = initializer(keys.take("kernel_initializer"));
                if (initializer != null && KERNEL_INITIALIZERS.contains(initializer)) {
                    ours.put("kernel_initializer", initializer);
                } else if (initializer != null) {
                    log.warn("{}: kernel_initializer {} is not one of KerasJ's {}; the default, glorot_uniform, is "
                            + "used (the loaded weights are what count for predictions)", who, initializer,
                            KERNEL_INITIALIZERS);
                }
                String bias = initializer(keys.take("bias_initializer"));
                if (bias != null && !bias.equals("zeros")) {
                    log.warn("{}: bias_initializer {} skipped: KerasJ's Dense starts its biases at zero", who, bias);
                }
                keys.skipIfSet("kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                        "bias_constraint");
                keys.refuseIfSet("lora_rank", "quantization_config");
                keys.takeIf("lora_alpha");
            }
            case "Dropout" -> {
                ours.put("rate", keys.required("rate"));
                ours.put("seed", keys.take("seed"));
                ours.put("noise_shape", keys.take("noise_shape"));
            }
            case "Flatten" -> ours.put("data_format", keys.take("data_format"));
            case "Activation" -> ours.put("activation", activation(keys.required("activation"), who));
            case "BatchNormalization" -> {
                Object axis = keys.take("axis");
                if (axis instanceof List<?> list && list.size() == 1) {
                    axis = list.get(0);
                }
                ours.put("axis", axis);
                ours.put("momentum", keys.take("momentum"));
                ours.put("epsilon", keys.take("epsilon"));
                ours.put("center", keys.take("center"));
                ours.put("scale", keys.take("scale"));
                for (String key : List.of("beta_initializer", "gamma_initializer", "moving_mean_initializer",
                        "moving_variance_initializer")) {
                    keys.take(key);
                }
                keys.skipIfSet("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint");
                keys.takeIf("synchronized");
                keys.takeIf("fused");
                keys.refuseIfSet("virtual_batch_size", "adjustment");
                if (Boolean.TRUE.equals(keys.take("renorm"))) {
                    throw new Bad(who + ": renorm=true (batch renormalization) is not supported");
                }
                keys.takeIf("renorm_clipping");
                keys.takeIf("renorm_momentum");
            }
            case "Normalization" -> {
                Object axis = keys.take("axis");
                if (axis instanceof List<?> list && list.size() == 1) {
                    axis = list.get(0);
                }
                ours.put("axis", axis);
                // Statistics given in the config rather than adapted live in no variable; KerasJ reads variables.
                keys.refuseIfSet("mean", "variance");
                if (Boolean.TRUE.equals(keys.take("invert"))) {
                    throw new Bad(who + ": invert=true (denormalization) is not supported");
                }
            }
            default -> throw new Bad(who + ": KerasJ cannot load a " + kerasClass + " layer; it loads " + SUPPORTED);
        }
        keys.reportUnused();
        ours.values().removeIf(v -> v == null);
        return ours;
    }

    private static final List<String> KERNEL_INITIALIZERS = List.of("glorot_uniform", "glorot_normal", "he_uniform",
            "he_normal", "zeros", "ones");

    /** The keys of one layer's config, so that none goes unnoticed. */
    private static final class Keys {
        private final Map<String, Object> config;
        private final Set<String> used = new java.util.HashSet<>();
        private final String who;

        Keys(Map<String, Object> config, String who) {
            this.config = config;
            this.who = who;
        }

        Object take(String key) {
            used.add(key);
            return config.get(key);
        }

        void takeIf(String key) {
            used.add(key);
        }

        Object required(String key) {
            Object value = take(key);
            if (value == null) {
                throw new Bad(who + ": config key \"" + key + "\" is required");
            }
            return value;
        }

        /** Keys that only shape training from scratch, which KerasJ lacks: reported and skipped when set. */
        void skipIfSet(String... keys) {
            for (String key : keys) {
                Object value = take(key);
                if (value != null) {
                    log.warn("{}: {} skipped: KerasJ does not support it here; predictions are unaffected, training "
                            + "would go without it", who, key);
                }
            }
        }

        /** Keys that change what the layer computes or how its weights are laid out: refused when set. */
        void refuseIfSet(String... keys) {
            for (String key : keys) {
                Object value = take(key);
                if (value != null) {
                    throw new Bad(who + ": " + key + "=" + value + " is not supported");
                }
            }
        }

        void reportUnused() {
            List<String> unknown = config.keySet().stream().filter(k -> !used.contains(k)).sorted().toList();
            if (!unknown.isEmpty()) {
                log.warn("{}: config keys {} are unknown to KerasJ and skipped", who, unknown);
            }
        }
    }

    /** An activation as Keras writes it: a name, or a serialized function {@code {"config": "relu", ...}}. */
    private static String activation(Object value, String who) {
        Object name = value instanceof Map<?, ?> map ? map.get("config") : value;
        if (name != null && !(name instanceof String)) {
            throw new Bad(who + ": activation " + value + " is not a Keras activation name");
        }
        try {
            return io.kerasj.core.Activation.get((String) name).name();
        } catch (IllegalArgumentException e) {
            throw new Bad(who + ": " + e.getMessage());
        }
    }

    /** An initializer's snake-case name, from a name or a {@code {"class_name": "GlorotUniform", ...}} object. */
    private static String initializer(Object value) {
        Object name = value instanceof Map<?, ?> map ? map.get("class_name") : value;
        return name == null ? null : snakeCase(String.valueOf(name));
    }

    /** Keras's {@code to_snake_case}: "BatchNormalization" → "batch_normalization", "GlorotUniform" → "glorot_uniform". */
    static String snakeCase(String name) {
        String s = name.replaceAll("(.)([A-Z][a-z]+)", "$1_$2").replaceAll("([a-z])([A-Z])", "$1_$2");
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * Creates the layers twice: first to work out the weight shapes without allocating anything and check that the
     * weights data can hold them, then for the model.
     */
    private static Sequential build(Architecture architecture, long dataBytes) {
        long parameters = 0;
        long[] shape = architecture.inputShape();
        try {
            for (Layer layer : layers(architecture)) {
                layer.build(shape, architecture.dataType(), null);
                for (long[] s : weightShapes(layer)) {
                    parameters = Math.addExact(parameters, elements(s));
                }
                shape = layer.outputShape();
            }
        } catch (ArithmeticException e) {
            throw new Bad("the architecture declares more parameters than can be counted: an absurd size");
        }
        if (parameters > Integer.MAX_VALUE || parameters * 4 > dataBytes) {
            throw new Bad("the architecture declares " + parameters + " parameters but the weights data holds only "
                    + dataBytes + " bytes: truncated, or an absurd size");
        }
        Sequential model = new Sequential(architecture.dataType(), layers(architecture).toArray(Layer[]::new));
        model.build(architecture.inputShape());
        return model;
    }

    private static List<Layer> layers(Architecture architecture) {
        List<Layer> layers = new ArrayList<>();
        for (LayerSpec spec : architecture.layers()) {
            try {
                layers.add(Catalog.layer(spec.type(), spec.config()));
            } catch (IllegalArgumentException e) {
                throw new Bad("layer \"" + spec.name() + "\" (" + spec.kerasClass() + "): " + e.getMessage());
            }
        }
        return layers;
    }

    /**
     * Variables Keras keeps after the ones KerasJ has, which are skipped: Normalization's sample {@code count}, an
     * integer scalar that only {@code adapt} uses.
     */
    private static int extraKerasVariables(String kerasClass) {
        return kerasClass.equals("Normalization") ? 1 : 0;
    }

    /** Checks that a skipped variable is what Keras keeps there: a scalar. */
    private static void checkSkipped(Node node, String who) {
        if (!(node instanceof Dataset dataset) || dataset.getDimensions().length != 0) {
            throw new Bad(who + ": expected Keras's scalar sample count");
        }
    }

    /** A layer's weight shapes in {@link Sequential#getWeights()} order, which is also Keras's variable order. */
    static List<long[]> weightShapes(Layer layer) {
        List<long[]> shapes = new ArrayList<>(layer.weightShapes());
        shapes.addAll(layer.nonTrainableWeightShapes());
        return shapes;
    }

    private static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------ weights

    /** The Keras class name of each layer of a model built in Java, skipping its Input layer as Keras does. */
    private static List<String> kerasClasses(Sequential model) {
        return model.layers().stream().map(Layer::typeName).toList();
    }

    /**
     * The arrays of a Keras 3 weights file, in model order: for each layer, the datasets of
     * {@code layers/<snake class>[_k]/vars}. Layers named "InputLayer" have no entry (Keras's {@code layers} list
     * leaves the input out).
     */
    private static List<INDArray> kerasWeights(HdfFile hdf, Sequential model, List<String> kerasClasses) {
        List<INDArray> arrays = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        int modelLayer = 0;
        for (Layer layer : model.layers()) {
            String kerasClass = kerasClasses.get(modelLayer++);
            if (kerasClass.equals("InputLayer")) {
                continue;
            }
            String base = snakeCase(kerasClass);
            int k = counts.merge(base, 1, Integer::sum) - 1;
            String entry = k == 0 ? base : base + "_" + k;
            List<long[]> shapes = weightShapes(layer);
            Group vars = kerasVars(hdf, entry);
            String who = "layer \"" + layer.name() + "\" (weights group layers/" + entry + "/vars)";
            int inFile = vars == null ? 0 : vars.getChildren().size();
            int expected = shapes.size() + extraKerasVariables(kerasClass);
            if (inFile != expected) {
                throw new Bad(who + ": " + inFile + " arrays in the file, but the layer has " + expected);
            }
            for (int i = 0; i < shapes.size(); i++) {
                arrays.add(read(vars.getChild(String.valueOf(i)), shapes.get(i), who + " array " + i,
                        model.dataType()));
            }
            for (int i = shapes.size(); i < expected; i++) {
                checkSkipped(vars.getChild(String.valueOf(i)), who + " array " + i);
            }
        }
        return arrays;
    }

    /** The {@code vars} group of {@code layers/<entry>}: nested, or named with backslashes, or Keras 2.13's. */
    private static Group kerasVars(HdfFile hdf, String entry) {
        for (String parent : List.of("layers", "_layer_checkpoint_dependencies")) {
            Node layers = hdf.getChild(parent);
            Node layer = layers instanceof Group g ? g.getChild(entry) : null;
            if (layer == null) {
                layer = hdf.getChild(parent + "\\" + entry);
            }
            if (layer instanceof Group g && g.getChild("vars") instanceof Group vars) {
                return vars;
            }
        }
        return null;
    }

    /**
     * The arrays of a Keras 2 style weights group ({@code model_weights}, or a weights file's root), in model order.
     * With {@code names}, each layer's group is found by its name; without, the groups that hold weights are matched
     * in order to the model's layers that have weights.
     */
    private static List<INDArray> legacyWeights(Group root, Sequential model, List<String> names) {
        List<String> layerNames = stringList(root, "layer_names");
        if (layerNames == null) {
            throw new Bad("group \"" + root.getPath() + "\" has no \"layer_names\" attribute");
        }
        List<Group> withWeights = new ArrayList<>();
        Map<String, Group> byName = new HashMap<>();
        for (String name : layerNames) {
            if (!(root.getChild(name) instanceof Group group)) {
                throw new Bad("layer_names lists \"" + name + "\" but there is no such group");
            }
            byName.put(name, group);
            List<String> weightNames = stringList(group, "weight_names");
            if (weightNames != null && !weightNames.isEmpty()) {
                withWeights.add(group);
            }
        }
        List<Layer> layers = model.layers().stream().filter(l -> !weightShapes(l).isEmpty()).toList();
        if (names == null && layers.size() != withWeights.size()) {
            throw new Bad("the file has weights for " + withWeights.size() + " layers but the model has "
                    + layers.size() + " layers with weights");
        }
        List<INDArray> arrays = new ArrayList<>();
        int next = 0;
        for (Layer layer : model.layers()) {
            List<long[]> shapes = weightShapes(layer);
            Group group;
            if (names != null) {
                group = byName.get(names.get(model.layers().indexOf(layer)));
                if (group == null) {
                    if (shapes.isEmpty()) {
                        continue;
                    }
                    throw new Bad("no weights for layer \"" + layer.name() + "\" (not in layer_names)");
                }
            } else {
                if (shapes.isEmpty()) {
                    continue;
                }
                group = withWeights.get(next++);
            }
            List<String> weightNames = stringList(group, "weight_names");
            int inFile = weightNames == null ? 0 : weightNames.size();
            String who = "layer \"" + layer.name() + "\" (weights group " + group.getPath() + ")";
            int expected = shapes.size() + extraKerasVariables(layer.typeName());
            if (inFile != expected) {
                throw new Bad(who + ": " + inFile + " weights in the file, but the layer has " + expected);
            }
            for (int i = 0; i < inFile; i++) {
                String path = weightNames.get(i);
                if (path.contains("..") || path.startsWith("/")) {
                    throw new Bad(who + ": weight name \"" + path + "\" is not a path below the layer's group");
                }
                Node node;
                try {
                    node = group.getByPath(path);
                } catch (RuntimeException e) {
                    node = null;
                }
                if (i < shapes.size()) {
                    arrays.add(read(node, shapes.get(i), who + " weight \"" + path + "\"", model.dataType()));
                } else {
                    checkSkipped(node, who + " weight \"" + path + "\"");
                }
            }
        }
        return arrays;
    }

    /** One dataset, its shape and type checked before its data is read. */
    private static INDArray read(Node node, long[] expected, String who, DataType type) {
        if (!(node instanceof Dataset dataset)) {
            throw new Bad(who + ": missing, or not a dataset");
        }
        int[] dims = dataset.getDimensions();
        long[] shape = Arrays.stream(dims).asLongStream().toArray();
        if (!Arrays.equals(shape, expected)) {
            throw new Bad(who + ": shape " + Arrays.toString(shape) + " but the layer expects "
                    + Arrays.toString(expected));
        }
        Class<?> javaType = dataset.getJavaType();
        if (javaType != float.class && javaType != double.class) {
            throw new Bad(who + ": elements of type " + javaType.getSimpleName() + "; expected float32 or float64");
        }
        Object flat = dataset.getDataFlat();
        INDArray array = flat instanceof float[] f ? Nd4j.create(f, expected, 'c')
                : Nd4j.create((double[]) flat, expected, 'c');
        return array.dataType() == type ? array : array.castTo(type);
    }

    /** Assigns every array, all read and checked first, so that a bad file leaves the model as it was. */
    private static void assign(Sequential model, List<INDArray> arrays) {
        List<INDArray> views = model.parameters().weights();
        if (views.size() != arrays.size()) {
            throw new Bad("the file gives " + arrays.size() + " weight arrays but the model has " + views.size());
        }
        for (int i = 0; i < arrays.size(); i++) {
            views.get(i).assign(arrays.get(i));
        }
    }

    // ------------------------------------------------------------------------------------------ compile

    /**
     * Compiles the model with the loss, optimizer and metrics of a Keras compile config when KerasJ has them; else
     * warns and leaves the model uncompiled (predict works; fit needs a compile).
     */
    private static void compile(Sequential model, JsonNode optimizerNode, JsonNode lossNode, JsonNode metricsNode) {
        Optimizer optimizer;
        Loss loss;
        try {
            optimizer = component(optimizerNode, "optimizer", Catalog::optimizer);
            loss = component(lossNode, "loss", Catalog::loss);
        } catch (IllegalArgumentException e) {
            log.warn("The model's compile config is skipped, the model is loaded uncompiled: {}", e.getMessage());
            return;
        }
        List<String> metrics = new ArrayList<>();
        if (metricsNode != null && metricsNode.isArray()) {
            for (JsonNode m : metricsNode) {
                if (m.isTextual() && !m.asText().equals("loss")) {
                    metrics.add(m.asText());
                } else {
                    log.warn("Metric {} from the compile config skipped: KerasJ takes metrics by name", m);
                }
            }
        }
        try {
            model.compile(optimizer, loss, metrics.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            log.warn("The compile config's metrics {} are skipped: {}", metrics, e.getMessage());
            model.compile(optimizer, loss);
        }
        log.info("Compiled with {} and {} from the file; the optimizer's state (its moments) is not restored",
                optimizer.name(), loss.name());
    }

    /**
     * A loss or optimizer from Keras's form: a name ("adam", "categorical_crossentropy") or an object
     * {@code {"class_name": "Adam", "config": {...}}}. Config keys that KerasJ's component does not have are dropped,
     * with a warning when they are set to something.
     */
    private static <T> T component(JsonNode node, String what,
                                   java.util.function.BiFunction<String, Map<String, Object>, T> create) {
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("no " + what);
        }
        if (node.isTextual()) {
            return create.apply(node.asText(), Map.of());
        }
        // Keras 3 writes a loss given as a function as {"class_name": "function", "config": "<name>"}.
        if ("function".equals(node.path("class_name").asText()) && node.path("config").isTextual()) {
            return create.apply(node.get("config").asText(), Map.of());
        }
        JsonNode cls = node.get("class_name");
        if (cls == null || !cls.isTextual()) {
            throw new IllegalArgumentException(what + " " + node + " is not a Keras " + what + " config");
        }
        // TensorFlow's Keras 2 wrote "Custom>Adam" for its own optimizers.
        String name = snakeCase(cls.asText().replaceFirst("^Custom>", ""));
        name = switch (name) {
            case "r_m_sprop", "rm_sprop" -> "rmsprop";
            case "s_g_d" -> "sgd";
            case "adam_w" -> "adamw";
            case "k_l_divergence" -> "kl_divergence";
            default -> name;
        };
        Set<String> known = configKeys(create.apply(name, Map.of()));
        Map<String, Object> config = new TreeMap<>();
        JsonNode given = node.get("config");
        if (given != null && given.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> all = JSON.convertValue(given, LinkedHashMap.class);
            for (Map.Entry<String, Object> e : all.entrySet()) {
                if (known.contains(e.getKey())) {
                    if (e.getValue() instanceof Map) {
                        throw new IllegalArgumentException(what + " " + name + ": " + e.getKey() + " is "
                                + e.getValue() + " (a schedule or object), which KerasJ cannot restore");
                    }
                    config.put(e.getKey(), e.getValue());
                } else if (!IGNORED_KEYS.contains(e.getKey()) && e.getValue() != null
                        && !Boolean.FALSE.equals(e.getValue())) {
                    log.warn("{} {}: {}={} from the file skipped: KerasJ's {} has no such option", what, name,
                            e.getKey(), e.getValue(), name);
                }
            }
        }
        config.values().removeIf(v -> v == null);
        return create.apply(name, config);
    }

    /** Keys Keras writes that carry no setting KerasJ could honour or needs to report. */
    private static final Set<String> IGNORED_KEYS = Set.of("name", "reduction", "axis", "dtype", "decay",
            "is_legacy_optimizer", "jit_compile", "ema_momentum", "ema_overwrite_frequency");

    private static Set<String> configKeys(Object component) {
        if (component instanceof Optimizer o) {
            return o.config().keySet();
        }
        return ((Loss) component).config().keySet();
    }

    // ------------------------------------------------------------------------------------------ files

    private interface Body<T> {
        T run() throws IOException;
    }

    /** Runs a load, turning every problem with the file into a {@link ModelFormatException} naming it. */
    private static <T> T guarded(Path path, Body<T> body) throws IOException {
        try {
            return body.run();
        } catch (Bad e) {
            throw new ModelFormatException(path, e.getMessage());
        } catch (ModelFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(path, "invalid configuration: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelFormatException(path, "corrupted or truncated data (" + e + ")", e);
        } catch (RuntimeException e) {
            throw new ModelFormatException(path, "cannot be read (" + e + ")", e);
        }
    }

    /**
     * Reads from an HDF5 file with jhdf, turning what jhdf throws at a malformed file (its own exceptions, and the
     * IllegalArgumentException or buffer errors that damaged structures provoke) into a clear error.
     */
    private static <T> T hdf5(String what, Path file, java.util.function.Function<HdfFile, T> read) {
        try (HdfFile hdf = new HdfFile(file)) {
            return read.apply(hdf);
        } catch (Bad e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Bad(what + " is not a valid HDF5 file, or uses HDF5 features that jhdf, KerasJ's HDF5 reader, "
                    + "lacks (" + e + ")");
        }
    }

    private static ZipFile openKerasZip(Path path) throws IOException {
        ZipFile zip = new ZipFile(path.toFile());
        try {
            Set<String> names = new java.util.HashSet<>();
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                if (names.size() >= MAX_ZIP_ENTRIES) {
                    throw new Bad("more than " + MAX_ZIP_ENTRIES + " zip entries");
                }
                if (!names.add(entry.getName())) {
                    throw new Bad("entry \"" + entry.getName() + "\" appears twice");
                }
            }
            if (zip.getEntry(KERAS_CONFIG) == null) {
                throw new Bad("a .keras file without " + KERAS_CONFIG);
            }
            return zip;
        } catch (RuntimeException | Error e) {
            zip.close();
            throw e;
        }
    }

    private static byte[] readEntry(ZipFile zip, String name, int max) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new Bad(name + " is larger than " + max + " bytes");
            }
            return bytes;
        }
    }

    private static JsonNode json(byte[] bytes, String where) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new Bad(where + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new Bad(where + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Bad(where + " cannot be read: " + e.getMessage());
        }
    }

    /** The weights file of a .keras zip, copied to a temporary file (jhdf reads files), deleted on close. */
    private record Extracted(Path file, long size) implements AutoCloseable {
        @Override public void close() throws IOException {
            Files.deleteIfExists(file);
        }
    }

    private static Extracted extract(ZipFile zip) throws IOException {
        ZipEntry entry = zip.getEntry(KERAS_WEIGHTS);
        if (entry == null) {
            throw new Bad("no " + KERAS_WEIGHTS + " entry");
        }
        if (entry.getSize() > MAX_WEIGHTS_BYTES) {
            throw new Bad(KERAS_WEIGHTS + " declares " + entry.getSize() + " bytes, more than the " + MAX_WEIGHTS_BYTES
                    + " KerasJ reads");
        }
        Path file = Files.createTempFile("kerasj-", ".weights.h5");
        long copied = 0;
        try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                copied += n;
                // Against an entry that inflates beyond what it declares (a zip bomb).
                if (copied > MAX_WEIGHTS_BYTES || (entry.getSize() >= 0 && copied > entry.getSize())) {
                    throw new Bad(KERAS_WEIGHTS + " inflates beyond its declared size of " + entry.getSize()
                            + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new Extracted(file, copied);
    }

    /** A string attribute (h5py writes Python str and bytes as variable- or fixed-length strings); null if absent. */
    private static String stringAttribute(Node node, String name) {
        Attribute attribute = node.getAttribute(name);
        if (attribute == null) {
            return null;
        }
        Object data = attribute.getData();
        if (data instanceof String s) {
            return s;
        }
        if (data instanceof String[] a && a.length == 1) {
            return a[0];
        }
        throw new Bad("attribute \"" + name + "\" of " + node.getPath() + " is not a string");
    }

    /** A list-of-strings attribute ({@code layer_names}, {@code weight_names}); null if absent. */
    private static List<String> stringList(Node node, String name) {
        Attribute attribute = node.getAttribute(name);
        if (attribute == null) {
            return null;
        }
        if (attribute.getSize() > MAX_LAYERS) {
            throw new Bad("attribute \"" + name + "\" of " + node.getPath() + " lists " + attribute.getSize()
                    + " names, more than " + MAX_LAYERS);
        }
        if (attribute.isEmpty()) {
            return List.of();
        }
        Object data = attribute.getData();
        if (data instanceof String[] a) {
            return List.of(a);
        }
        if (data instanceof String s) {
            return List.of(s);
        }
        throw new Bad("attribute \"" + name + "\" of " + node.getPath() + " is not a list of strings");
    }
}
