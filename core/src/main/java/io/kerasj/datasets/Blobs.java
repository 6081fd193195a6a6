package io.kerasj.datasets;

import io.kerasj.core.Utils;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Isotropic Gaussian clusters for classification, like scikit-learn's {@code make_blobs}.
 *
 * <pre>{@code
 * Blobs.Data data = Blobs.make(1000, new double[][] {{15, 0}, {15, 15}, {0, 15}, {30, 15}}, 1.5, 2);
 * INDArray x = data.features();   // [1000, 2]
 * int[] y = data.labels();        // class = index of the centre
 * }</pre>
 *
 * <p>As in scikit-learn, the samples are spread evenly over the centres (the first {@code n % k} centres get
 * one more), each feature is the centre's coordinate plus N(0, std²) noise, and the samples are shuffled.
 * The same seed gives the same data.
 */
public final class Blobs {

    private Blobs() {}

    /** Features [n][d] and the centre index of each sample. */
    public record Data(double[][] x, int[] y) {

        /** The features as a float32 tensor [n, d]. */
        public INDArray features() {
            return Utils.tensor(x);
        }

        /** The class ids (a copy). */
        public int[] labels() {
            return y.clone();
        }

        public int size() {
            return y.length;
        }

        /** Samples {@code from} (inclusive) to {@code to} (exclusive), e.g. to split off a test set. */
        public Data slice(int from, int to) {
            if (from < 0 || to > y.length || from > to) {
                throw new IllegalArgumentException("Blobs.Data.slice: [" + from + ", " + to + ") is outside [0, "
                        + y.length + "]");
            }
            double[][] xs = new double[to - from][];
            for (int i = from; i < to; i++) {
                xs[i - from] = x[i].clone();
            }
            return new Data(xs, java.util.Arrays.copyOfRange(y, from, to));
        }
    }

    /**
     * @param nSamples total number of samples, &gt; 0
     * @param centers  k centres, all of the same dimension d &gt; 0
     * @param std      standard deviation of every feature around its centre, &ge; 0
     * @param seed     seeds the noise and the shuffle
     */
    public static Data make(int nSamples, double[][] centers, double std, long seed) {
        if (nSamples <= 0) {
            throw new IllegalArgumentException("Blobs.make: nSamples must be > 0. Received: " + nSamples);
        }
        if (centers == null || centers.length == 0) {
            throw new IllegalArgumentException("Blobs.make: give at least one centre");
        }
        int d = centers[0].length;
        for (int c = 0; c < centers.length; c++) {
            if (centers[c].length != d || d == 0) {
                throw new IllegalArgumentException("Blobs.make: every centre needs the same, non-zero dimension; centre 0 has "
                        + d + ", centre " + c + " has " + centers[c].length);
            }
        }
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("Blobs.make: std must be finite and >= 0. Received: " + std);
        }
        Random random = new Random(seed);
        int k = centers.length;
        double[][] x = new double[nSamples][];
        int[] y = new int[nSamples];
        int i = 0;
        for (int c = 0; c < k; c++) {
            int count = nSamples / k + (c < nSamples % k ? 1 : 0);
            for (int j = 0; j < count; j++, i++) {
                double[] row = new double[d];
                for (int f = 0; f < d; f++) {
                    row[f] = centers[c][f] + std * random.nextGaussian();
                }
                x[i] = row;
                y[i] = c;
            }
        }
        for (int a = nSamples - 1; a > 0; a--) {
            int b = random.nextInt(a + 1);
            double[] tx = x[a];
            x[a] = x[b];
            x[b] = tx;
            int ty = y[a];
            y[a] = y[b];
            y[b] = ty;
        }
        return new Data(x, y);
    }
}
