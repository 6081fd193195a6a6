package io.kerasj.integration.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerasj.core.ModelFormatException;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Input;
import io.kerasj.optimizers.Adam;
import io.kerasj.optimizers.RMSprop;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras files in: models written in Keras's layouts by src/test/resources/keras/make_fixtures.py (h5py, no Keras),
 * with the predictions its NumPy forward pass computed (expected.json). Files out: .keras written and read back.
 */
class KerasFilesTest {

    private static final JsonNode EXPECTED = expected();

    @TempDir
    Path dir;

    private static Path fixture(String name) {
        try {
            return Path.of(KerasFilesTest.class.getResource("/keras/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode expected() {
        try {
            return new ObjectMapper().readTree(fixture("expected.json").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[][] matrix(JsonNode node) {
        double[][] m = new double[node.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new double[node.get(i).size()];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = node.get(i).get(j).asDouble();
            }
        }
        return m;
    }

    /** The fixture's inputs, shaped as the model reads them. */
    private static INDArray inputs(String key) {
        JsonNode e = EXPECTED.get(key);
        INDArray flat = Nd4j.createFromArray(matrix(e.get("x"))).castTo(DataType.FLOAT);
        long[] shape = new long[e.get("input_shape").size() + 1];
        shape[0] = flat.size(0);
        for (int d = 1; d < shape.length; d++) {
            shape[d] = e.get("input_shape").get(d - 1).asLong();
        }
        return flat.reshape(shape);
    }

    /** float32 predictions against NumPy's float64 forward pass of the same float32 weights. */
    private static void assertPredicts(Sequential model, String key) {
        double[][] expected = matrix(EXPECTED.get(key).get("y"));
        INDArray y = model.predict(inputs(key));
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(expected[i][j], y.getDouble(i, j), 2e-5 * Math.max(1, Math.abs(expected[i][j])),
                        key + " row " + i + " column " + j);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp.keras", "windows.keras", "normalized.keras", "keras2.h5", "keras3_legacy.h5"})
    void loadsAKerasModelThatPredictsAsNumPy(String name) throws IOException {
        Sequential model = Sequential.load(fixture(name));
        assertPredicts(model, name);
    }

    @Test
    void aKerasFileKeepsItsLayerNamesAndTypes() throws IOException {
        Sequential model = Sequential.load(fixture("mlp.keras"));
        assertEquals(List.of("dense", "dropout", "dense_1", "batch_normalization", "dense_2"),
                model.layers().stream().map(l -> l.name()).toList());
        assertEquals("gelu", model.getLayer("dense_1").activation().name());
        // 4·8 + 8, 8·6 + 6, 4·6 (gamma, beta, moving mean and variance), 6·3 + 3.
        assertEquals(40 + 54 + 24 + 21, model.countParams());
    }

    @Test
    void theCompileConfigRestoresOptimizerLossAndMetrics() throws IOException {
        Sequential model = Sequential.load(fixture("mlp.keras"));
        assertTrue(model.optimizer() instanceof Adam);
        assertEquals(0.01, ((Number) model.optimizer().config().get("learning_rate")).doubleValue(), 1e-12);
        assertEquals("categorical_crossentropy", model.loss().name());
        assertEquals(List.of("accuracy"), model.metricNames());

        Sequential keras2 = Sequential.load(fixture("keras2.h5"));
        assertTrue(keras2.optimizer() instanceof RMSprop);
        assertEquals(0.002, ((Number) keras2.optimizer().config().get("learning_rate")).doubleValue(), 1e-12);
        assertEquals("binary_crossentropy", keras2.loss().name());
    }

    @Test
    void loadingWithoutCompileLeavesTheModelUncompiled() throws IOException {
        assertNull(Sequential.load(fixture("mlp.keras"), false).optimizer());
    }

    @ParameterizedTest
    @ValueSource(strings = {"weights_keras2.h5", "weights_keras3.weights.h5"})
    void loadWeightsReadsKerasWeightsIntoAModelBuiltInJava(String name) throws IOException {
        Sequential model = new Sequential(new Input(4), new Dense(3, "relu"), new Dense(2));
        model.build(4);
        model.loadWeights(fixture(name));
        assertPredicts(model, "weights");
    }

    @Test
    void savedKerasFileLoadsBackWithIdenticalPredictions() throws IOException {
        Sequential model = Sequential.load(fixture("mlp.keras"));
        Path file = dir.resolve("round.keras");
        model.save(file);
        Sequential back = Sequential.load(file);
        INDArray x = inputs("mlp.keras");
        assertArrayEquals(model.predict(x).dup().ravel().toFloatVector(), back.predict(x).dup().ravel().toFloatVector(), 0f);
        assertTrue(back.optimizer() instanceof Adam);
        assertEquals(model.summaryText(), back.summaryText());
    }

    @Test
    void aSavedKerasFileHasKerasLayout() throws IOException {
        Sequential model = Sequential.load(fixture("windows.keras"));
        Path file = dir.resolve("layout.keras");
        model.save(file);
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            assertNotNull(zip.getEntry("metadata.json"));
            assertNotNull(zip.getEntry("model.weights.h5"));
            JsonNode config = new ObjectMapper().readTree(zip.getInputStream(zip.getEntry("config.json")));
            assertEquals("Sequential", config.get("class_name").asText());
            assertEquals("keras", config.get("module").asText());
            JsonNode layers = config.get("config").get("layers");
            assertEquals("InputLayer", layers.get(0).get("class_name").asText());
            assertEquals("[null,3]", layers.get(0).get("config").get("batch_shape").toString());
            JsonNode dense = layers.get(1);
            assertEquals("keras.layers", dense.get("module").asText());
            assertEquals("selu", dense.get("config").get("activation").asText());
            assertEquals("[null,3]", dense.get("build_config").get("input_shape").toString());
            assertTrue(dense.has("registered_name"));
            assertEquals("GlorotUniform", dense.get("config").get("kernel_initializer").get("class_name").asText());
        }
        // The weights as Keras lays them out (layers/<snake class>[_k]/vars/<i>), read back by the loader's
        // Keras 3 path: a model built in Java loads them.
        Sequential java = new Sequential(new Input(3), new Dense(5, "selu"),
                new io.kerasj.layers.ActivationLayer("leaky_relu"), new Dense(4, "silu"), new Dense(2));
        java.build(3);
        java.loadWeights(file);
        assertPredicts(java, "windows.keras");
    }

    @Test
    void otherExtensionsKeepKerasJsOwnFormat() throws IOException {
        Sequential model = Sequential.load(fixture("windows.keras"));
        Path file = dir.resolve("own.kjm");
        model.save(file);
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            assertNull(zip.getEntry("model.weights.h5"));
            assertNotNull(zip.getEntry("weights/0.bin"));
        }
        assertPredicts(Sequential.load(file), "windows.keras");
    }

    @Test
    void aLayerKerasCannotNameIsRefusedBeforeWriting() {
        Sequential model = new Sequential(new Input(2), new io.kerasj.layers.Normalization());
        model.build(2);
        Path file = dir.resolve("norm.keras");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.save(file));
        assertTrue(e.getMessage().contains("Normalization"), e.getMessage());
        assertTrue(!Files.exists(file));
    }

    /** Each malformed or unsupported file: a ModelFormatException naming the file and the problem. */
    @ParameterizedTest
    @ValueSource(strings = {
        "conv2d.keras|Conv2D",
        "functional.keras|Functional",
        "wrong_shape.keras|shape [2, 2]",
        "missing_bias.keras|1 arrays in the file, but the layer has 2",
        "int_weights.keras|int",
        "huge_units.keras|1000000000",
        "unknown_activation.keras|mish_v2",
        "not_hdf5_weights.keras|HDF5",
        "truncated.h5|HDF5",
        "no_config.h5|model_config",
        "inflates_beyond_its_size.keras|inflates beyond its declared size of 100 bytes",
        "declares_4_gb.keras|declares 4026531840 bytes"})
    void malformedFilesAreRefusedWithAClearError(String caseText) {
        String[] parts = caseText.split("\\|");
        Path file = fixture("bad/" + parts[0]);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Sequential.load(file));
        assertTrue(e.getMessage().contains(parts[0]), e.getMessage());
        assertTrue(e.getMessage().contains(parts[1]), parts[1] + " in: " + e.getMessage());
    }

    @Test
    void aBadWeightsFileLeavesTheModelAsItWas() throws IOException {
        Sequential model = new Sequential(new Input(3), new Dense(2, "relu"));
        model.build(3);
        float[] before = model.parameters().values().toFloatVector();
        assertThrows(ModelFormatException.class, () -> model.loadWeights(fixture("bad/wrong_shape.keras")));
        assertArrayEquals(before, model.parameters().values().toFloatVector(), 0f);
    }
}
