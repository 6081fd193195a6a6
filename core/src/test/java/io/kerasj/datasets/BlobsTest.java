package io.kerasj.datasets;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class BlobsTest {

    private static final double[][] CENTERS = {{15, 0}, {15, 15}, {0, 15}, {30, 15}};

    @Test
    void spreadsSamplesEvenlyLikeMakeBlobs() {
        // make_blobs(n_samples=10, centers=3): 10 // 3 = 3 each, the first 10 % 3 = 1 centre gets one more.
        Blobs.Data data = Blobs.make(10, new double[][] {{0}, {10}, {20}}, 0.0, 1);
        int[] counts = new int[3];
        for (int label : data.labels()) {
            counts[label]++;
        }
        assertArrayEquals(new int[] {4, 3, 3}, counts);
        // std 0: every sample sits exactly on its centre.
        for (int i = 0; i < data.size(); i++) {
            assertEquals(10.0 * data.y()[i], data.x()[i][0], 0.0);
        }
    }

    @Test
    void perClassMeanAndStdMatchTheCentresAndStd() {
        int n = 40_000;
        Blobs.Data data = Blobs.make(n, CENTERS, 1.5, 7);
        double[][] sum = new double[4][2];
        double[][] sumSq = new double[4][2];
        int[] count = new int[4];
        for (int i = 0; i < n; i++) {
            int c = data.y()[i];
            count[c]++;
            for (int f = 0; f < 2; f++) {
                sum[c][f] += data.x()[i][f];
                sumSq[c][f] += data.x()[i][f] * data.x()[i][f];
            }
        }
        for (int c = 0; c < 4; c++) {
            assertEquals(10_000, count[c]);
            for (int f = 0; f < 2; f++) {
                double mean = sum[c][f] / count[c];
                double std = Math.sqrt(sumSq[c][f] / count[c] - mean * mean);
                // Standard error of the mean: 1.5 / sqrt(10000) = 0.015; of the std: 1.5 / sqrt(20000) ≈ 0.0106.
                assertEquals(CENTERS[c][f], mean, 0.075, "mean of class " + c + ", feature " + f);
                assertEquals(1.5, std, 0.055, "std of class " + c + ", feature " + f);
            }
        }
    }

    @Test
    void isShuffledAndSeeded() {
        Blobs.Data a = Blobs.make(1000, CENTERS, 1.5, 42);
        Blobs.Data b = Blobs.make(1000, CENTERS, 1.5, 42);
        Blobs.Data c = Blobs.make(1000, CENTERS, 1.5, 43);
        assertArrayEquals(a.y(), b.y());
        assertTrue(Arrays.deepEquals(a.x(), b.x()));
        assertFalse(Arrays.deepEquals(a.x(), c.x()));
        // Shuffled: the first 250 (the demo's test set) hold every class, in roughly equal numbers.
        int[] counts = new int[4];
        for (int i = 0; i < 250; i++) {
            counts[a.y()[i]]++;
        }
        for (int count : counts) {
            assertTrue(count > 30 && count < 100, "class counts in the first 250: " + Arrays.toString(counts));
        }
    }

    @Test
    void featuresAndSlice() {
        Blobs.Data data = Blobs.make(8, CENTERS, 1.5, 3);
        INDArray x = data.features();
        assertArrayEquals(new long[] {8, 2}, x.shape());
        assertEquals(data.x()[5][1], x.getDouble(5, 1), 1e-5);
        Blobs.Data tail = data.slice(2, 8);
        assertEquals(6, tail.size());
        assertEquals(data.y()[2], tail.y()[0]);
        assertArrayEquals(data.x()[7], tail.x()[5]);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Blobs.make(0, CENTERS, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Blobs.make(10, new double[0][], 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Blobs.make(10, new double[][] {{1, 2}, {3}}, 1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Blobs.make(10, CENTERS, -1, 1));
        assertTrue(e.getMessage().contains("std"), e.getMessage());
    }
}
