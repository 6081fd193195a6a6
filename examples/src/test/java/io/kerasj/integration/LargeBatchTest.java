package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Layer;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.losses.MeanSquaredError;
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import io.kerasj.optimizers.SGD;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A batch whose input is larger than a few MB is carried forward and back in chunks of rows (see
 * Sequential.computeGradients). Its loss and gradient must still be the whole batch's: checked against the
 * formula, and against the weighted sum of gradients of sub-batches cut differently from the model's chunks.
 */
class LargeBatchTest {

    private static final int FEATURES = 784;

    private static INDArray labels(int m) {
        INDArray ids = Nd4j.create(DataType.DOUBLE, m);
        for (int i = 0; i < m; i++) {
            ids.putScalar(i, (i * 7 + i / 3) % 10);
        }
        return ids;
    }

    /**
     * Softmax regression on 3,000 × 784 (18.8 MB in float64, so several chunks): L = mean(logsumexp(z) − z_y),
     * ∂L/∂W = xᵀ(softmax(z) − t)/m and ∂L/∂b = Σ_rows (softmax(z) − t)/m, computed here in float64.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void softmaxRegressionOnALargeBatchHasTheFormulasGradient(DataType type) {
        int m = 3000;
        INDArray x = Fixtures.gaussian(3, type, m, FEATURES);
        INDArray ids = labels(m);
        INDArray t = Fixtures.oneHot(ids, 10);
        Sequential model = new Sequential(type, new Dense(10, Activation.SOFTMAX).inputDim(FEATURES)).setSeed(5);
        model.compile(new SGD(0.1), new CategoricalCrossentropy());
        model.build(FEATURES);
        INDArray w = model.getWeights().get(0).castTo(DataType.DOUBLE);
        INDArray b = Nd4j.linspace(-0.5, 0.5, 10, DataType.DOUBLE);
        model.setWeights(List.of(w.castTo(type), b.castTo(type)));

        double loss = model.computeGradients(x, t.castTo(type));

        INDArray x64 = x.castTo(DataType.DOUBLE);
        INDArray z = x64.mmul(w).addRowVector(b.reshape(1, 10));
        INDArray delta = Nd4j.create(DataType.DOUBLE, m, 10);
        double expectedLoss = 0;
        for (int i = 0; i < m; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 10; c++) {
                max = Math.max(max, z.getDouble(i, c));
            }
            double sum = 0;
            for (int c = 0; c < 10; c++) {
                sum += Math.exp(z.getDouble(i, c) - max);
            }
            int y = ids.getInt(i);
            expectedLoss += Math.log(sum) - (z.getDouble(i, y) - max);
            for (int c = 0; c < 10; c++) {
                delta.putScalar(i, c, (Math.exp(z.getDouble(i, c) - max) / sum - (c == y ? 1 : 0)) / m);
            }
        }
        expectedLoss /= m;
        INDArray expectedKernel = x64.transpose().mmul(delta);
        INDArray expectedBias = delta.sum(0);

        double tolerance = type == DataType.DOUBLE ? 1e-12 : 2e-5;
        assertEquals(expectedLoss, loss, tolerance * expectedLoss);
        INDArray gradients = model.parameters().gradients().castTo(DataType.DOUBLE);
        double scale = expectedKernel.maxNumber().doubleValue() - expectedKernel.minNumber().doubleValue();
        for (int i = 0; i < FEATURES * 10; i++) {
            assertEquals(expectedKernel.getDouble(i / 10, i % 10), gradients.getDouble(i), tolerance * scale,
                    "kernel gradient " + i);
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(expectedBias.getDouble(c), gradients.getDouble(FEATURES * 10 + c), tolerance * scale,
                    "bias gradient " + c);
        }
    }

    /**
     * A relu network on 4,000 × 784 float64 rows: the batch's gradient is Σ (m_s/m)·(gradient of sub-batch s),
     * here over sub-batches of 400 rows, which are small enough to run in one piece and do not line up with the
     * model's own chunks.
     */
    @Test
    void aDeepNetworksLargeBatchGradientIsTheWeightedSumOverSubBatches() {
        int m = 4000;
        INDArray x = Fixtures.gaussian(8, DataType.DOUBLE, m, FEATURES);
        INDArray ids = labels(m).reshape(m, 1);
        Sequential model = new Sequential(DataType.DOUBLE, new Dense(32, Activation.RELU).inputDim(FEATURES),
                new Dense(16, Activation.RELU), new Dense(10)).setSeed(2);
        model.compile(new SGD(0.1), new SparseCategoricalCrossentropy(true));
        model.build(FEATURES);

        double expectedLoss = 0;
        INDArray expected = Nd4j.zeros(DataType.DOUBLE, model.parameters().size());
        for (int from = 0; from < m; from += 400) {
            double share = 400.0 / m;
            expectedLoss += share * model.computeGradients(
                    x.get(NDArrayIndex.interval(from, from + 400), NDArrayIndex.all()),
                    ids.get(NDArrayIndex.interval(from, from + 400), NDArrayIndex.all()));
            expected.addi(model.parameters().gradients().mul(share));
        }

        double loss = model.computeGradients(x, ids);
        INDArray actual = model.parameters().gradients();
        assertEquals(expectedLoss, loss, 1e-13);
        double largest = Transforms.abs(expected, true).maxNumber().doubleValue();
        assertTrue(largest > 1e-3, "the gradient should not be trivially small: " + largest);
        for (int i = 0; i < expected.length(); i++) {
            assertEquals(expected.getDouble(i), actual.getDouble(i), 1e-13 * largest, "gradient " + i);
        }
    }

