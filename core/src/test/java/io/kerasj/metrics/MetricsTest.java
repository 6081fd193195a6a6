package io.kerasj.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Metric;
import io.kerasj.ops.Ops;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Precision, recall and the error metrics against counts and means worked out by hand, on both engines. */
class MetricsTest {

    private static Ops engine(String name) {
        return name.equals("host") ? Ops.host() : Ops.portable();
    }

    /**
     * Targets [[1, 0], [1, 1], [0, 1]] and predictions [[0.9, 0.6], [0.4, 0.7], [0.2, 0.1]] at 0.5: predicted positive
     * (0,0), (0,1), (1,1); actually positive (0,0), (1,0), (1,1), (2,1); true positives (0,0), (1,1). Precision 2/3,
     * recall 2/4. A second batch [[1]] against [[0.8]] adds one true positive: 3/4 and 3/5.
     */
    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void precisionAndRecallCountEveryEntry(String name) {
        Ops ops = engine(name);
        INDArray t = Nd4j.createFromArray(new double[][] {{1, 0}, {1, 1}, {0, 1}});
        INDArray p = Nd4j.createFromArray(new double[][] {{0.9, 0.6}, {0.4, 0.7}, {0.2, 0.1}});
        Metric precision = Metric.get("precision");
        Metric recall = Metric.get("recall");
        precision.update(ops, t, p);
        recall.update(ops, t, p);
        assertEquals(2.0 / 3, precision.result(), 1e-15);
        assertEquals(0.5, recall.result(), 1e-15);
        INDArray t2 = Nd4j.createFromArray(new double[][] {{1}});
        INDArray p2 = Nd4j.createFromArray(new double[][] {{0.8}});
        precision.update(ops, t2, p2);
        recall.update(ops, t2, p2);
        assertEquals(0.75, precision.result(), 1e-15);
        assertEquals(0.6, recall.result(), 1e-15);
        precision.reset();
        assertEquals(0.0, precision.result(), "nothing counted: 0, as Keras's divide_no_nan");
        // At threshold 0.05 every entry is predicted positive: precision 4 true positives of 6.
        Metric low = PrecisionRecall.precision(0.05);
        low.update(ops, t, p);
        assertEquals(4.0 / 6, low.result(), 1e-15);
    }

    /** Differences [0.5, 0, −1, 2]: MAE 3.5/4, MSE (0.25 + 1 + 4)/4 = 1.3125, RMSE √1.3125. */
    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void errorMetricsAreMeansOverEveryEntry(String name) {
        Ops ops = engine(name);
        INDArray t = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        INDArray p = Nd4j.createFromArray(new double[][] {{1.5, 2}, {2, 6}});
        Metric mae = Metric.get("mae");
        Metric mse = Metric.get("mean_squared_error");
        Metric rmse = Metric.get("root_mean_squared_error");
        for (Metric m : new Metric[] {mae, mse, rmse}) {
            m.update(ops, t, p);
        }
        assertEquals(0.875, mae.result(), 1e-15);
        assertEquals(1.3125, mse.result(), 1e-15);
        assertEquals(Math.sqrt(1.3125), rmse.result(), 1e-15);
        assertEquals("mae", mae.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"val_precision", "recall", "accuracy", "val_sparse_categorical_accuracy", "auc"})
    void higherIsBetterForAccuracyPrecisionRecallAndAuc(String key) {
        assertTrue(Metric.higherIsBetter(key), key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"loss", "val_loss", "mean_absolute_error", "val_mse", "root_mean_squared_error"})
    void lowerIsBetterForLossesAndErrors(String key) {
        assertFalse(Metric.higherIsBetter(key), key);
    }

    @org.junit.jupiter.api.Test
    void unknownNamesAndBadThresholdsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metric.get("f1"));
        assertTrue(e.getMessage().contains("\"f1\"") && e.getMessage().contains("precision"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PrecisionRecall.recall(1.5));
    }
}
