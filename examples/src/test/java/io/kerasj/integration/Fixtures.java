package io.kerasj.integration;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small seeded data sets for the cross-module tests. */
final class Fixtures {

    private Fixtures() {}

    /** Four Gaussian clusters in 2-D (std 1.5), labels cycling 0..3, in the given type. */
    static INDArray[] blobs(int n, long seed, DataType type) {
        double[][] centres = {{15, 0}, {15, 15}, {0, 15}, {30, 15}};
        Random random = new Random(seed);
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(4);
            y[i] = c;
            x[i][0] = centres[c][0] + 1.5 * random.nextGaussian();
            x[i][1] = centres[c][1] + 1.5 * random.nextGaussian();
        }
        return new INDArray[] {Nd4j.createFromArray(x).castTo(type), Nd4j.createFromArray(y).castTo(type)};
    }

    static INDArray gaussian(long seed, DataType type, int rows, int cols) {
        Random random = new Random(seed);
        INDArray a = Nd4j.create(DataType.DOUBLE, rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            a.putScalar(i, random.nextGaussian());
        }
        return a.castTo(type);
    }

    static INDArray oneHot(INDArray ids, int k) {
        INDArray t = Nd4j.zeros(ids.dataType(), ids.length(), k);
        for (int i = 0; i < ids.length(); i++) {
            t.putScalar(i, ids.getInt(i), 1.0);
        }
        return t;
    }
}