    /**
     * Training keeps a large batch's chunk views from step to step while the batch is the same rows (full-batch
     * training: every epoch); a batch of other rows, in the next step or the next fit, must be trained on. Two
     * fits on data sets of the same shape, in one batch and in two unshuffled batches. Reference: gradient descent
     * by the formula W ← W − η·xᵀ(softmax(xW + b) − t)/m, b ← b − η·Σ_rows(softmax(xW + b) − t)/m over each batch
     * in turn, in float64 with ND4J's own products.
     */
    @ParameterizedTest
    @ValueSource(ints = {3000, 1500})
    void eachStepTrainsOnItsOwnBatchsRows(int batchSize) {
        int m = 3000;
        double eta = 0.5;
        Sequential model = new Sequential(DataType.DOUBLE, new Dense(10, Activation.SOFTMAX).inputDim(FEATURES))
                .setSeed(6);
        model.compile(new SGD(eta), new CategoricalCrossentropy());
        model.build(FEATURES);
        INDArray w = model.getWeights().get(0);
        INDArray b = model.getWeights().get(1);
        for (long seed : new long[] {11, 12}) {
            INDArray x = Fixtures.gaussian(seed, DataType.DOUBLE, m, FEATURES);
            INDArray ids = labels(m);
            if (seed == 12) {
                ids = ids.rsub(9);
            }
            INDArray t = Fixtures.oneHot(ids, 10);
            model.fit(x, t, new FitOptions().epochs(2).batchSize(batchSize).shuffle(false).verbose(0));
            for (int epoch = 0; epoch < 2; epoch++) {
                for (int from = 0; from < m; from += batchSize) {
                    INDArray xb = x.get(NDArrayIndex.interval(from, from + batchSize), NDArrayIndex.all());
                    INDArray tb = t.get(NDArrayIndex.interval(from, from + batchSize), NDArrayIndex.all());
                    INDArray z = xb.mmul(w).addRowVector(b);
                    INDArray p = Transforms.exp(z.subColumnVector(z.max(1)), true);
                    p.diviColumnVector(p.sum(1));
                    INDArray delta = p.sub(tb).divi(batchSize);
                    w = w.sub(xb.transpose().mmul(delta).muli(eta));
                    b = b.sub(delta.sum(0).muli(eta));
                }
            }
            List<INDArray> actual = model.getWeights();
            assertTrue(w.equalsWithEps(actual.get(0), 1e-12), "kernel after the fit on data set " + seed);
            assertTrue(b.equalsWithEps(actual.get(1), 1e-12), "bias after the fit on data set " + seed);
        }
    }

    /**
     * With two cores, the second half of a chunked batch is carried through on another thread, on replicas of the
     * layers. The chunks are added up in the same order either way, so a fit that uses the second core must give
     * the bits a fit on one thread gives. One thread here: the same layers, wrapped so that they have no replica,
     * which rules the second lane out (and not fewer BLAS threads: OpenBLAS's sums depend on its thread count). A
     * loss that notes its threads shows that the two fits did take the two paths.
     */
    @Test
    void theSecondCoreChangesNoBit() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two cores");
        INDArray[] data = fourChunks(21);
        INDArray x = data[0];
        INDArray t = data[1];

        Set<String> twoLanes = ConcurrentHashMap.newKeySet();
        Fitted parallel = fitDeepNetwork(x, t, twoLanes, false);
        Set<String> oneLane = ConcurrentHashMap.newKeySet();
        Fitted serial = fitDeepNetwork(x, t, oneLane, true);

