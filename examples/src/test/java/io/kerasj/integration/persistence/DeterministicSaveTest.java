package io.kerasj.integration.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import io.kerasj.core.Optimizer;
import io.kerasj.core.Parameters;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.losses.MeanSquaredError;
import io.kerasj.optimizers.Adam;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Saving the same model gives the same bytes, whenever and however often it is saved. */
class DeterministicSaveTest {

    @TempDir
    Path dir;

    /** Trained for two epochs with AMSGrad, so the file holds weights and three optimizer state arrays. */
    private static Sequential trained() {
        Sequential model = new Sequential(new Dense(8, Activation.RELU).inputDim(2), new Dense(3, Activation.SOFTMAX))
                .setSeed(21);
        model.compile(new Adam(0.01, 0.9, 0.999, 1e-7, true, 0.0, 0.0), new CategoricalCrossentropy(), "accuracy");
        model.fit(Fixtures.x(), Fixtures.oneHot(), new FitOptions().epochs(2).batchSize(16).verbose(0));
        return model;
    }

    private byte[] save(Sequential model, String name) throws IOException {
        Path file = dir.resolve(name);
        model.save(file);
        return Files.readAllBytes(file);
    }

    @Test
    void savesOfTheSameModelOnDifferentTicksOfTheZipClockAreIdentical() throws IOException, InterruptedException {
        Sequential model = trained();

        byte[] first = save(model, "first.kjm");
        // A zip entry's DOS time counts in 2-second steps: an entry stamped with the clock would now differ.
        Thread.sleep(2_100);
        byte[] second = save(model, "second.kjm");

        assertArrayEquals(first, second);
    }

    @Test
    void savesUnderDifferentTimeZonesAreIdentical() throws IOException {
        Sequential model = trained();
        TimeZone original = TimeZone.getDefault();
        byte[] utc;
        byte[] tokyo;
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            utc = save(model, "utc.kjm");
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
            tokyo = save(model, "tokyo.kjm");
        } finally {
            TimeZone.setDefault(original);
        }

        assertArrayEquals(utc, tokyo);
    }

    @Test
    void saveLoadSaveGivesIdenticalBytes() throws IOException {
        byte[] original = save(trained(), "original.kjm");

        byte[] again = save(Sequential.load(dir.resolve("original.kjm")), "again.kjm");

        assertArrayEquals(original, again);
    }

    @Test
    void saveWeightsLoadSaveWeightsGivesIdenticalBytes() throws IOException {
        Path original = dir.resolve("weights.kjm");
        trained().saveWeights(original);

        Path again = dir.resolve("weights-again.kjm");
        Sequential.load(original, false).saveWeights(again);

        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(again));
    }

    /**
     * The keys of config.json in document order, for a one-layer model compiled with Adam and categorical
     * cross-entropy, as the class comment of ModelArchive lays the file out: the archive's own objects in their
     * documented order, each component's config in sorted order.
     */
    @Test
    void configJsonListsItsKeysInTheDocumentedOrder() throws IOException {
        Sequential model = new Sequential(new Dense(3, Activation.SOFTMAX).inputDim(2)).setSeed(3);
        model.compile(new Adam(), new CategoricalCrossentropy(), "accuracy");
        model.build(2);
        Path file = dir.resolve("keys.kjm");
        model.save(file);

        List<String> keys = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry("config.json");
            assertNotNull(entry);
            Matcher key = Pattern.compile("\"(\\w+)\"\\s*:")
                    .matcher(new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
            while (key.find()) {
                keys.add(key.group(1));
            }
        }

        assertEquals(List.of("format", "format_version",
                "model", "class_name", "dtype", "seed", "input_width", "layers",
                "class_name", "config", "activation", "input_dim", "kernel_initializer", "name", "units", "use_bias",
                "compile",
                "loss", "class_name", "config", "from_logits", "label_smoothing",
                "optimizer", "class_name", "config",
                "amsgrad", "beta_1", "beta_2", "clipnorm", "clipvalue", "epsilon", "learning_rate", "weight_decay",
                "iterations", "state",
                "metrics"), keys);
    }

    @Test
    void savedBytesDoNotDependOnTheOrderInWhichComponentsListTheirConfigAndState() throws IOException {
        Sequential model = new Sequential(new Dense(2).inputDim(2)).setSeed(8);
        model.build(2);
        model.compile(new FickleOptimizer(model.countParams()), new FickleLoss());

        byte[] first = save(model, "first.kjm");
        byte[] second = save(model, "second.kjm");

        assertArrayEquals(first, second);
    }

    /** Lists two keys in one order, then in the other, call after call; as Map.of may from one JVM to the next. */
    private static final class FickleOrder {
        private boolean reversed;

        <V> Map<String, V> of(String k1, V v1, String k2, V v2) {
            reversed = !reversed;
            Map<String, V> map = new LinkedHashMap<>();
            if (reversed) {
                map.put(k2, v2);
                map.put(k1, v1);
            } else {
                map.put(k1, v1);
                map.put(k2, v2);
            }
            return map;
        }
    }

    /** Mean squared error under another name, with a config whose order changes at every call. */
    private static final class FickleLoss implements Loss {
        private final Loss mse = new MeanSquaredError();
        private final FickleOrder order = new FickleOrder();

        @Override public String name() { return "fickle_loss"; }
        @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
            return mse.compute(ops, yTrue, yPred, grad);
        }
        @Override public void checkTargets(INDArray yTrue, int outputWidth) { mse.checkTargets(yTrue, outputWidth); }
        @Override public Map<String, Object> config() { return order.of("alpha", 1.0, "beta", 2.0); }
    }

    /** Never steps; only describes itself, with a config and two state arrays whose order changes at every call. */
    private static final class FickleOptimizer implements Optimizer {
        private final long parameterCount;
        private final FickleOrder configOrder = new FickleOrder();
        private final FickleOrder stateOrder = new FickleOrder();

        FickleOptimizer(long parameterCount) {
            this.parameterCount = parameterCount;
        }

        @Override public String name() { return "fickle"; }
        @Override public void step(Parameters parameters) { throw new UnsupportedOperationException(); }
        @Override public double learningRate() { return 0.5; }
        @Override public void setLearningRate(double learningRate) { throw new UnsupportedOperationException(); }
        @Override public long iterations() { return 7; }
        @Override public Map<String, Object> config() { return configOrder.of("learning_rate", 0.5, "rho", 0.9); }
        @Override public Map<String, INDArray> state() {
            return stateOrder.of("first", Nd4j.ones(parameterCount), "second", Nd4j.zeros(parameterCount));
        }
    }
}
