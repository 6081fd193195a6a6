package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.optimizers.SGD;
import java.util.List;
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
}
