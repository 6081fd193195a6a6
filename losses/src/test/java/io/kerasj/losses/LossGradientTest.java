package io.kerasj.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.GradientCheck;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Float64 central differences for every loss in every mode, and the fused softmax + cross-entropy gradient. */
class LossGradientTest {

    /** The engine of the backend in use: the host one, or the portable one under -Dkerasj.ops=portable. */
    private static final Ops OPS = Ops.forBackend();

    private static final int M = 4;
    private static final int K = 3;
    private static final double[] IDS = {2, 0, 1, 2};

    private static INDArray oneHot() {
        INDArray t = Nd4j.zeros(DataType.DOUBLE, M, K);
        for (int i = 0; i < M; i++) {
            t.putScalar(i, (int) IDS[i], 1.0);
        }
        return t;
    }

    private static INDArray ids() {
        return Nd4j.createFromArray(IDS).reshape(M, 1);
    }

    private static INDArray gaussian(long seed, double scale) {
        Random random = new Random(seed);
        INDArray z = Nd4j.create(DataType.DOUBLE, M, K);
        for (int i = 0; i < M * K; i++) {
            z.putScalar(i, scale * random.nextGaussian());
        }
        return z;
    }

    /** Probabilities well inside (1e-7, 1 − 1e-7), where the clip is inactive. */
    private static INDArray probabilities() {
        INDArray p = gaussian(3, 1.0);
        Activation.SOFTMAX.forward(p.dup(), p);
        return p;
    }

    /** Targets in (0, 1) for the binary loss. */
    private static INDArray binaryTargets() {
        INDArray t = Nd4j.create(DataType.DOUBLE, M, K);
        Random random = new Random(5);
        for (int i = 0; i < M * K; i++) {
            t.putScalar(i, random.nextInt(2));
        }
        return t;
    }

    private static INDArray sigmoidProbabilities() {
        INDArray p = gaussian(9, 1.0);
        Activation.SIGMOID.forward(p.dup(), p);
        return p;
    }

