package io.kerasj.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.GradientCheck;
import io.kerasj.core.Loss;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The regression losses (MAE, MAPE, MSLE, Huber, LogCosh, Poisson): float64 central differences away from their
 * kinks, and values worked out by hand. Runs on the host engine, and again on the portable one
 * (-Dkerasj.ops=portable).
 */
class RegressionLossGradientTest {

    private static final int M = 4;
    private static final int K = 3;
    private static final double EPS = 1e-7;

    private static INDArray gaussian(long seed, double scale) {
        Random random = new Random(seed);
        INDArray a = Nd4j.create(DataType.DOUBLE, M, K);
        for (int i = 0; i < M * K; i++) {
            a.putScalar(i, scale * random.nextGaussian());
        }
        return a;
    }

    /** Positive values e^{N(0, 1)}, for rates. */
    private static INDArray positive(long seed) {
        INDArray a = gaussian(seed, 1.0);
        for (int i = 0; i < M * K; i++) {
            a.putScalar(i, Math.exp(a.getDouble(i)));
        }
        return a;
    }

    /** Counts 0 to 4, for Poisson targets. */
    private static INDArray counts(long seed) {
        Random random = new Random(seed);
        INDArray a = Nd4j.create(DataType.DOUBLE, M, K);
        for (int i = 0; i < M * K; i++) {
            a.putScalar(i, random.nextInt(5));
        }
        return a;
    }

    private static INDArray matrix(double[][] values) {
        return Nd4j.createFromArray(values);
    }

    private static double[] gradient(Loss loss, INDArray yTrue, INDArray yPred) {
        INDArray grad = yPred.ulike();
        loss.gradient(yTrue, yPred, grad);
        return grad.data().asDouble();
    }

