package io.kerasj.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.GradientCheck;
import io.kerasj.core.Loss;
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
 * KLDivergence, Hinge, SquaredHinge and CategoricalHinge: float64 central differences away from their kinks, values
 * worked out by hand, and the gradient TensorFlow's autodiff gives at the kinks. Runs on the host engine, and again
 * on the portable one (-Dkerasj.ops=portable).
 */
class ClassificationLossGradientTest {

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

    /** Rows of a softmax: probabilities well inside [1e-7, 1], where the clip passes everything. */
    private static INDArray distributions(long seed) {
        INDArray p = gaussian(seed, 1.0);
        Activation.SOFTMAX.forward(p.dup(), p);
        return p;
    }

    private static INDArray oneHot(long seed) {
        Random random = new Random(seed);
        INDArray t = Nd4j.zeros(DataType.DOUBLE, M, K);
        for (int i = 0; i < M; i++) {
            t.putScalar(i, random.nextInt(K), 1.0);
        }
        return t;
    }

    /** Labels drawn from {lo, hi}. */
    private static INDArray labels(long seed, double lo, double hi) {
        Random random = new Random(seed);
        INDArray t = Nd4j.create(DataType.DOUBLE, M, K);
        for (int i = 0; i < M * K; i++) {
            t.putScalar(i, random.nextBoolean() ? hi : lo);
        }
        return t;
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
                Arguments.of("kld", new KLDivergence(), distributions(1), distributions(2)),
                Arguments.of("kld, one-hot targets", new KLDivergence(), oneHot(3), distributions(4)),
                Arguments.of("hinge, -1/+1 labels", new Hinge(), labels(5, -1, 1), gaussian(6, 1.0)),
                Arguments.of("hinge, 0/1 labels", new Hinge(), labels(7, 0, 1), gaussian(8, 1.0)),
                Arguments.of("squared_hinge, -1/+1 labels", new SquaredHinge(), labels(9, -1, 1), gaussian(10, 1.0)),
                Arguments.of("squared_hinge, 0/1 labels", new SquaredHinge(), labels(11, 0, 1), gaussian(12, 1.0)),
                Arguments.of("categorical_hinge", new CategoricalHinge(), oneHot(13), gaussian(14, 1.0)),
                Arguments.of("categorical_hinge, wide scores", new CategoricalHinge(), oneHot(15), gaussian(16, 3.0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void gradientMatchesFiniteDifferences(String label, Loss loss, INDArray yTrue, INDArray yPred) {
        GradientCheck.Result result = GradientCheck.loss(loss, yTrue, yPred);
        assertTrue(result.passed(), label + ": " + result);
    }

    // ---------------------------------------------------------------- KLDivergence

    @Test
    void klDivergenceOfKerasExampleSumsOverColumnsAndAveragesOverRows() {
        // Targets clipped to [1e-7, 1]: row 0 = 1e-7·log(1e-7/0.6) + 1·log(1/0.4); row 1 = 1e-7·log(1e-7/0.4)
        // + 1e-7·log(1e-7/0.6). The sum of the rows over m = 2 rows (not over 4 elements): ≈ 0.458.
        double row0 = EPS * Math.log(EPS / 0.6) + Math.log(1 / 0.4);
        double row1 = EPS * Math.log(EPS / 0.4) + EPS * Math.log(EPS / 0.6);
        assertEquals((row0 + row1) / 2, new KLDivergence().compute(matrix(new double[][] {{0, 1}, {0, 0}}),
                matrix(new double[][] {{0.6, 0.4}, {0.4, 0.6}})), 1e-15);
        assertEquals(0.458, (row0 + row1) / 2, 5e-4);
    }

    @Test
    void klDivergenceGradientIsMinusTargetOverPredictionOverRows() {
        // One row: L = 0.25 log(0.25/0.5) + 0.75 log(0.75/0.5); ∂L/∂ŷ = −t/p = [−0.5, −1.5].
        INDArray y = matrix(new double[][] {{0.25, 0.75}});
        INDArray p = matrix(new double[][] {{0.5, 0.5}});
        assertEquals(0.25 * Math.log(0.5) + 0.75 * Math.log(1.5), new KLDivergence().compute(y, p), 1e-15);
        assertArrayEquals(new double[] {-0.5, -1.5}, gradient(new KLDivergence(), y, p), 1e-15);
    }

    @Test
    void klDivergenceClipsPredictionsAndPassesTheGradientOnlyOnTheClosedInterval() {
        // ŷ = 2 reads as 1, ŷ = −1 as 1e-7: L = 0.5 log(0.5/1) + 0.5 log(0.5/1e-7), and no gradient flows to either.
        // ŷ = 1 exactly and ŷ = 1e-7 exactly sit on the clip's bounds: TensorFlow's clip passes the gradient there.
        INDArray y = matrix(new double[][] {{0.5, 0.5}, {0.5, 0.5}});
        INDArray p = matrix(new double[][] {{2, -1}, {1, EPS}});
        double row = 0.5 * Math.log(0.5) + 0.5 * Math.log(0.5 / EPS);
        assertEquals(row, new KLDivergence().compute(y, p), 1e-13);
        // −t/p/m with m = 2: −0.5/1/2 = −0.25 and −0.5/1e-7/2 = −2.5e6.
        double[] g = gradient(new KLDivergence(), y, p);
        assertArrayEquals(new double[] {0, 0, -0.25, -2.5e6}, g, 1e-6);
    }

    // ---------------------------------------------------------------- Hinge, SquaredHinge

    @Test
    void hingeOfKerasExampleReadsZeroOneLabelsAsMinusOnePlusOne() {
        // Read as [[−1, 1], [−1, −1]]: margins 1.6, 0.6, 1.4, 1.6; (1.1 + 1.5)/2 = 1.3, as with the signed labels.
        INDArray p = matrix(new double[][] {{0.6, 0.4}, {0.4, 0.6}});
        assertEquals(1.3, new Hinge().compute(matrix(new double[][] {{0, 1}, {0, 0}}), p), 1e-15);
        assertEquals(1.3, new Hinge().compute(matrix(new double[][] {{-1, 1}, {-1, -1}}), p), 1e-15);
    }

    @Test
    void hingeLeavesLabelsAloneUnlessAllAreZeroOrOne() {
        // y = [0, 2] is not binary: read as is, max(1 − 0, 0) = 1 and max(1 − 0.5, 0) = 0.5; mean 0.75.
        assertEquals(0.75, new Hinge().compute(matrix(new double[][] {{0, 2}}), matrix(new double[][] {{0.5, 0.25}})),
                1e-15);
    }

    @Test
    void hingeGradientAtTheKinkIsTheActiveSide() {
        // y = 1 (read as +1), ŷ = 1: margin 1 − 1 = 0, a tie of maximum(margin, 0); TensorFlow gives −y = −1.
        // y = −1, ŷ = −3: margin −2, inactive, gradient 0. y = −1, ŷ = 0.5: margin 1.5, gradient +1. Over n = 3.
        double[] g = gradient(new Hinge(), matrix(new double[][] {{1, -1, -1}}), matrix(new double[][] {{1, -3, 0.5}}));
        assertArrayEquals(new double[] {-1.0 / 3, 0, 1.0 / 3}, g, 1e-16);
    }

    @Test
    void squaredHingeOfKerasExample() {
        // (1.6² + 0.6²)/2 = 1.46, (1.4² + 1.6²)/2 = 2.26; mean 1.86.
        assertEquals(1.86, new SquaredHinge().compute(matrix(new double[][] {{0, 1}, {0, 0}}),
                matrix(new double[][] {{0.6, 0.4}, {0.4, 0.6}})), 1e-14);
    }

    @Test
    void squaredHingeGradientIsMinusTwoLabelTimesMargin() {
        // y = −1, ŷ = 0.5: margin 1.5, −2·(−1)·1.5/2 = 1.5; y = 1, ŷ = 2: margin −1 → 0.
        assertArrayEquals(new double[] {1.5, 0}, gradient(new SquaredHinge(), matrix(new double[][] {{-1, 1}}),
                matrix(new double[][] {{0.5, 2}})), 1e-15);
    }

    // ---------------------------------------------------------------- CategoricalHinge

    @Test
    void categoricalHingeOfKerasExample() {
        // Row 0: pos 0.4, neg 0.6 → 1.2; row 1: pos 0, neg 0.6 → 1.6; mean over 2 rows 1.4.
        INDArray y = matrix(new double[][] {{0, 1}, {0, 0}});
        INDArray p = matrix(new double[][] {{0.6, 0.4}, {0.4, 0.6}});
        assertEquals(1.4, new CategoricalHinge().compute(y, p), 1e-15);
        // Row 0: +1 to the argmax of the others (column 0), −1 to the true class; row 1: +1 to column 1. Over m = 2.
        assertArrayEquals(new double[] {0.5, -0.5, 0, 0.5}, gradient(new CategoricalHinge(), y, p), 1e-16);
    }

    @Test
    void categoricalHingeReadsNegativeOtherScoresAsZero() {
        // (1 − y)ŷ = [0, −1, −2]: neg = 0 (the true class's own column), pos = 0.2, loss 0.8, gradient only −1 on it.
        INDArray y = matrix(new double[][] {{1, 0, 0}});
        INDArray p = matrix(new double[][] {{0.2, -1, -2}});
        assertEquals(0.8, new CategoricalHinge().compute(y, p), 1e-15);
        assertArrayEquals(new double[] {-1, 0, 0}, gradient(new CategoricalHinge(), y, p), 0.0);
    }

    @Test
    void categoricalHingeSharesTheGradientAmongTiedMaxima() {
        // Others 0.5 and 0.5 tie for neg = 0.5; pos = 0.2; loss 1.3. TensorFlow's reduce_max splits the gradient
        // evenly: [0.5, 0.5, −1].
        INDArray y = matrix(new double[][] {{0, 0, 1}});
        INDArray p = matrix(new double[][] {{0.5, 0.5, 0.2}});
        assertEquals(1.3, new CategoricalHinge().compute(y, p), 1e-15);
        assertArrayEquals(new double[] {0.5, 0.5, -1}, gradient(new CategoricalHinge(), y, p), 0.0);
    }

    @Test
    void categoricalHingeGradientAtTheKinkIsTheActiveSideAndZeroBeyond() {
        // Row 0: neg 0.5, pos 1.5: 0.5 − 1.5 + 1 = 0 exactly, a tie of maximum(·, 0): TensorFlow passes [1, −1]·1/m.
        // Row 1: neg 0.5, pos 3: −1.5, inactive, gradient 0. Loss (0 + 0)/2 = 0.
        INDArray y = matrix(new double[][] {{0, 1}, {0, 1}});
        INDArray p = matrix(new double[][] {{0.5, 1.5}, {0.5, 3}});
        assertEquals(0.0, new CategoricalHinge().compute(y, p), 0.0);
        assertArrayEquals(new double[] {0.5, -0.5, 0, 0}, gradient(new CategoricalHinge(), y, p), 0.0);
    }

    // ---------------------------------------------------------------- targets

    @Test
    void categoricalHingeRejectsClassIdsInsteadOfOneHotRows() {
        String m = assertThrows(IllegalArgumentException.class, () -> new CategoricalHinge().compute(
                matrix(new double[][] {{2}, {0}}), matrix(new double[][] {{1, 2, 3}, {1, 2, 3}}))).getMessage();
        assertTrue(m.startsWith("categorical_hinge") && m.contains("[2, 3]") && m.contains("[2, 1]"), m);
    }

    @Test
    void targetsOfTheWrongWidthAreRejectedNamingTheLoss() {
        for (Loss loss : new Loss[] {new KLDivergence(), new Hinge(), new SquaredHinge(), new CategoricalHinge()}) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> loss.checkTargets(matrix(new double[][] {{0, 1, 0}}), 2)).getMessage();
            assertTrue(m.startsWith(loss.name()) && m.contains("[m, 2]") && m.contains("[1, 3]"), m);
        }
    }
}
