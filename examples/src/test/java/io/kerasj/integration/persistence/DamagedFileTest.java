package io.kerasj.integration.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;


import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kerasj.core.Activation;
import io.kerasj.core.ModelFormatException;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import io.kerasj.core.FitOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of damaged or hostile file is refused with an error naming the file and the problem. */
class DamagedFileTest {

    @TempDir
    Path dir;
    private Path good;

    @BeforeEach
    void saveAGoodModel() throws IOException {
        Sequential model = new Sequential(new Dense(16, Activation.RELU).inputDim(2), new Dense(3, Activation.SOFTMAX))
                .setSeed(4);
        model.compile(new Adam(0.01), new CategoricalCrossentropy(), "accuracy");
        model.fit(Fixtures.x(), Fixtures.oneHot(), new FitOptions().epochs(1).verbose(0));
        good = dir.resolve("good.kjm");
        model.save(good);
    }

    private static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(file.entries())) {
                entries.put(e.getName(), file.getInputStream(e).readAllBytes());
            }
        }
        return entries;
    }

    /** A valid zip (fresh CRCs) holding these entries. */
    private Path zipOf(String name, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        Path file = dir.resolve(name);
        Files.write(file, bytes.toByteArray());
        return file;
    }

    /** The good file with its config.json edited. */
    private Path withConfig(String name, UnaryOperator<String> edit) throws IOException {
        Map<String, byte[]> entries = entries(good);
        String config = new String(entries.get("config.json"), StandardCharsets.UTF_8);
        String edited = edit.apply(config);
        assertTrue(!edited.equals(config), "the edit must change the config");
        entries.put("config.json", edited.getBytes(StandardCharsets.UTF_8));
        return zipOf(name, entries);
    }

    private static String loadError(Path file) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Sequential.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
        assertEquals(file, e.file());
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
        }
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        Path file = Files.write(dir.resolve("empty.kjm"), new byte[0]);

        assertMentions(loadError(file), "empty");
    }

    @Test
    void fileThatIsNotAZipIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.kjm"), "{\"format\": \"kerasj-model\"}");

        assertMentions(loadError(file), "not a zip archive");
    }

    @Test
    void truncatedFileIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(good);
        Path file = Files.write(dir.resolve("truncated.kjm"), Arrays.copyOf(bytes, bytes.length / 2));

        assertMentions(loadError(file), "truncated");
    }

    @Test
    void flippedBitInTheWeightsIsDetected() throws IOException {
        byte[] bytes = Files.readAllBytes(good);
        // The first array's data starts after its 8-byte header and two 8-byte dimensions.
        int array = indexOf(bytes, "KJAR".getBytes(StandardCharsets.US_ASCII));
        bytes[array + 8 + 16 + 40] ^= 0x10;
        Path file = Files.write(dir.resolve("flipped.kjm"), bytes);

        assertMentions(loadError(file), "weights/0.bin", "CRC-32", "corrupted");
    }

    @Test
    void zipFromAnotherProgramIsRefused() throws IOException {
        Path file = zipOf("photos.zip", Map.of("holiday.jpg", new byte[] {1, 2, 3}));

        assertMentions(loadError(file), "holiday.jpg");
    }

    @Test
    void unsupportedFormatVersionIsRefused() throws IOException {
        Path file = withConfig("future.kjm", c -> c.replace("\"format_version\" : 1", "\"format_version\" : 99"));

        assertMentions(loadError(file), "format version 99", "version 1");
    }

    @Test
    void unregisteredLayerTypeIsNeverInstantiated() throws IOException {
        Path file = withConfig("evil.kjm", c -> c.replaceFirst("\"class_name\" : \"Dense\"",
                "\"class_name\" : \"java.lang.ProcessBuilder\""));

        assertMentions(loadError(file), "Unknown layer type \"java.lang.ProcessBuilder\"", "Dense");
    }

    @Test
    void unregisteredOptimizerIsRefused() throws IOException {
        Path file = withConfig("optimizer.kjm", c -> c.replace("\"class_name\" : \"adam\"",
                "\"class_name\" : \"lion\""));

        assertMentions(loadError(file), "Unknown optimizer \"lion\"");
    }

    @Test
    void unregisteredLossIsRefused() throws IOException {
        Path file = withConfig("loss.kjm", c -> c.replace("\"class_name\" : \"categorical_crossentropy\"",
                "\"class_name\" : \"focal_crossentropy\""));

        assertMentions(loadError(file), "Unknown loss \"focal_crossentropy\"");
    }

    @Test
    void absurdLayerSizeIsRefusedBeforeAllocation() throws IOException {
        // 2 x 2e9 float32 weights would need 16 GB, more than the test JVM has: reaching allocation would fail
        // with OutOfMemoryError instead of this message, which the layer gives as it is built, naming itself.
        Path file = withConfig("huge.kjm", c -> c.replace("\"units\" : 16", "\"units\" : 2000000000"));

        String message = loadError(file);
        assertMentions(message, "Dense \"dense\"");
        assertMentions(message, "more than one array can hold");
    }

    /**
     * The good file with {@code count} one-unit Dense layers in place of its own, and an incompressible filler
     * entry large enough for the parameters they declare, so that the loader goes on to create the model.
     */
    private Path withOneUnitLayers(String name, int count) throws IOException {
        Map<String, byte[]> entries = entries(good);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(entries.get("config.json"));
        ArrayNode layers = ((ObjectNode) root.get("model")).putArray("layers");
        for (int i = 0; i < count; i++) {
            layers.addObject().put("class_name", "Dense").putObject("config").put("units", 1);
        }
        entries.put("config.json", json.writeValueAsBytes(root));
        // 2 inputs, then 1 unit per layer: 3 + 2 (count - 1) float32 parameters.
        byte[] filler = new byte[4 * (3 + 2 * count)];
        new Random(1).nextBytes(filler);
        entries.put("weights/0.bin", filler);
        return zipOf(name, entries);
    }

    @Test
    void fileListingMoreLayersThanTheBoundIsRefusedBeforeCreatingThem() throws IOException {
        // The crafted file of the issue: 2^18 one-unit layers (about 12 MB of JSON), which hung the loader.
        Path file = withOneUnitLayers("deep.kjm", 262_144);

        String message = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> loadError(file));

        assertMentions(message, "262144 layers", "10000");
    }

    @Test
    void fileListingLayersUpToTheBoundIsNotRefusedForItsLayerCount() throws IOException {
        Path file = withOneUnitLayers("deep-but-allowed.kjm", 10_000);

        // Refused only once the model is built, for its weights, which the filler does not provide: one kernel and
        // one bias per layer.
        assertMentions(loadError(file), "weight arrays", "20000");
    }

    @Test
    void configValueOfTheWrongTypeIsRefused() throws IOException {
        Path file = withConfig("typo.kjm", c -> c.replace("\"units\" : 16", "\"units\" : \"sixteen\""));

        assertMentions(loadError(file), "layer 0", "\"units\"", "integer", "sixteen");
    }

    @Test
    void unknownConfigKeyIsRefused() throws IOException {
        Path file = withConfig("key.kjm", c -> c.replace("\"units\" : 16", "\"units\" : 16, \"dropout\" : 0.5"));

        assertMentions(loadError(file), "unknown config key \"dropout\"");
    }

    @Test
    void arrayDeclaringAnAbsurdShapeIsRefusedBeforeReadingIt() throws IOException {
        Map<String, byte[]> entries = entries(good);
        ByteBuffer header = ByteBuffer.wrap(entries.get("weights/0.bin")).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(8, 1L << 40);
        header.putLong(16, 1L << 40);
        Path file = zipOf("shape.kjm", entries);

        assertMentions(loadError(file), "weights/0.bin", "[1099511627776, 1099511627776]", "expects [2, 16]");
    }

    @Test
    void weightsDisagreeingWithTheArchitectureAreRefused() throws IOException {
        Path file = withConfig("narrow.kjm", c -> c.replace("\"units\" : 16", "\"units\" : 8"));

        assertMentions(loadError(file), "weights/0.bin", "[2, 16]", "expects [2, 8]");
    }

    @Test
    void extraWeightArrayIsRefused() throws IOException {
        Map<String, byte[]> entries = entries(good);
        entries.put("weights/4.bin", entries.get("weights/3.bin"));
        Path file = zipOf("extra.kjm", entries);

        assertMentions(loadError(file), "5 weight arrays", "architecture has 4");
    }

    @Test
    void pathTraversalEntryIsRefused() throws IOException {
        Map<String, byte[]> entries = entries(good);
        entries.put("weights/../../../etc/cron.d/evil", new byte[] {1});
        Path file = zipOf("traversal.kjm", entries);

        assertMentions(loadError(file), "weights/../../../etc/cron.d/evil", "outside a directory");
    }

    @Test
    void absoluteEntryPathIsRefused() throws IOException {
        Map<String, byte[]> entries = entries(good);
        entries.put("/tmp/evil", new byte[] {1});
        Path file = zipOf("absolute.kjm", entries);

        assertMentions(loadError(file), "/tmp/evil", "outside a directory");
    }

    @Test
    void loadWeightsIntoADifferentArchitectureIsRefused() throws IOException {
        Sequential other = new Sequential(new Dense(12, Activation.RELU).inputDim(2), new Dense(3, Activation.SOFTMAX));

        ModelFormatException e = assertThrows(ModelFormatException.class, () -> other.loadWeights(good));

        assertMentions(e.getMessage(), good.toString(), "[2, 16]", "expects [2, 12]");
    }

    @Test
    void failedLoadWeightsLeavesTheModelsWeightsUnchanged() throws IOException {
        // The first layer matches the file, the second does not (4 outputs instead of 3).
        Sequential other = new Sequential(new Dense(16, Activation.RELU).inputDim(2), new Dense(4, Activation.SOFTMAX));
        other.build(2);
        double[] before = Fixtures.values(other.getWeights());

        assertThrows(ModelFormatException.class, () -> other.loadWeights(good));

        assertArrayEquals(before, Fixtures.values(other.getWeights()));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