    /** Each case gets its own arrays: JUnit closes AutoCloseable arguments (INDArray is one) after use. */
    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of("mae", new MeanAbsoluteError(), gaussian(1, 1.0), gaussian(2, 1.0)),
                Arguments.of("mape", new MeanAbsolutePercentageError(), gaussian(3, 1.0), gaussian(4, 1.0)),
                Arguments.of("msle, positive", new MeanSquaredLogarithmicError(), positive(5), positive(6)),
                // Some predictions negative: read as ε, where the loss is flat and the gradient 0.
                Arguments.of("msle, any sign", new MeanSquaredLogarithmicError(), positive(7), gaussian(8, 1.0)),
                Arguments.of("huber", new Huber(), gaussian(9, 1.0), gaussian(10, 2.0)),
                Arguments.of("huber, delta 0.5", new Huber(0.5), gaussian(11, 1.0), gaussian(12, 1.0)),
                Arguments.of("log_cosh", new LogCosh(), gaussian(13, 1.0), gaussian(14, 3.0)),
                Arguments.of("poisson", new Poisson(), counts(15), positive(16)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void gradientMatchesFiniteDifferences(String label, Loss loss, INDArray yTrue, INDArray yPred) {
        GradientCheck.Result result = GradientCheck.loss(loss, yTrue, yPred);
        assertTrue(result.passed(), label + ": " + result);
    }

    // ---------------------------------------------------------------- values by hand

    @Test
    void meanAbsoluteErrorOfKerasExample() {
        // |0 − 1| + |1 − 1| + |0 − 1| + |0 − 0| = 2, over 4 elements.
        assertEquals(0.5, new MeanAbsoluteError().compute(matrix(new double[][] {{0, 1}, {0, 0}}),
                matrix(new double[][] {{1, 1}, {1, 0}})), 1e-15);
    }

    @Test
    void meanAbsoluteErrorGradientIsSignOverNAndZeroWhereExact() {
        // sign(ŷ − y)/4: sign(1) = 1, sign(0) = 0 (TensorFlow's derivative of |x| at 0), sign(−2) = −1.
        double[] g = gradient(new MeanAbsoluteError(), matrix(new double[][] {{0, 1}, {3, 0}}),
                matrix(new double[][] {{1, 1}, {1, 0}}));
        assertEquals(0.25, g[0], 0.0);
        assertEquals(0.0, g[1], 0.0);
        assertEquals(-0.25, g[2], 0.0);
        assertEquals(0.0, g[3], 0.0);
    }

    @Test
    void meanAbsolutePercentageErrorOfKerasExample() {
        // 100·(|2 − 1|/2 + |1 − 1|/1 + |2 − 1|/2 + |3 − 0|/3)/4 = 100·2/4 = 50.
        assertEquals(50.0, new MeanAbsolutePercentageError().compute(matrix(new double[][] {{2, 1}, {2, 3}}),
                matrix(new double[][] {{1, 1}, {1, 0}})), 1e-12);
    }

    @Test
    void meanAbsolutePercentageErrorDividesAZeroTargetByEpsilon() {
        // y = 0: |0 − 0.5| / max(0, 1e-7) · 100 = 5e8; y = −4: |−4 − (−2)| / 4 · 100 = 50. Mean (5e8 + 50)/2.
        INDArray y = matrix(new double[][] {{0, -4}});
        INDArray p = matrix(new double[][] {{0.5, -2}});
        assertEquals((0.5 / EPS * 100 + 50) / 2, new MeanAbsolutePercentageError().compute(y, p), 1e-6);
        // ∂/∂ŷ = 100·sign(ŷ − y)/max(|y|, ε)/2: 100/1e-7/2 = 5e8, and 100·(+1)/4/2 = 12.5.
        double[] g = gradient(new MeanAbsolutePercentageError(), y, p);
        assertEquals(5e8, g[0], 1e-6);
        assertEquals(12.5, g[1], 1e-12);
    }

    @Test
    void meanSquaredLogarithmicErrorOfKerasExample() {
        // y = [[0, 1], [0, 0]], ŷ = [[1, 1], [1, 0]]: the zeros read as ε = 1e-7, so two elements give
        // (log 2 − log(1 + 1e-7))², the others 0: L = (log 2 − log1p(1e-7))²/2 ≈ 0.2402.
        double d = Math.log(2) - Math.log1p(EPS);
        assertEquals(d * d / 2, new MeanSquaredLogarithmicError().compute(matrix(new double[][] {{0, 1}, {0, 0}}),
                matrix(new double[][] {{1, 1}, {1, 0}})), 1e-15);
    }

    @Test
    void meanSquaredLogarithmicErrorReadsANegativePredictionAsEpsilonWithZeroGradient() {
        // ŷ = −5 reads as 1e-7: (log(1 + 1e-7) − log(1 + e − 1))² = (log1p(1e-7) − 1)², and no gradient flows to ŷ.
        // ŷ = 1, y = 3: d = log 2 − log 4 = −log 2, ∂/∂ŷ = 2d/(1 + 1)/2 = −log(2)/2.
        INDArray y = matrix(new double[][] {{Math.E - 1, 3}});
        INDArray p = matrix(new double[][] {{-5, 1}});
        double d0 = Math.log1p(EPS) - 1;
        double d1 = -Math.log(2);
        assertEquals((d0 * d0 + d1 * d1) / 2, new MeanSquaredLogarithmicError().compute(y, p), 1e-14);
        double[] g = gradient(new MeanSquaredLogarithmicError(), y, p);
        assertEquals(0.0, g[0], 0.0);
        assertEquals(-Math.log(2) / 2, g[1], 1e-15);
    }

    @Test
    void huberOfKerasExampleIsQuadraticWithinDelta() {
        // Every |e| ≤ 1: (0.6² + 0.6² + 0.4² + 0.6²)/2/4 = 1.24/8 = 0.155.
        assertEquals(0.155, new Huber().compute(matrix(new double[][] {{0, 1}, {0, 0}}),
                matrix(new double[][] {{0.6, 0.4}, {0.4, 0.6}})), 1e-15);
    }

    @Test
    void huberIsLinearBeyondDelta() {
        // δ = 1, e = 3: 1·3 − 1/2 = 2.5; e = −0.5: 0.125. Mean 1.3125. Gradient clip(e, −1, 1)/2 = [0.5, −0.25].
        INDArray y = matrix(new double[][] {{0, 1}});
        INDArray p = matrix(new double[][] {{3, 0.5}});
        assertEquals(1.3125, new Huber().compute(y, p), 1e-15);
        double[] g = gradient(new Huber(), y, p);
        assertEquals(0.5, g[0], 0.0);
        assertEquals(-0.25, g[1], 0.0);
        // δ = 2, e = 3: 2·3 − 4/2 = 4; e = −0.5 still 0.125. Mean 2.0625.
        assertEquals(2.0625, new Huber(2.0).compute(y, p), 1e-15);
    }

    @Test
    void logCoshOfKerasExample() {
        // One error of 1 among four elements: log(cosh 1)/4 ≈ 0.108.
        assertEquals(Math.log(Math.cosh(1)) / 4, new LogCosh().compute(matrix(new double[][] {{0, 1}, {0, 0}}),
                matrix(new double[][] {{1, 1}, {0, 0}})), 1e-15);
    }

    @Test
    void logCoshStaysFiniteWhereCoshOverflows() {
        // cosh(1000) = ∞ in float64, yet log cosh(±1000) = 1000 − log 2 + log(1 + e^−2000) = 1000 − log 2.
        assertTrue(Double.isInfinite(Math.cosh(1000)));
        INDArray y = matrix(new double[][] {{0, 0}});
        INDArray p = matrix(new double[][] {{1000, -1000}});
        assertEquals(1000 - Math.log(2), new LogCosh().compute(y, p), 1e-12);
        // ∂/∂ŷ = tanh(±1000)/2 = ±0.5.
        double[] g = gradient(new LogCosh(), y, p);
        assertEquals(0.5, g[0], 0.0);
        assertEquals(-0.5, g[1], 0.0);
    }

    @Test
    void poissonOfKerasExample() {
        // ŷ − y log(ŷ + ε): (1 − 0) + (1 − log(1 + 1e-7)) + 0 + 0, over 4 elements.
        assertEquals((2 - Math.log1p(EPS)) / 4, new Poisson().compute(matrix(new double[][] {{0, 1}, {0, 0}}),
                matrix(new double[][] {{1, 1}, {0, 0}})), 1e-16);
    }

    @Test
    void poissonGradientIsOneMinusTargetOverRate() {
        // y = 4, ŷ = 2: (1 − 4/(2 + 1e-7))/1.
        assertEquals(1 - 4 / (2 + EPS), gradient(new Poisson(), matrix(new double[][] {{4}}),
                matrix(new double[][] {{2}}))[0], 1e-15);
    }

    // ---------------------------------------------------------------- targets, options, names

    @Test
    void targetsAsAVectorAreReadAsAColumn() {
        INDArray p = matrix(new double[][] {{1}, {3}});
        // |0 − 1| and |5 − 3|: mean 1.5.
        assertEquals(1.5, new MeanAbsoluteError().compute(Nd4j.createFromArray(0.0, 5.0), p), 1e-15);
    }

    @Test
    void targetsOfTheWrongWidthAreRejectedNamingTheLoss() {
        for (Loss loss : new Loss[] {new MeanAbsoluteError(), new MeanAbsolutePercentageError(),
                new MeanSquaredLogarithmicError(), new Huber(), new LogCosh(), new Poisson()}) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> loss.checkTargets(matrix(new double[][] {{0, 1, 0}}), 2)).getMessage();
            assertTrue(m.startsWith(loss.name()) && m.contains("[m, 2]") && m.contains("[1, 3]"), m);
        }
    }

    @Test
    void huberRejectsANegativeDelta() {
        String m = assertThrows(IllegalArgumentException.class, () -> new Huber(-1)).getMessage();
        assertTrue(m.contains("delta=-1.0"), m);
    }

    @Test
    void huberConfigRoundTripsItsDelta() {
        Huber huber = new Huber(0.25);
        assertEquals(Map.of("delta", 0.25), huber.config());
        assertEquals(0.25, Huber.fromConfig(huber.config()).delta(), 0.0);
        assertEquals(1.0, Huber.fromConfig(Map.of()).delta(), 0.0);
        String m = assertThrows(IllegalArgumentException.class,
                () -> Huber.fromConfig(Map.of("epsilon", 1.0))).getMessage();
        assertTrue(m.contains("Huber") && m.contains("epsilon"), m);
    }
}
