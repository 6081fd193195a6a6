package io.kerasj.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Metric;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Predictions [[0.1, 0.5, 0.4], [0.6, 0.3, 0.1], [0.2, 0.2, 0.6]] with targets 2, 2, 0. Classes strictly above the
 * target's score: row 0: one (0.5); row 1: two (0.6, 0.3); row 2: one (0.6; the other 0.2 is a tie, not above).
 * So top-1 gets 0 of 3, top-2 gets rows 0 and 2 (2/3), top-3 all.
 */
class TopKAccuracyTest {

    private static final INDArray P = Nd4j.createFromArray(new double[][] {
            {0.1, 0.5, 0.4}, {0.6, 0.3, 0.1}, {0.2, 0.2, 0.6}});
    private static final INDArray ONE_HOT = Nd4j.createFromArray(new double[][] {{0, 0, 1}, {0, 0, 1}, {1, 0, 0}});
    private static final INDArray IDS = Nd4j.createFromArray(2.0, 2.0, 0.0);

    private static double result(Metric metric, INDArray yTrue) {
        metric.reset();
        metric.update(yTrue, P);
        return metric.result();
    }

    @Test
    void oneHotTargetsCountWhenAmongTheKLargest() {
        assertEquals(0.0, result(new TopKCategoricalAccuracy(1), ONE_HOT), 0.0);
        assertEquals(2.0 / 3, result(new TopKCategoricalAccuracy(2), ONE_HOT), 0.0);
        assertEquals(1.0, result(new TopKCategoricalAccuracy(3), ONE_HOT), 0.0);
        // Keras's default k = 5 covers all 3 classes.
        assertEquals(1.0, result(new TopKCategoricalAccuracy(), ONE_HOT), 0.0);
    }

    @Test
    void classIdsCountTheSame() {
        assertEquals(0.0, result(new SparseTopKCategoricalAccuracy(1), IDS), 0.0);
        assertEquals(2.0 / 3, result(new SparseTopKCategoricalAccuracy(2), IDS), 0.0);
        assertEquals(2.0 / 3, result(new SparseTopKCategoricalAccuracy(2), IDS.reshape(3, 1)), 0.0);
        assertEquals(1.0, result(new SparseTopKCategoricalAccuracy(), IDS), 0.0);
    }

    @Test
    void batchesAccumulate() {
        Metric metric = new TopKCategoricalAccuracy(2);
        metric.reset();
        metric.update(ONE_HOT, P);
        metric.update(ONE_HOT, P);
        assertEquals(2.0 / 3, metric.result(), 0.0);
    }

    @Test
    void byKerasNameAndHigherIsBetter() {
        Metric topK = Metric.get("top_k_categorical_accuracy");
        assertEquals(5, assertInstanceOf(TopKCategoricalAccuracy.class, topK).k());
        assertEquals("top_k_categorical_accuracy", topK.name());
        Metric sparse = Metric.get("sparse_top_k_categorical_accuracy");
        assertEquals("sparse_top_k_categorical_accuracy", assertInstanceOf(SparseTopKCategoricalAccuracy.class,
                sparse).name());
        assertTrue(topK.higherIsBetter() && sparse.higherIsBetter());
        assertTrue(Metric.higherIsBetter("val_sparse_top_k_categorical_accuracy"));
    }

    @Test
    void badShapesAndKAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TopKCategoricalAccuracy(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparseTopKCategoricalAccuracy(2).update(ONE_HOT, P));
        assertTrue(e.getMessage().contains("class ids"), e.getMessage());
    }
}
