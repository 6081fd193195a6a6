package io.kerasj.layers;

import static org.junit.jupiter.api.Assertions.*;

import io.kerasj.data.Dataset;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Normalization.adapt(Dataset): one streaming pass, the statistics of adapt(array) on the same rows. */
class NormalizationAdaptDatasetTest {

    /** By hand: columns [1, 3, 5] and [10, 10, 40] have means [3, 20] and population variances [8/3, 200]. */
    @Test
    void learnsTheMeanAndPopulationVarianceAcrossBatches() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 10}, {3, 10}, {5, 40}});
        List<double[]> stats = new Normalization().adapt(Dataset.fromArrays(x, null).batch(2)).statistics();
        assertArrayEquals(new double[] {3, 20}, stats.get(0), 1e-14);
        assertArrayEquals(new double[] {8.0 / 3, 200}, stats.get(1), 1e-12);
    }

    @Test
    void equalsAdaptOnTheArrayForAnyBatchSizeAndWithTargets() {
        Random random = new Random(5);
        double[][] rows = new double[1001][4];
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = 50 * j + (j + 1) * random.nextGaussian();
            }
        }
        INDArray x = Nd4j.createFromArray(rows);
        List<double[]> expected = new Normalization().adapt(x).statistics();
        for (int batch : new int[] {1, 7, 1000, 5000}) {
            List<double[]> streamed = new Normalization()
                    .adapt(Dataset.fromArrays(x, Nd4j.zeros(1001)).batch(batch)).statistics();
            assertArrayEquals(expected.get(0), streamed.get(0), 1e-12, "batch " + batch);
            assertArrayEquals(expected.get(1), streamed.get(1), 1e-11, "batch " + batch);
        }
        // Unbatched samples are read one by one.
        List<double[]> samples = new Normalization().adapt(Dataset.fromArrays(x, null)).statistics();
        assertArrayEquals(expected.get(1), samples.get(1), 1e-11);
    }

    /**
     * 1e9 + 1, ..., 1e9 + 4 (exact in float64): mean 1e9 + 2.5, variance (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25. Σx² is
     * about 4e18, where a float64 step is 512, so Σx²/n − mean² would be off by hundreds; the merged update is exact.
     */
    @Test
    void staysExactWhenTheMeanIsLargeAgainstTheSpread() {
        Dataset data = Dataset.fromSamples(() -> IntStream.rangeClosed(1, 4)
                .mapToObj(i -> new Dataset.Sample(new double[] {1e9 + i})).iterator()).batch(3);
        List<double[]> stats = new Normalization().adapt(data).statistics();
        assertEquals(1e9 + 2.5, stats.get(0)[0], 0.0);
        assertEquals(1.25, stats.get(1)[0], 1e-9);
    }

    @Test
    void anEmptyOrEndlessDatasetIsRefused() {
        Dataset empty = Dataset.fromSamples(() -> List.<Dataset.Sample>of().iterator()).batch(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Normalization().adapt(empty));
        assertEquals("Normalization: adapt got an empty dataset; it needs at least one sample", e.getMessage());
        Dataset endless = Dataset.fromArrays(Nd4j.ones(2, 1), null).batch(2).repeat();
        assertThrows(IllegalArgumentException.class, () -> new Normalization().adapt(endless));
    }
}
