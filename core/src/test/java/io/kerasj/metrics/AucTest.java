package io.kerasj.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Metric;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** AUC against hand-worked confusion counts, the exact ROC area, and Keras's PR interpolation formula. */
class AucTest {

    private static INDArray column(double... values) {
        return Nd4j.createFromArray(values).reshape(values.length, 1);
    }

    private static double auc(AUC metric, double[] yTrue, double[] yPred) {
        metric.reset();
        metric.update(column(yTrue), column(yPred));
        return metric.result();
    }

    /** y = [0, 0, 1, 1], p = [0, 0.5, 0.3, 0.9] with 3 thresholds −ε, 0.5, 1 + ε (0.5 does not pass 0.5). */
    private static final double[] Y = {0, 0, 1, 1};
    private static final double[] P = {0, 0.5, 0.3, 0.9};

    @Test
    void thresholdsAreKerass() {
        assertArrayEquals(new double[] {-1e-7, 0.5, 1 + 1e-7}, new AUC(3).thresholds(), 0.0);
        double[] t = new AUC().thresholds();
        assertEquals(200, t.length);
        assertEquals(1.0 / 199, t[1], 1e-16);
        assertEquals(198.0 / 199, t[198], 1e-16);
    }

    @Test
    void rocInterpolationIsTheTrapezoidOverTheThresholds() {
        // tp = [2, 1, 0], fp = [2, 0, 0], fn = [0, 1, 2], tn = [0, 2, 2]: TPR = [1, 0.5, 0], FPR = [1, 0, 0];
        // area = (1 − 0)·(1 + 0.5)/2 + (0 − 0)·(0.5 + 0)/2 = 0.75.
        assertEquals(0.75, auc(new AUC(3), Y, P), 1e-15);
        // Riemann sums with the smaller height (0.5) and the larger (1).
        assertEquals(0.5, auc(new AUC(3, "ROC", "minoring", "auc"), Y, P), 1e-15);
        assertEquals(1.0, auc(new AUC(3, "ROC", "majoring", "auc"), Y, P), 1e-15);
    }

    @Test
    void rocEqualsTheExactAreaWhenEveryPredictionHasItsOwnBucket() {
        // Distinct predictions 0.005 apart or more, none on a threshold i/199: the ROC curve through the 200
        // thresholds is the exact one. Exact AUC = the share of (positive, negative) pairs ranked right:
        // positives 0.9, 0.7, 0.2 against negatives 0.8, 0.35, 0.1: 3 + 2 + 1 = 6 of 9 = 2/3.
        double[] y = {1, 0, 1, 0, 1, 0};
        double[] p = {0.9, 0.8, 0.7, 0.35, 0.2, 0.1};
        assertEquals(2.0 / 3, auc(new AUC(), y, p), 1e-12);
    }

    @Test
    void prInterpolationFollowsKerasFormula() {
        // P = TP + FP = [4, 1, 0], TP = [2, 1, 0], 2 positives.
        // i = 0: ΔTP = 1, ΔP = 3, slope 1/3, intercept 1 − 1/3 = 2/3, P ratio 4: (1/3)(1 + (2/3)·ln 4)/2.
        // i = 1: ΔTP = 1, ΔP = 1, slope 1, intercept 0 − 1·0 = 0, P_{i+1} = 0 so ratio 1: 1·(1 + 0)/2 = 0.5.
        double expected = (1.0 / 3) * (1 + (2.0 / 3) * Math.log(4)) / 2 + 0.5;
        assertEquals(expected, auc(new AUC(3, "PR"), Y, P), 1e-15);
        assertEquals(0.8206994, expected, 1e-7);
    }

    @Test
    void batchesAccumulateAsOne() {
        AUC metric = new AUC(3);
        metric.reset();
        metric.update(column(0, 0), column(0, 0.5));
        metric.update(column(1, 1), column(0.3, 0.9));
        assertEquals(0.75, metric.result(), 1e-15);
    }

    @Test
    void predictionsAreClippedAndNonzeroTargetsArePositive() {
        // −0.4 counts as 0 and 1.3 as 1; the target 2 counts as positive: the same counts as Y, P.
        assertEquals(0.75, auc(new AUC(3), new double[] {0, 0, 1, 2}, new double[] {-0.4, 0.5, 0.3, 1.3}), 1e-15);
    }

    @Test
    void aNanPredictionMakesTheResultNan() {
        assertTrue(Double.isNaN(auc(new AUC(3), Y, new double[] {0, Double.NaN, 0.3, 0.9})));
    }

    @Test
    void byNameAndHigherIsBetter() {
        Metric metric = Metric.get("auc");
        AUC auc = assertInstanceOf(AUC.class, metric);
        assertEquals("auc", auc.name());
        assertEquals(200, auc.numThresholds());
        assertEquals("ROC", auc.curve());
        assertTrue(metric.higherIsBetter());
        assertTrue(Metric.higherIsBetter("val_auc"));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AUC(1));
        assertThrows(IllegalArgumentException.class, () -> new AUC(200, "DET"));
        assertThrows(IllegalArgumentException.class, () -> new AUC(200, "ROC", "trapezoid", "auc"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AUC().update(column(1, 0, 1), column(0.5, 0.5)));
        assertTrue(e.getMessage().startsWith("auc: expected targets"), e.getMessage());
    }
}