        assertEquals(Set.of(Thread.currentThread().getName()), oneLane);
        assertEquals(Set.of(Thread.currentThread().getName(), "kerasj-second-core"), twoLanes);
        assertEquals(serial.weights.size(), parallel.weights.size());
        for (int i = 0; i < serial.weights.size(); i++) {
            assertArrayEquals(serial.weights.get(i).data().asFloat(), parallel.weights.get(i).data().asFloat(),
                    "weights " + i);
        }
        assertEquals(serial.losses, parallel.losses);
        assertEquals(serial.accuracy, parallel.accuracy);
        assertTrue(serial.losses.get(2) < serial.losses.get(0), "training should lower the loss: " + serial.losses);
    }

    /** An exception on the second core reaches the caller of fit as it was thrown, and the next fit runs. */
    @Test
    void anErrorOnTheSecondCoreReachesTheCaller() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two cores");
        INDArray[] data = fourChunks(22);
        INDArray x = data[0];
        INDArray t = data[1];
        Sequential model = new Sequential(DataType.FLOAT, new Dense(10).inputDim(FEATURES)).setSeed(4);
        model.compile(new SGD(0.1), meanSquaredErrorCalling(thread -> {
            if (thread.equals("kerasj-second-core")) {
                throw new IllegalStateException("refused on the second core");
            }
        }));
        FitOptions options = new FitOptions().epochs(1).batchSize((int) x.rows()).verbose(0);
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> model.fit(x, t, options));
        assertEquals("refused on the second core", error.getMessage());

        model.compile(new SGD(0.1), new MeanSquaredError());
        History history = model.fit(x, t, options);
        assertTrue(Double.isFinite(history.get("loss").get(0)), "loss " + history.get("loss"));
    }

    /** Inputs and one-hot targets of 4,000 rows in float32: 12.5 MB, so four chunks, two per half. */
    private static INDArray[] fourChunks(long seed) {
        int m = 4000;
        return new INDArray[] {Fixtures.gaussian(seed, DataType.FLOAT, m, FEATURES),
                Fixtures.oneHot(labels(m), 10).castTo(DataType.FLOAT)};
    }

    private record Fitted(List<INDArray> weights, List<Double> losses, List<Double> accuracy) {}

    /**
     * Three full-batch epochs of a 784-32-16-10 relu network with a mean squared error (which reads the output, so
     * {@code threads} can note where the loss ran); with {@code withoutReplicas}, each Dense is wrapped in a layer
     * that has no replica.
     */
    private static Fitted fitDeepNetwork(INDArray x, INDArray t, Set<String> threads, boolean withoutReplicas) {
        List<Layer> layers = List.of(new Dense(32, Activation.RELU).inputDim(FEATURES), new Dense(16, Activation.RELU),
                new Dense(10));
        if (withoutReplicas) {
            layers = layers.stream().<Layer>map(WithoutReplica::new).toList();
        }
        Sequential model = new Sequential(DataType.FLOAT, layers.toArray(Layer[]::new)).setSeed(4);
        model.compile(new Adam(1e-3), meanSquaredErrorCalling(threads::add), "categorical_accuracy");
        History history = model.fit(x, t, new FitOptions().epochs(3).batchSize((int) x.rows()).verbose(0));
        return new Fitted(model.getWeights(), history.get("loss"), history.get("categorical_accuracy"));
    }

    /** The mean squared error, calling {@code beforeGradient} with the thread's name before each gradient. */
    private static Loss meanSquaredErrorCalling(Consumer<String> beforeGradient) {
        MeanSquaredError mse = new MeanSquaredError();
        return new Loss() {
            @Override public String name() { return mse.name(); }
            @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
                if (grad != null) {
                    beforeGradient.accept(Thread.currentThread().getName());
                }
                return mse.compute(ops, yTrue, yPred, grad);
            }
            @Override public void checkTargets(INDArray yTrue, int outputWidth) { mse.checkTargets(yTrue, outputWidth); }
        };
    }

    /** A layer that does what the layer it wraps does, but has no {@link Layer#replica()}. */
    private record WithoutReplica(Layer layer) implements Layer {
        @Override public String name() { return layer.name(); }
        @Override public void setName(String name) { layer.setName(name); }
        @Override public String typeName() { return layer.typeName(); }
        @Override public long[] declaredInputShape() { return layer.declaredInputShape(); }
        @Override public void build(long[] inputShape, DataType dataType, Ops ops) {
            layer.build(inputShape, dataType, ops);
        }
        @Override public long[] inputShape() { return layer.inputShape(); }
        @Override public long[] outputShape() { return layer.outputShape(); }
        @Override public List<long[]> weightShapes() { return layer.weightShapes(); }
        @Override public void bind(List<INDArray> weights, List<INDArray> gradients) { layer.bind(weights, gradients); }
        @Override public void initialize(Random random) { layer.initialize(random); }
        @Override public Activation activation() { return layer.activation(); }
        @Override public INDArray forward(INDArray x, boolean training, boolean applyActivation) {
            return layer.forward(x, training, applyActivation);
        }
        @Override public INDArray preActivation() { return layer.preActivation(); }
        @Override public INDArray backward(INDArray gradOutput, boolean needInputGradient) {
            return layer.backward(gradOutput, needInputGradient);
        }
        @Override public INDArray backwardFromPreActivation(INDArray gradZ, boolean needInputGradient) {
            return layer.backwardFromPreActivation(gradZ, needInputGradient);
        }
    }
}
