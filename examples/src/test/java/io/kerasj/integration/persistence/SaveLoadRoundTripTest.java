package io.kerasj.integration.persistence;

import static io.kerasj.integration.persistence.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.Layer;
import io.kerasj.core.Loss;
import io.kerasj.core.Optimizer;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Initializer;
import io.kerasj.losses.BinaryCrossentropy;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.losses.CategoricalHinge;
import io.kerasj.losses.Hinge;
import io.kerasj.losses.Huber;
import io.kerasj.losses.KLDivergence;
import io.kerasj.losses.LogCosh;
import io.kerasj.losses.MeanAbsoluteError;
import io.kerasj.losses.MeanAbsolutePercentageError;
import io.kerasj.losses.MeanSquaredError;
import io.kerasj.losses.MeanSquaredLogarithmicError;
import io.kerasj.losses.Poisson;
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.losses.SquaredHinge;
import io.kerasj.optimizers.Adam;
import io.kerasj.optimizers.SGD;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class SaveLoadRoundTripTest {

    @TempDir
    Path dir;

    /** One Dense per activation, covering every initializer, with and without bias, names given and default. */
    private static Sequential everyLayerOption() {
        return new Sequential(
                new Dense(5, Activation.RELU, Initializer.HE_UNIFORM).inputDim(2).named("first"),
                new Dense(4, Activation.TANH, false, Initializer.GLOROT_NORMAL),
                new Dense(4, Activation.SIGMOID, Initializer.HE_NORMAL),
                new Dense(4, Activation.LINEAR, false, Initializer.ONES),
                new Dense(3, Activation.LINEAR, Initializer.ZEROS),
                new Dense(3, Activation.SOFTMAX, Initializer.GLOROT_UNIFORM).named("probabilities"))
                .setSeed(5);
    }

    @Test
    void architectureOfEveryActivationAndInitializerSurvivesARoundTrip() throws IOException {
        Sequential model = everyLayerOption();
        model.build(2);
        Path file = dir.resolve("layers.kjm");
        model.save(file);

        List<Layer> layers = Sequential.load(file).layers();

        assertEquals(List.of("first", "dense", "dense_1", "dense_2", "dense_3", "probabilities"),
                layers.stream().map(Layer::name).toList());
        assertEquals(List.of(5L, 4L, 4L, 4L, 3L, 3L), layers.stream().map(l -> l.outputShape()[0]).toList());
        assertEquals(List.of("relu", "tanh", "sigmoid", "linear", "linear", "softmax"),
                layers.stream().map(l -> l.activation().name()).toList());
        assertEquals(List.of("he_uniform", "glorot_normal", "he_normal", "ones", "zeros", "glorot_uniform"),
                layers.stream().map(l -> ((Dense) l).kernelInitializer().name()).toList());
        assertEquals(List.of(true, false, true, false, true, true),
                layers.stream().map(l -> ((Dense) l).useBias()).toList());
        assertEquals(Arrays.asList(2L, null, null, null, null, null), layers.stream()
                .map(l -> l.declaredInputShape() == null ? null : l.declaredInputShape()[0]).toList());
        assertEquals(2, layers.get(0).inputShape()[0]);
    }

    @Test
    void predictionsAreBitIdenticalAfterARoundTrip() throws IOException {
        Sequential model = everyLayerOption();
        model.compile(new Adam(0.01), new CategoricalCrossentropy(), "accuracy");
        model.fit(Fixtures.x(), Fixtures.oneHot(), new FitOptions().epochs(2).batchSize(16).verbose(0));
        Path file = dir.resolve("trained.kjm");
        model.save(file);

        Sequential loaded = Sequential.load(file);

        assertArrayEquals(values(model.predict(Fixtures.x())), values(loaded.predict(Fixtures.x())));
        assertArrayEquals(values(model.getWeights()), values(loaded.getWeights()));
    }

    @Test
    void float64ModelStaysFloat64WithIdenticalPredictions() throws IOException {
        Sequential model = new Sequential(DataType.DOUBLE, new Dense(4, Activation.TANH).inputDim(2),
                new Dense(1, Activation.SIGMOID)).setSeed(9);
        model.build(2);
        Path file = dir.resolve("double.kjm");
        model.save(file);

        Sequential loaded = Sequential.load(file);

        assertEquals(DataType.DOUBLE, loaded.dataType());
        assertEquals(DataType.DOUBLE, loaded.getWeights().get(0).dataType());
        assertArrayEquals(values(model.predict(Fixtures.x())), values(loaded.predict(Fixtures.x())));
    }

    @Test
    void seedSurvivesARoundTrip() throws IOException {
        Sequential model = new Sequential(new Dense(2).inputDim(2)).setSeed(-1234567890123L);
        model.build(2);
        Path file = dir.resolve("seed.kjm");
        model.save(file);

        assertEquals(-1234567890123L, Sequential.load(file).seed());
    }

    private Loss roundTripLoss(Loss loss, Activation output) throws IOException {
        Sequential model = new Sequential(new Dense(3, output).inputDim(2));
        model.compile(new SGD(), loss);
        model.build(2);
        Path file = dir.resolve("loss.kjm");
        model.save(file);
        return Sequential.load(file).loss();
    }

    @Test
    void categoricalCrossentropyOptionsSurviveARoundTrip() throws IOException {
        Loss onLogits = roundTripLoss(new CategoricalCrossentropy(true, 0.1), Activation.LINEAR);
        Loss onProbabilities = roundTripLoss(new CategoricalCrossentropy(false, 0.25), Activation.SOFTMAX);

        assertInstanceOf(CategoricalCrossentropy.class, onLogits);
        assertTrue(onLogits.fromLogits());
        assertEquals(0.1, ((CategoricalCrossentropy) onLogits).labelSmoothing());
        assertFalse(onProbabilities.fromLogits());
        assertEquals(0.25, ((CategoricalCrossentropy) onProbabilities).labelSmoothing());
    }

    @Test
    void sparseCategoricalCrossentropyOptionsSurviveARoundTrip() throws IOException {
        Loss onLogits = roundTripLoss(new SparseCategoricalCrossentropy(true), Activation.LINEAR);
        Loss onProbabilities = roundTripLoss(new SparseCategoricalCrossentropy(false), Activation.SOFTMAX);

        assertInstanceOf(SparseCategoricalCrossentropy.class, onLogits);
        assertTrue(onLogits.fromLogits());
        assertInstanceOf(SparseCategoricalCrossentropy.class, onProbabilities);
        assertFalse(onProbabilities.fromLogits());
    }

    @Test
    void binaryCrossentropyOptionsSurviveARoundTrip() throws IOException {
        Loss onLogits = roundTripLoss(new BinaryCrossentropy(true, 0.05), Activation.LINEAR);
        Loss onProbabilities = roundTripLoss(new BinaryCrossentropy(false, 0.0), Activation.SIGMOID);

        assertInstanceOf(BinaryCrossentropy.class, onLogits);
        assertTrue(onLogits.fromLogits());
        assertEquals(0.05, ((BinaryCrossentropy) onLogits).labelSmoothing());
        assertFalse(onProbabilities.fromLogits());
        assertEquals(0.0, ((BinaryCrossentropy) onProbabilities).labelSmoothing());
    }

    @Test
    void meanSquaredErrorSurvivesARoundTrip() throws IOException {
        assertInstanceOf(MeanSquaredError.class, roundTripLoss(new MeanSquaredError(), Activation.LINEAR));
    }

    @Test
    void huberDeltaSurvivesARoundTrip() throws IOException {
        Loss loaded = roundTripLoss(new Huber(0.25), Activation.LINEAR);
        assertInstanceOf(Huber.class, loaded);
        assertEquals(0.25, ((Huber) loaded).delta());
    }

    @Test
    void kerasOtherLossesSurviveARoundTrip() throws IOException {
        for (Loss loss : List.of(new MeanAbsoluteError(), new MeanAbsolutePercentageError(),
                new MeanSquaredLogarithmicError(), new LogCosh(), new Poisson(), new KLDivergence(), new Hinge(),
                new SquaredHinge(), new CategoricalHinge())) {
            assertInstanceOf(loss.getClass(), roundTripLoss(loss, Activation.LINEAR), loss.name());
        }
    }

    private Optimizer roundTripOptimizer(Optimizer optimizer) throws IOException {
        Sequential model = new Sequential(new Dense(3).inputDim(2));
        model.compile(optimizer, new MeanSquaredError());
        model.build(2);
        Path file = dir.resolve("optimizer.kjm");
        model.save(file);
        return Sequential.load(file).optimizer();
    }

    @Test
    void adamHyperParametersSurviveARoundTrip() throws IOException {
        Adam withClipNorm = (Adam) roundTripOptimizer(new Adam(0.02, 0.8, 0.95, 1e-5, true, 1.5, 0.0));
        Adam withClipValue = (Adam) roundTripOptimizer(new Adam(0.003, 0.85, 0.9, 1e-8, false, 0.0, 0.25));

        assertEquals(List.of(0.02, 0.8, 0.95, 1e-5, 1.5, 0.0), List.of(withClipNorm.learningRate(),
                withClipNorm.beta1(), withClipNorm.beta2(), withClipNorm.epsilon(), withClipNorm.clipNorm(),
                withClipNorm.clipValue()));
        assertTrue(withClipNorm.amsgrad());
        assertEquals(List.of(0.003, 0.85, 0.9, 1e-8, 0.0, 0.25), List.of(withClipValue.learningRate(),
                withClipValue.beta1(), withClipValue.beta2(), withClipValue.epsilon(), withClipValue.clipNorm(),
                withClipValue.clipValue()));
        assertFalse(withClipValue.amsgrad());
    }

    @Test
    void sgdHyperParametersSurviveARoundTrip() throws IOException {
        SGD nesterov = (SGD) roundTripOptimizer(new SGD(0.05, 0.9, true, 0.0, 0.5));
        SGD plain = (SGD) roundTripOptimizer(new SGD());

        assertEquals(List.of(0.05, 0.9, 0.0, 0.5), List.of(nesterov.learningRate(), nesterov.momentum(),
                nesterov.clipNorm(), nesterov.clipValue()));
        assertTrue(nesterov.nesterov());
        assertEquals(List.of(0.01, 0.0, 0.0, 0.0), List.of(plain.learningRate(), plain.momentum(),
                plain.clipNorm(), plain.clipValue()));
        assertFalse(plain.nesterov());
    }

    @Test
    void metricsSurviveARoundTrip() throws IOException {
        Sequential model = new Sequential(new Dense(3, Activation.SOFTMAX).inputDim(2));
        model.compile(new Adam(), new CategoricalCrossentropy(), "accuracy", "categorical_accuracy");
        model.build(2);
        Path file = dir.resolve("metrics.kjm");
        model.save(file);

        assertEquals(List.of("accuracy", "categorical_accuracy"), Sequential.load(file).metricNames());
    }

    @Test
    void adamStateAndStepCountSurviveARoundTrip() throws IOException {
        Sequential model = new Sequential(new Dense(4, Activation.RELU).inputDim(2), new Dense(3, Activation.SOFTMAX))
                .setSeed(2);
        model.compile(new Adam(0.01, 0.9, 0.999, 1e-7, true), new CategoricalCrossentropy());
        // 90 samples in batches of 32: 3 steps per epoch, 6 in all.
        model.fit(Fixtures.x(), Fixtures.oneHot(), new FitOptions().epochs(2).batchSize(32).verbose(0));
        Path file = dir.resolve("adam.kjm");
        model.save(file);

        Optimizer loaded = Sequential.load(file).optimizer();

        assertEquals(6, loaded.iterations());
        Map<String, INDArray> expected = model.optimizer().state();
        Map<String, INDArray> actual = loaded.state();
        assertEquals(List.of("m", "v", "v_hat"), List.copyOf(actual.keySet()));
        for (String name : expected.keySet()) {
            assertArrayEquals(values(expected.get(name)), values(actual.get(name)), name);
        }
    }

    @Test
    void sgdVelocitySurvivesARoundTrip() throws IOException {
        Sequential model = new Sequential(new Dense(3, Activation.SOFTMAX).inputDim(2)).setSeed(2);
        model.compile(new SGD(0.1, 0.9, false), new CategoricalCrossentropy());
        model.fit(Fixtures.x(), Fixtures.oneHot(), new FitOptions().epochs(1).batchSize(30).verbose(0));
        Path file = dir.resolve("sgd.kjm");
        model.save(file);

        Optimizer loaded = Sequential.load(file).optimizer();

        assertEquals(3, loaded.iterations());
        assertArrayEquals(values(model.optimizer().state().get("velocity")), values(loaded.state().get("velocity")));
    }

    @Test
    void loadingForInferenceSkipsTheOptimizerAndPredictsIdentically() throws IOException {
        Sequential model = everyLayerOption();
        model.compile(new Adam(), new CategoricalCrossentropy());
        model.fit(Fixtures.x(), Fixtures.oneHot(), new FitOptions().epochs(1).verbose(0));
        Path file = dir.resolve("inference.kjm");
        model.save(file);

        Sequential loaded = Sequential.load(file, false);

        assertNull(loaded.optimizer());
        assertNull(loaded.loss());
        assertArrayEquals(values(model.predict(Fixtures.x())), values(loaded.predict(Fixtures.x())));
    }

    @Test
    void weightsSavedAloneLoadIntoAFreshModelOfTheSameArchitecture() throws IOException {
        Sequential model = everyLayerOption();
        model.compile(new Adam(0.01), new CategoricalCrossentropy());
        model.fit(Fixtures.x(), Fixtures.oneHot(), new FitOptions().epochs(1).verbose(0));
        Path file = dir.resolve("model.weights.kjm");
        model.saveWeights(file);

        Sequential fresh = everyLayerOption().setSeed(77);
        fresh.loadWeights(file);

        assertArrayEquals(values(model.predict(Fixtures.x())), values(fresh.predict(Fixtures.x())));
    }

    @Test
    void weightsFileCarriesNoCompileSettings() throws IOException {
        Sequential model = new Sequential(new Dense(3, Activation.SOFTMAX).inputDim(2));
        model.compile(new Adam(), new CategoricalCrossentropy());
        model.build(2);
        Path file = dir.resolve("w.kjm");
        model.saveWeights(file);

        assertNull(Sequential.load(file).optimizer());
    }
}
