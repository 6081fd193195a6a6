package io.kerasj.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Values from the Keras documentation's examples, re-derived by hand in the comments. */
class CrossentropyReferenceTest {

    private static INDArray m(double[][] rows) {
        return Nd4j.createFromArray(rows);
    }

    private final INDArray probabilities = m(new double[][] {{0.05, 0.95, 0}, {0.1, 0.8, 0.1}});

    @Test
    void categoricalMatchesKerasDocs() {
        // (−log 0.95 − log 0.1) / 2 = (0.051293 + 2.302585) / 2 = 1.176939
        INDArray oneHot = m(new double[][] {{0, 1, 0}, {0, 0, 1}});
        double expected = (-Math.log(0.95) - Math.log(0.1)) / 2;
        assertEquals(1.177, new CategoricalCrossentropy().compute(oneHot, probabilities), 5e-4);
        assertEquals(expected, new CategoricalCrossentropy().compute(oneHot, probabilities), 1e-12);
    }

    @Test
    void sparseMatchesKerasDocs() {
        INDArray ids = Nd4j.createFromArray(new double[] {1, 2});
        assertEquals(1.177, new SparseCategoricalCrossentropy().compute(ids, probabilities), 5e-4);
        assertEquals(1.177, new SparseCategoricalCrossentropy().compute(ids.reshape(2, 1), probabilities), 5e-4);
    }

    @Test
    void probabilitiesAreRenormalisedPerRow() {
        // Rows scaled by 2 and 10 are the same distributions after Keras's renormalisation.
        INDArray scaled = m(new double[][] {{0.1, 1.9, 0}, {1, 8, 1}});
        INDArray oneHot = m(new double[][] {{0, 1, 0}, {0, 0, 1}});
        assertEquals((-Math.log(0.95) - Math.log(0.1)) / 2, new CategoricalCrossentropy().compute(oneHot, scaled), 1e-12);
    }

    @Test
    void zeroProbabilityIsClippedToEpsilon() {
        // p = 0 for the true class: −log(1e-7) = 16.118096, not infinity.
        INDArray oneHot = m(new double[][] {{1, 0, 0}});
        INDArray p = m(new double[][] {{0, 0.5, 0.5}});
        assertEquals(-Math.log(1e-7), new CategoricalCrossentropy().compute(oneHot, p), 1e-9);
    }

    @Test
    void labelSmoothingMixesInTheUniformDistribution() {
        // s = 0.3, k = 3: targets [0.1, 0.8, 0.1] for row 0 and [0.1, 0.1, 0.8] for row 1 (0 is clipped to 1e-7).
        INDArray oneHot = m(new double[][] {{0, 1, 0}, {0, 0, 1}});
        double row0 = -(0.1 * Math.log(0.05) + 0.8 * Math.log(0.95) + 0.1 * Math.log(1e-7));
        double row1 = -(0.1 * Math.log(0.1) + 0.1 * Math.log(0.8) + 0.8 * Math.log(0.1));
        assertEquals((row0 + row1) / 2, new CategoricalCrossentropy(false, 0.3).compute(oneHot, probabilities), 1e-9);
    }

    @Test
    void fromLogitsUsesLogSoftmax() {
        // z = [1, 2, 3], class 2: L = log(e + e² + e³) − 3 = 0.407606
        INDArray z = m(new double[][] {{1, 2, 3}});
        double expected = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3;
        assertEquals(expected, new CategoricalCrossentropy(true).compute(m(new double[][] {{0, 0, 1}}), z), 1e-14);
        assertEquals(expected, new SparseCategoricalCrossentropy(true).compute(Nd4j.createFromArray(new double[] {2}), z), 1e-14);
    }

    @Test
    void binaryMatchesKerasDocs() {
        // Keras: y_true [[0, 1], [0, 0]], y_pred [[0.6, 0.4], [0.4, 0.6]] -> 0.815
        INDArray t = m(new double[][] {{0, 1}, {0, 0}});
        INDArray p = m(new double[][] {{0.6, 0.4}, {0.4, 0.6}});
        double expected = -(Math.log(0.4) + Math.log(0.4) + Math.log(0.6) + Math.log(0.4)) / 4;
        assertEquals(0.815, new BinaryCrossentropy().compute(t, p), 5e-4);
        assertEquals(expected, new BinaryCrossentropy().compute(t, p), 1e-12);
    }

    @Test
    void binaryFromLogitsIsExactForLargeLogits() {
        // t = 1, z = −800: L = log(1 + e^800) − 0 ≈ 800 exactly in float64; sigmoid(−800) would round to 0.
        INDArray t = m(new double[][] {{1, 0}});
        INDArray z = m(new double[][] {{-800, 3}});
        double expected = (800 + (3 + Math.log1p(Math.exp(-3)))) / 2;
        assertEquals(expected, new BinaryCrossentropy(true).compute(t, z), 1e-12);
    }

    @Test
    void meanSquaredErrorAveragesOverOutputsThenBatch() {
        INDArray t = m(new double[][] {{0, 1}, {0, 0}});
        INDArray p = m(new double[][] {{1, 1}, {1, 0}});
        assertEquals(0.5, new MeanSquaredError().compute(t, p), 0.0);
    }
}
