package io.kerasj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AccuracyTest {

    private final INDArray probabilities = Nd4j.createFromArray(new double[][] {
            {0.1, 0.7, 0.2}, {0.5, 0.3, 0.2}, {0.2, 0.2, 0.6}, {0.3, 0.4, 0.3}});

    private static double accuracy(String name, INDArray yTrue, INDArray yPred) {
        Metric metric = Metric.get(name);
        metric.reset();
        metric.update(yTrue, yPred);
        return metric.result();
    }

    @Test
    void sparseLabelsCompareWithArgmax() {
        // argmax rows: 1, 0, 2, 1; labels 1, 0, 1, 1 -> 3 of 4.
        INDArray ids = Nd4j.createFromArray(new double[] {1, 0, 1, 1});
        assertEquals(0.75, accuracy("accuracy", ids, probabilities), 0.0);
        assertEquals(0.75, accuracy("sparse_categorical_accuracy", ids.reshape(4, 1), probabilities), 0.0);
    }

    @Test
    void oneHotLabelsCompareArgmaxWithArgmax() {
        INDArray oneHot = Nd4j.createFromArray(new double[][] {{0, 1, 0}, {0, 0, 1}, {0, 0, 1}, {1, 0, 0}});
        assertEquals(0.5, accuracy("accuracy", oneHot, probabilities), 0.0);
        assertEquals(0.5, accuracy("categorical_accuracy", oneHot, probabilities), 0.0);
    }

    @Test
    void aSingleOutputIsBinaryWithThresholdHalf() {
        INDArray p = Nd4j.createFromArray(new double[][] {{0.9}, {0.4}, {0.6}, {0.1}});
        INDArray t = Nd4j.createFromArray(new double[][] {{1}, {1}, {0}, {0}});
        assertEquals(0.5, accuracy("accuracy", t, p), 0.0);
        assertEquals(0.5, accuracy("binary_accuracy", t, p), 0.0);
    }

    /**
     * Keras averages binary accuracy over every entry: targets [[1, 0], [0, 1]] against [[0.9, 0.6], [0.2, 0.7]] at
     * 0.5 match at (0,0), (1,0) and (1,1), 3 of 4 entries (a count by rows would say 1 of 2).
     */
    @Test
    void binaryAccuracyCountsEveryEntryOfSeveralOutputs() {
        INDArray p = Nd4j.createFromArray(new double[][] {{0.9, 0.6}, {0.2, 0.7}});
        INDArray t = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}});
        assertEquals(0.75, accuracy("binary_accuracy", t, p), 0.0);
    }

    @Test
    void accumulatesOverBatchesUntilReset() {
        Metric metric = Metric.get("accuracy");
        metric.reset();
        INDArray ids = Nd4j.createFromArray(new double[] {1, 0, 1, 1});
        metric.update(ids, probabilities);
        metric.update(Nd4j.createFromArray(new double[] {0, 0, 0, 0}), probabilities);
        assertEquals(4.0 / 8, metric.result(), 0.0);
        metric.reset();
        assertEquals(0.0, metric.result(), 0.0);
    }
}