    /** Each case gets its own arrays: JUnit closes AutoCloseable arguments (INDArray is one) after use. */
    static Stream<Arguments> lossesInEveryMode() {
        return Stream.of(
                Arguments.of("cce probabilities", new CategoricalCrossentropy(), oneHot(), probabilities()),
                Arguments.of("cce probabilities, smoothing", new CategoricalCrossentropy(false, 0.2), oneHot(), probabilities()),
                Arguments.of("cce logits", new CategoricalCrossentropy(true), oneHot(), gaussian(4, 2.0)),
                Arguments.of("cce logits, smoothing", new CategoricalCrossentropy(true, 0.2), oneHot(), gaussian(4, 2.0)),
                Arguments.of("sparse probabilities", new SparseCategoricalCrossentropy(), ids(), probabilities()),
                Arguments.of("sparse logits", new SparseCategoricalCrossentropy(true), ids(), gaussian(6, 2.0)),
                Arguments.of("binary probabilities", new BinaryCrossentropy(), binaryTargets(), sigmoidProbabilities()),
                Arguments.of("binary probabilities, smoothing", new BinaryCrossentropy(false, 0.1), binaryTargets(), sigmoidProbabilities()),
                Arguments.of("binary logits", new BinaryCrossentropy(true), binaryTargets(), gaussian(8, 2.0)),
                Arguments.of("mse", new MeanSquaredError(), gaussian(10, 1.0), gaussian(11, 1.0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lossesInEveryMode")
    void gradientMatchesFiniteDifferences(String label, Loss loss, INDArray yTrue, INDArray yPred) {
        GradientCheck.Result result = GradientCheck.loss(loss, yTrue, yPred);
        assertTrue(result.passed(), label + ": " + result);
    }

    @Test
    void aBatchSplitAcrossCoresGivesTheRowByRowResult() {
        // 30,000 rows: large enough for the loss to split its rows across cores. Each row computed alone
        // (a batch of one, never split) must give the same loss contribution and, divided by m, the same gradient.
        int m = 30_000;
        Random random = new Random(21);
        INDArray z = Nd4j.create(DataType.DOUBLE, m, K);
        INDArray t = Nd4j.zeros(DataType.DOUBLE, m, K);
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < K; c++) {
                z.putScalar(i, c, 3 * random.nextGaussian());
            }
            t.putScalar(i, random.nextInt(K), 1.0);
        }
        Loss loss = new CategoricalCrossentropy(true);
        INDArray grad = z.ulike();
        double value = loss.compute(OPS, t, z, grad);
        double sum = 0;
        INDArray rowGrad = Nd4j.create(DataType.DOUBLE, 1, K);
        for (int i = 0; i < m; i++) {
            INDArray zi = z.getRow(i).reshape(1, K).dup();
            INDArray ti = t.getRow(i).reshape(1, K).dup();
            sum += loss.compute(ti, zi);
            if (i % 997 == 0) {
                loss.gradient(ti, zi, rowGrad);
                for (int c = 0; c < K; c++) {
                    assertEquals(rowGrad.getDouble(0, c) / m, grad.getDouble(i, c), 1e-18);
                }
            }
        }
        assertEquals(sum / m, value, 1e-12);
    }

    @Test
    void fusedGradientIsSoftmaxMinusTargetsOverM() {
        INDArray z = gaussian(12, 2.0);
        INDArray t = oneHot();
        INDArray grad = z.ulike();
        new CategoricalCrossentropy(true).gradient(t, z, grad);
        double[][] softmax = ReferenceSoftmax.of(z);
        for (int i = 0; i < M; i++) {
            for (int c = 0; c < K; c++) {
                assertEquals((softmax[i][c] - t.getDouble(i, c)) / M, grad.getDouble(i, c), 1e-16);
            }
        }
    }

    @Test
    void fusedGradientEqualsSoftmaxJacobianTimesProbabilityGradient() {
        // Unfused: p = softmax(z), g_p = ∂L/∂p from the probability form, g_z = J_softmax(z)ᵀ g_p.
        INDArray z = gaussian(13, 1.5);
        INDArray t = oneHot();
        INDArray p = z.ulike();
        Activation.SOFTMAX.forward(z, p);
        INDArray gradP = z.ulike();
        new CategoricalCrossentropy(false).gradient(t, p, gradP);
        INDArray unfused = z.ulike();
        Activation.SOFTMAX.backward(z, p, gradP, unfused);

        INDArray fused = z.ulike();
        new CategoricalCrossentropy(true).gradient(t, z, fused);
        for (int i = 0; i < M * K; i++) {
            assertEquals(unfused.getDouble(i), fused.getDouble(i), 1e-12);
        }
        // And the losses agree too.
        assertEquals(new CategoricalCrossentropy(false).compute(t, p), new CategoricalCrossentropy(true).compute(t, z), 1e-12);
    }

    @Test
    void fusedLossAndGradientAreExactAtExtremeLogits() {
        INDArray z = Nd4j.createFromArray(new double[][] {{1000, -1000, 0}, {1000, -1000, 0}});
        INDArray t = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 1, 0}});
        // The naive formula overflows: e^1000 = ∞, and ∞/∞ is NaN.
        assertTrue(Double.isNaN(Math.exp(1000) / (Math.exp(1000) + Math.exp(-1000) + 1)));
        // Row 0: logsumexp = 1000 + log(1 + e^-1000 + e^-2000) = 1000 exactly in float64, so L = 0.
        // Row 1: L = logsumexp − (−1000) = 2000. Mean 1000.
        Loss loss = new CategoricalCrossentropy(true);
        assertEquals(1000.0, loss.compute(t, z), 0.0);
        INDArray grad = z.ulike();
        loss.gradient(t, z, grad);
        // softmax = [1, 0, 0] in both rows (e^-1000 underflows to 0): (softmax − t)/2.
        double[][] expected = {{0, 0, 0}, {0.5, -0.5, 0}};
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[i][c], grad.getDouble(i, c), 0.0);
            }
        }
        GradientCheck.Result fd = GradientCheck.loss(loss, t, z);
        assertTrue(fd.passed(), fd.toString());
    }

    @Test
    void probabilityFormSaturatesWhereTheLogitsFormStaysExact() {
        // z = [0, 40]: p_0 = 1/(1 + e^40) ≈ 4.2e-18 < 1e-7, so the clipped probability form reads −log(1e-7) = 16.1;
        // the logits form gives the exact 40 + log(1 + e^-40).
        INDArray z = Nd4j.createFromArray(new double[][] {{0, 40}});
        INDArray t = Nd4j.createFromArray(new double[][] {{1, 0}});
        INDArray p = z.ulike();
        Activation.SOFTMAX.forward(z, p);
        assertEquals(-Math.log(1e-7), new CategoricalCrossentropy().compute(t, p), 1e-6);
        assertEquals(40 + Math.log1p(Math.exp(-40)), new CategoricalCrossentropy(true).compute(t, z), 1e-12);
    }
}
