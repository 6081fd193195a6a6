package io.kerasj.saving;

import io.kerasj.core.Catalog;
import io.kerasj.core.Layer;
import io.kerasj.core.Loss;
import io.kerasj.core.Metric;
import io.kerasj.core.ModelFormatException;
import io.kerasj.core.Optimizer;
import io.kerasj.core.Sequential;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@link Sequential} models: the code behind {@link Sequential#save}, {@link Sequential#load},
 * {@link Sequential#saveWeights} and {@link Sequential#loadWeights}.
 *
 * <h2>File format (format version 1)</h2>
 * A zip archive, shaped like Keras's {@code .keras} file:
 * <ul>
 *   <li>{@code config.json} (deflated), the first entry:
 * <pre>{@code
 * {"format": "kerasj-model", "format_version": 1,
 *  "model": {"class_name": "Sequential", "dtype": "float32", "seed": 42, "input_width": 2,
 *            "layers": [{"class_name": "Dense",
 *                        "config": {"activation": "relu", ..., "name": "dense", "units": 12, ...}}, ...]},
 *  "compile": {"loss": {"class_name": "categorical_crossentropy", "config": {...}},
 *              "optimizer": {"class_name": "adam", "config": {...}, "iterations": 120, "state": ["m", "v"]},
 *              "metrics": ["accuracy", {"class_name": "AUC", "config": {"curve": "PR", ...}}]}}
 * }</pre>
 *   {@code compile} is null for {@code saveWeights} files and for models saved before {@code compile}.</li>
 *   <li>{@code weights/<i>.bin} (stored), one per weight tensor in {@link Sequential#getWeights()} order.</li>
 *   <li>{@code optimizer/<name>.bin} (stored), one per name in {@code compile.optimizer.state}: flat arrays
 *   laid out like {@link io.kerasj.core.Parameters#values()}.</li>
 * </ul>
 * Each {@code .bin} entry is one array: the 4 ASCII bytes {@code KJAR}; a byte array-format version (1); a
 * byte data type (1 = float32, 2 = float64); a byte rank r (1 to 8); a zero byte; r dimensions as int64;
 * then the elements in C order as IEEE 754 values. Every number is little-endian.
 *
 * <p>Saving the same model gives the same bytes: the keys of each component's {@code config} and the names in
 * {@code compile.optimizer.state} are sorted (a component may list them in any order, {@code Map.of} even in a
 * different order in every JVM), and every entry carries the same time, {@link #ENTRY_TIME}, not the clock's.
 *
 * <h2>Safety</h2>
 * Saving writes a temporary file in the target's directory, forces it to disk and atomically renames it
 * over the target, so an interrupted save leaves the previous file untouched. A save killed mid-write
 * leaves its temporary file, {@code .<name>.<digits>.tmp}, behind; the next save of the same target deletes
 * it. Loading checks, before allocating anything: entry names (no absolute paths, no {@code ..}, nothing
 * outside the layout above, no duplicates); the format and its version; the number of layers (at most
 * {@value #MAX_LAYERS}); that every type name is registered in a {@link Catalog} (nothing is instantiated by
 * class name); that the parameter count the architecture implies fits in the file (arrays are stored
 * uncompressed); and that each array's declared shape is exactly the one the architecture expects. Every
 * entry's CRC-32 is verified, so a flipped bit is reported rather than loaded. Problems are thrown as
 * {@link ModelFormatException}, naming the file and the problem.
 */
public final class ModelArchive {

    static final String FORMAT = "kerasj-model";
    static final int FORMAT_VERSION = 1;
    static final String CONFIG_ENTRY = "config.json";

    /**
     * The time of every entry: fixed, so that two saves of a model differ in no byte. A local date-time, since a
     * zip entry's DOS time has no time zone and an instant would be stored in the JVM's. Two seconds past the
     * earliest DOS time, as {@code jar --date} and Maven's reproducible builds require: ZipEntry takes 1980-01-01
     * 00:00:00 for "before 1980" and adds an extended timestamp, an instant in the JVM's time zone.
     */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0, 2);

    private static final byte[] ARRAY_MAGIC = {'K', 'J', 'A', 'R'};
    private static final int ARRAY_VERSION = 1;
    private static final int MAX_RANK = 8;
    private static final int MAX_CONFIG_BYTES = 16 << 20;
    private static final int MAX_ENTRIES = 100_000;

    /**
     * Most layers a file may list, checked before any layer is created. The loader must create every listed
     * layer before it can check the layers against the weights, and the per-layer work (naming, building, a
     * native array per weight) adds up: a crafted file of 262,000 one-unit layers, well within
     * {@link #MAX_CONFIG_BYTES}, hung the loader. 10,000 is far more than any stack of Dense layers that trains,
     * so the bound refuses only crafted or broken files.
     */
    private static final int MAX_LAYERS = 10_000;

    private static final Pattern SAFE_ENTRY = Pattern.compile("config\\.json|weights/(0|[1-9][0-9]{0,8})\\.bin"
            + "|optimizer/[a-z][a-z0-9_]{0,63}\\.bin");
    private static final Pattern STATE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private static final Logger log = LoggerFactory.getLogger(ModelArchive.class);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ModelArchive() {}

    /** Something wrong with the file; turned into a {@link ModelFormatException} naming the file. */
    private static final class Bad extends RuntimeException {
        Bad(String message) {
            super(message);
        }
    }

    /** What the save writes into the archive (so a test can make it fail part-way). */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    // ------------------------------------------------------------------------------------------ save

    /** What {@link Sequential#save} and {@link Sequential#saveWeights} do; a {@code .keras} model goes to {@link KerasWriter}. */
    public static void save(Sequential model, Path path, boolean withCompile) throws IOException {
        if (withCompile && path.getFileName() != null
                && path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".keras")) {
            KerasWriter.save(model, path);
            return;
        }
        if (!model.isBuilt()) {
            throw new IllegalStateException("Sequential.save: the model is not built yet; call build(inputShape...), "
                    + "fit or predict first, or declare the input shape (Input, inputShape, inputDim)");
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("format_version", FORMAT_VERSION);
        Map<String, Object> architecture = new LinkedHashMap<>();
        architecture.put("class_name", "Sequential");
        architecture.put("dtype", model.dataType() == DataType.DOUBLE ? "float64" : "float32");
        architecture.put("seed", model.seed());
        long[] inputShape = model.layers().get(0).inputShape();
        if (inputShape.length == 1) {
            architecture.put("input_width", inputShape[0]);
        } else {
            architecture.put("input_shape", inputShape);
        }
        List<Object> layers = new ArrayList<>();
        for (Layer layer : model.layers()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("class_name", layer.typeName());
            entry.put("config", new TreeMap<>(layer.config()));
            layers.add(entry);
        }
        architecture.put("layers", layers);
        root.put("model", architecture);

        Map<String, INDArray> arrays = new LinkedHashMap<>();
        List<INDArray> weights = model.parameters().weights();
        for (int i = 0; i < weights.size(); i++) {
            arrays.put("weights/" + i + ".bin", weights.get(i));
        }
        Map<String, Object> compile = null;
        if (withCompile && model.optimizer() != null) {
            compile = new LinkedHashMap<>();
            Map<String, Object> loss = new LinkedHashMap<>();
            loss.put("class_name", model.loss().name());
            loss.put("config", new TreeMap<>(model.loss().config()));
            compile.put("loss", loss);
            Optimizer optimizer = model.optimizer();
            Map<String, INDArray> state = new TreeMap<>(optimizer.state());
            Map<String, Object> opt = new LinkedHashMap<>();
            opt.put("class_name", optimizer.name());
            opt.put("config", new TreeMap<>(optimizer.config()));
            opt.put("iterations", optimizer.iterations());
            opt.put("state", List.copyOf(state.keySet()));
            compile.put("optimizer", opt);
            compile.put("metrics", model.metrics().stream().map(Metric::serialize).toList());
            for (Map.Entry<String, INDArray> e : state.entrySet()) {
                if (!STATE_NAME.matcher(e.getKey()).matches()) {
                    throw new IllegalStateException("Optimizer " + optimizer.name() + ": state name \""
                            + e.getKey() + "\" must match " + STATE_NAME);
                }
                arrays.put("optimizer/" + e.getKey() + ".bin", e.getValue());
            }
        }
        root.put("compile", compile);
        byte[] config = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);

        writeAtomically(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            ZipEntry configEntry = new ZipEntry(CONFIG_ENTRY);
            configEntry.setTimeLocal(ENTRY_TIME);
            zip.putNextEntry(configEntry);
            zip.write(config);
            zip.closeEntry();
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                // Stored, not deflated: float data barely compresses, and the loader can then bound every
                // array by the file's size before allocating it.
                putStored(zip, e.getKey(), encode(e.getValue()));
            }
            zip.finish();
        });
    }

    /** Adds an uncompressed entry, with its size and CRC-32 up front and the fixed {@link #ENTRY_TIME}. */
    static void putStored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    /**
     * Writes {@code target} through a temporary file in the same directory, {@code .<name>.<digits>.tmp}, forced
     * to disk and then atomically moved over {@code target}. If {@code body} fails, the temporary file is deleted
     * and {@code target} is left as it was. Temporary files of the same target that earlier writes left behind
     * are deleted first (see {@link #deleteStaleTemporaries}).
     */
    /** Package-visible for its test. */
    static void writeAtomically(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        String prefix = "." + absolute.getFileName() + ".";
        Path temporary = Files.createTempFile(directory, prefix, ".tmp");
        boolean moved = false;
        try {
            // Before the body, so that the space a stale file holds is free for this one.
            deleteStaleTemporaries(directory, prefix, temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                body.writeTo(out);
                out.flush();
                // On disk before the rename publishes it: otherwise a power cut could leave a renamed, empty file.
                channel.force(true);
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            forceDirectory(directory);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /**
     * Deletes the temporary files of this target other than {@code current}: regular files named exactly as
     * {@link Files#createTempFile} names them, {@code prefix}, decimal digits, {@code .tmp}; nothing else, not
     * even a link or directory of such a name. The finally block of {@link #writeAtomically} deletes its file
     * when the body fails, but a killed process runs no finally block, so such files are left by saves killed
     * mid-write. A concurrent save of the same target would lose its file too and fail; but two saves of one
     * path at once would race for it anyway. Best effort: a file that cannot be deleted is logged and left.
     */
    private static void deleteStaleTemporaries(Path directory, String prefix, Path current) {
        Pattern name = Pattern.compile(Pattern.quote(prefix) + "[0-9]+\\.tmp");
        DirectoryStream.Filter<Path> stale = file -> !file.equals(current)
                && name.matcher(file.getFileName().toString()).matches()
                && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, stale)) {
            for (Path file : files) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.warn("Could not delete {}, left by an interrupted save: {}", file, e.toString());
                }
            }
        } catch (IOException e) {
            log.warn("Could not look for temporary files left by interrupted saves in {}: {}", directory,
                    e.toString());
        }
    }

    /**
     * Makes the rename itself durable where the platform allows it (POSIX file systems); elsewhere opening a
     * directory fails, and the rename is as durable as the platform makes it.
     */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort only: the file is already complete and in place.
        }
    }

    /** One array in the {@code .bin} layout described in the class comment. */
    static byte[] encode(INDArray array) {
        long[] shape = array.shape();
        boolean isDouble = array.dataType() == DataType.DOUBLE;
        int element = isDouble ? 8 : 4;
        long n = array.length();
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(8 + 8L * shape.length + n * element))
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(ARRAY_MAGIC).put((byte) ARRAY_VERSION).put((byte) (isDouble ? 2 : 1))
                .put((byte) shape.length).put((byte) 0);
        for (long d : shape) {
            buffer.putLong(d);
        }
        INDArray flat = array.dup('c').reshape(n);
        if (isDouble) {
            buffer.asDoubleBuffer().put(flat.toDoubleVector());
        } else {
            buffer.asFloatBuffer().put(flat.toFloatVector());
        }
        return buffer.array();
    }

    // ------------------------------------------------------------------------------------------ load

    /** What {@link Sequential#load(Path, boolean)} does; Keras's files, told by content, go to {@link KerasReader}. */
    public static Sequential load(Path path, boolean withCompile) throws IOException {
        switch (KerasReader.kind(path)) {
            case KERAS_ZIP -> {
                return KerasReader.loadKeras(path, withCompile);
            }
            case KERAS_HDF5 -> {
                return KerasReader.loadHdf5(path, withCompile);
            }
            default -> { }
        }
        try (ZipFile zip = open(path)) {
            JsonNode root = readConfig(zip);
            JsonNode architecture = field(root, "model");
            DataType dataType = switch (text(architecture, "dtype")) {
                case "float32" -> DataType.FLOAT;
                case "float64" -> DataType.DOUBLE;
                default -> throw new Bad("model.dtype must be \"float32\" or \"float64\", not \""
                        + text(architecture, "dtype") + "\"");
            };
            if (!"Sequential".equals(text(architecture, "class_name"))) {
                throw new Bad("model.class_name \"" + text(architecture, "class_name") + "\" is not supported; "
                        + "only \"Sequential\"");
            }
            JsonNode seed = field(architecture, "seed");
            if (!seed.canConvertToExactIntegral() || !seed.canConvertToLong()) {
                throw new Bad("model.seed must be an integer, not " + seed);
            }
            long[] inputShape = inputShape(architecture);

            // The layers are created twice: once to work out the weight shapes without allocating anything,
            // once for the model (a layer's build is called once in its life).
            List<long[]> shapes = new ArrayList<>();
            List<long[]> trainable = new ArrayList<>();
            long[] shape = inputShape;
            for (Layer layer : layers(architecture)) {
                long[] declared = layer.declaredInputShape();
                if (declared != null && !Arrays.equals(declared, shape)) {
                    throw new Bad("layer \"" + layer.name() + "\" declares input shape " + Arrays.toString(declared)
                            + " but receives " + Arrays.toString(shape));
                }
                layer.build(shape, dataType, null);
                shapes.addAll(weightShapes(layer));
                trainable.addAll(layer.weightShapes());
                shape = layer.outputShape();
            }
            long parameterCount = count(shapes, "the architecture");
            long bytes = parameterCount * (dataType == DataType.DOUBLE ? 8 : 4);
            long fileSize = Files.size(path);
            if (parameterCount > Integer.MAX_VALUE || bytes > fileSize) {
                throw new Bad("the architecture declares " + parameterCount + " parameters (" + bytes
                        + " bytes) but the file holds only " + fileSize + " bytes: truncated, or an absurd size");
            }

            Sequential model = new Sequential(dataType, layers(architecture).toArray(Layer[]::new));
            model.setSeed(seed.asLong());
            model.build(inputShape);
            readWeights(zip, model, shapes);

            JsonNode compile = root.get("compile");
            if (withCompile && compile != null && !compile.isNull()) {
                compile(zip, model, compile, count(trainable, "the trainable weights"));
            }
            return model;
        } catch (Bad e) {
            throw new ModelFormatException(path, e.getMessage());
        } catch (IllegalArgumentException e) {
            // A factory or constructor refused a value from the file.
            throw new ModelFormatException(path, "invalid configuration: " + e.getMessage(), e);
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException e) {
            // Corrupted deflate data, or an entry shorter than the directory says.
            throw new ModelFormatException(path, "corrupted or truncated data (" + e + ")", e);
        }
    }

    /** What {@link Sequential#loadWeights} does. */
    public static void loadWeights(Sequential model, Path path) throws IOException {
        if (!model.isBuilt()) {
            long[] declared = model.layers().isEmpty() ? null : model.layers().get(0).declaredInputShape();
            if (declared == null) {
                throw new IllegalStateException("Sequential.loadWeights: the model is not built yet; call "
                        + "build(inputShape...) first, or declare the input shape (Input, inputShape, inputDim)");
            }
            model.build(declared);
        }
        KerasReader.Kind kind = KerasReader.kind(path);
        if (kind != KerasReader.Kind.KERASJ) {
            KerasReader.loadWeights(model, path, kind);
            return;
        }
        try (ZipFile zip = open(path)) {
            JsonNode root = readConfig(zip);
            JsonNode layers = field(field(root, "model"), "layers");
            if (!layers.isArray() || layers.size() != model.layers().size()) {
                throw new Bad("the file describes " + layers.size() + " layers but the model has "
                        + model.layers().size());
            }
            List<long[]> shapes = new ArrayList<>();
            model.layers().forEach(l -> shapes.addAll(weightShapes(l)));
            readWeights(zip, model, shapes);
        } catch (Bad e) {
            throw new ModelFormatException(path, e.getMessage());
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException e) {
            // Corrupted deflate data, or an entry shorter than the directory says.
            throw new ModelFormatException(path, "corrupted or truncated data (" + e + ")", e);
        }
    }

    /** Opens the archive and checks its entry names before anything is read. */
    private static ZipFile open(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new ModelFormatException(path, Files.exists(path) ? "not a regular file" : "no such file");
        }
        if (Files.size(path) == 0) {
            throw new ModelFormatException(path, "the file is empty (0 bytes); an interrupted copy?");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new ModelFormatException(path, "not a KerasJ model file: not a zip archive, or truncated ("
                    + e.getMessage() + ")", e);
        }
        try {
            Set<String> seen = new HashSet<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith("/") || name.startsWith("\\") || name.contains("..") || name.contains(":")
                        || name.contains("\\")) {
                    throw new Bad("entry \"" + name + "\" would be written outside a directory (absolute path or "
                            + "path traversal); refusing the file");
                }
                if (!SAFE_ENTRY.matcher(name).matches()) {
                    throw new Bad("unexpected entry \"" + name + "\"; not a KerasJ model file?");
                }
                if (!seen.add(name)) {
                    throw new Bad("entry \"" + name + "\" appears twice");
                }
                if (seen.size() > MAX_ENTRIES) {
                    throw new Bad("more than " + MAX_ENTRIES + " entries");
                }
            }
            if (!seen.contains(CONFIG_ENTRY)) {
                throw new Bad("no " + CONFIG_ENTRY + " entry; not a KerasJ model file");
            }
            return zip;
        } catch (Bad e) {
            zip.close();
            throw new ModelFormatException(path, e.getMessage());
        } catch (RuntimeException | Error e) {
            zip.close();
            throw e;
        }
    }

    private static JsonNode readConfig(ZipFile zip) throws IOException {
        ZipEntry entry = zip.getEntry(CONFIG_ENTRY);
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
        }
        if (bytes.length > MAX_CONFIG_BYTES) {
            throw new Bad(CONFIG_ENTRY + " is larger than " + MAX_CONFIG_BYTES + " bytes");
        }
        checkCrc(entry, bytes, bytes.length);
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new Bad(CONFIG_ENTRY + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Bad(CONFIG_ENTRY + " is not a JSON object");
        }
        if (!FORMAT.equals(root.path("format").asText(null))) {
            throw new Bad("not a KerasJ model file (format is " + root.get("format") + ", expected \"" + FORMAT + "\")");
        }
        JsonNode version = root.get("format_version");
        if (version == null || !version.isInt() || version.asInt() != FORMAT_VERSION) {
            throw new Bad("format version " + version + " is not supported; this KerasJ reads version "
                    + FORMAT_VERSION);
        }
        return root;
    }

    /** A layer's weight shapes in {@link Sequential#getWeights()} order: trainable, then non-trainable. */
    private static List<long[]> weightShapes(Layer layer) {
        List<long[]> shapes = new ArrayList<>(layer.weightShapes());
        shapes.addAll(layer.nonTrainableWeightShapes());
        return shapes;
    }

    /** {@code input_shape} (a list of sizes), or {@code input_width} for vectors as format 1 first wrote it. */
    private static long[] inputShape(JsonNode architecture) {
        JsonNode list = architecture.get("input_shape");
        if (list == null || list.isNull()) {
            return new long[] {positiveInt(architecture, "input_width")};
        }
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_RANK) {
            throw new Bad("model.input_shape must be a list of 1 to " + MAX_RANK + " sizes, not " + list);
        }
        long[] shape = new long[list.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = list.get(i);
            if (!d.canConvertToExactIntegral() || !d.canConvertToInt() || d.asInt() <= 0) {
                throw new Bad("model.input_shape must hold positive integers, not " + list);
            }
            shape[i] = d.asInt();
        }
        return shape;
    }

    /** New layers from the architecture's configs, through the registered factories only. */
    private static List<Layer> layers(JsonNode architecture) {
        JsonNode list = field(architecture, "layers");
        if (!list.isArray() || list.isEmpty()) {
            throw new Bad("model.layers must be a non-empty list");
        }
        if (list.size() > MAX_LAYERS) {
            throw new Bad("model.layers lists " + list.size() + " layers, more than the " + MAX_LAYERS
                    + " a model file may have");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String type = text(node, "class_name");
            try {
                layers.add(Catalog.layer(type, configMap(node)));
            } catch (IllegalArgumentException e) {
                throw new Bad("layer " + i + ": " + e.getMessage());
            }
        }
        return layers;
    }

    private static void compile(ZipFile zip, Sequential model, JsonNode compile, long parameterCount)
            throws IOException {
        JsonNode lossNode = field(compile, "loss");
        JsonNode optimizerNode = field(compile, "optimizer");
        Loss loss;
        Optimizer optimizer;
        try {
            loss = Catalog.loss(text(lossNode, "class_name"), configMap(lossNode));
            optimizer = Catalog.optimizer(text(optimizerNode, "class_name"), configMap(optimizerNode));
        } catch (IllegalArgumentException e) {
            throw new Bad("compile: " + e.getMessage());
        }
        JsonNode metricsNode = field(compile, "metrics");
        if (!metricsNode.isArray()) {
            throw new Bad("compile.metrics must be a list of names and {class_name, config} objects");
        }
        List<Metric> metrics = new ArrayList<>();
        for (JsonNode m : metricsNode) {
            if (!m.isTextual() && !m.isObject()) {
                throw new Bad("compile.metrics must be a list of names and {class_name, config} objects, not "
                        + metricsNode);
            }
            try {
                metrics.add(Metric.deserialize(JSON.convertValue(m, Object.class)));
            } catch (IllegalArgumentException e) {
                // A metric of the user's own cannot be recreated from a file; the model still loads without it.
                log.warn("Loading {}: skipping the metric {}: {}. Compile the model again to use it.", zip.getName(),
                        m, e.getMessage());
            }
        }
        model.compile(optimizer, loss, metrics);

        JsonNode iterations = field(optimizerNode, "iterations");
        if (!iterations.canConvertToExactIntegral() || !iterations.canConvertToLong() || iterations.asLong() < 0) {
            throw new Bad("compile.optimizer.iterations must be an integer >= 0, not " + iterations);
        }
        JsonNode names = field(optimizerNode, "state");
        if (!names.isArray()) {
            throw new Bad("compile.optimizer.state must be a list of names");
        }
        Map<String, INDArray> state = new LinkedHashMap<>();
        for (JsonNode n : names) {
            String name = n.asText("");
            if (!n.isTextual() || !STATE_NAME.matcher(name).matches() || state.containsKey(name)) {
                throw new Bad("compile.optimizer.state: invalid or repeated name " + n);
            }
            state.put(name, readArray(zip, "optimizer/" + name + ".bin", new long[] {parameterCount},
                    "optimizer state \"" + name + "\"").castTo(model.dataType()));
        }
        long extra = zip.stream().filter(e -> e.getName().startsWith("optimizer/")).count() - state.size();
        if (extra != 0) {
            throw new Bad("the file holds optimizer arrays not listed in compile.optimizer.state");
        }
        optimizer.setState(state, iterations.asLong());
    }

    /** Reads every weight array, checking each against {@code shapes} before reading its data. */
    private static void readWeights(ZipFile zip, Sequential model, List<long[]> shapes) throws IOException {
        long inFile = zip.stream().filter(e -> e.getName().startsWith("weights/")).count();
        if (inFile != shapes.size()) {
            throw new Bad("the file holds " + inFile + " weight arrays but the architecture has " + shapes.size());
        }
        // All read and checked before any is assigned, so a bad file leaves the model's weights as they were.
        List<INDArray> arrays = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            arrays.add(readArray(zip, "weights/" + i + ".bin", shapes.get(i), "weight " + i));
        }
        List<INDArray> views = model.parameters().weights();
        for (int i = 0; i < arrays.size(); i++) {
            INDArray array = arrays.get(i);
            views.get(i).assign(array.dataType() == model.dataType() ? array : array.castTo(model.dataType()));
        }
    }

    /**
     * One array in the {@code .bin} layout: the header is checked against {@code expected} before the data is
     * read (so a declared size never drives an allocation), then the entry's CRC-32.
     */
    private static INDArray readArray(ZipFile zip, String name, long[] expected, String what) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new Bad("missing entry " + name + " (" + what + ")");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] head = in.readNBytes(8);
            if (head.length < 8 || !Arrays.equals(Arrays.copyOf(head, 4), ARRAY_MAGIC) || head[4] != ARRAY_VERSION) {
                throw new Bad(name + " (" + what + ") is not an array entry of version " + ARRAY_VERSION);
            }
            int type = head[5];
            int rank = head[6];
            if ((type != 1 && type != 2) || rank < 1 || rank > MAX_RANK) {
                throw new Bad(name + " (" + what + ") declares data type " + type + " and rank " + rank
                        + "; expected type 1 or 2 and rank 1 to " + MAX_RANK);
            }
            ByteBuffer dimsBytes = ByteBuffer.wrap(in.readNBytes(8 * rank)).order(ByteOrder.LITTLE_ENDIAN);
            if (dimsBytes.capacity() < 8 * rank) {
                throw new Bad(name + " (" + what + ") is truncated in its header");
            }
            long[] shape = new long[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = dimsBytes.getLong();
            }
            if (!Arrays.equals(shape, expected)) {
                throw new Bad(name + " (" + what + ") has shape " + Arrays.toString(shape)
                        + " but the architecture expects " + Arrays.toString(expected));
            }
            int element = type == 2 ? 8 : 4;
            long n = count(List.of(expected), what);
            int dataBytes = Math.toIntExact(n * element);
            long total = 8L + 8L * rank + dataBytes;
            if (entry.getSize() != total) {
                throw new Bad(name + " (" + what + ") is " + entry.getSize() + " bytes; its shape needs " + total);
            }
            byte[] all = new byte[(int) total];
            System.arraycopy(head, 0, all, 0, 8);
            dimsBytes.rewind();
            dimsBytes.get(all, 8, 8 * rank);
            int headerBytes = 8 + 8 * rank;
            int read = in.readNBytes(all, headerBytes, dataBytes);
            if (read != dataBytes || in.read() != -1) {
                throw new Bad(name + " (" + what + ") is truncated: " + read + " of " + dataBytes + " data bytes");
            }
            checkCrc(entry, all, all.length);
            ByteBuffer data = ByteBuffer.wrap(all, headerBytes, dataBytes).slice().order(ByteOrder.LITTLE_ENDIAN);
            if (type == 2) {
                double[] values = new double[(int) n];
                data.asDoubleBuffer().get(values);
                return Nd4j.create(values, expected, 'c');
            }
            float[] values = new float[(int) n];
            data.asFloatBuffer().get(values);
            return Nd4j.create(values, expected, 'c');
        }
    }

    private static void checkCrc(ZipEntry entry, byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw new Bad("entry " + entry.getName() + " fails its CRC-32 check: the file is corrupted");
        }
    }

    private static long count(List<long[]> shapes, String what) {
        long total = 0;
        try {
            for (long[] shape : shapes) {
                long n = 1;
                for (long d : shape) {
                    if (d <= 0) {
                        throw new Bad(what + " has a weight of shape " + Arrays.toString(shape));
                    }
                    n = Math.multiplyExact(n, d);
                }
                total = Math.addExact(total, n);
            }
        } catch (ArithmeticException e) {
            throw new Bad(what + " declares more parameters than can be counted: an absurd size");
        }
        return total;
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new Bad(CONFIG_ENTRY + ": missing \"" + name + "\"");
        }
        return value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isTextual()) {
            throw new Bad(CONFIG_ENTRY + ": \"" + name + "\" must be a string, not " + value);
        }
        return value.asText();
    }

    private static int positiveInt(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isInt() || value.asInt() <= 0) {
            throw new Bad(CONFIG_ENTRY + ": \"" + name + "\" must be a positive integer, not " + value);
        }
        return value.asInt();
    }

    /** A component's "config" object as plain JSON values (String, Integer/Long, Double, Boolean, null). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> configMap(JsonNode node) {
        JsonNode config = field(node, "config");
        if (!config.isObject()) {
            throw new Bad(CONFIG_ENTRY + ": \"config\" must be an object, not " + config);
        }
        return JSON.convertValue(config, LinkedHashMap.class);
    }
}
