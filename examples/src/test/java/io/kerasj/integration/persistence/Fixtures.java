package io.kerasj.integration.persistence;

import io.kerasj.core.History;
import io.kerasj.core.Utils;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Small data sets and exact comparisons shared by the persistence tests. */
final class Fixtures {

    private Fixtures() {}

    /** Three Gaussian blobs in 2-D, 90 samples, classes interleaved so a validation split holds all three. */
    static double[][] blobsX() {
        Random r = new Random(11);
        double[][] centres = {{0, 0}, {3, 3}, {0, 4}};
        double[][] x = new double[90][2];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = centres[i % 3][0] + r.nextGaussian();
            x[i][1] = centres[i % 3][1] + r.nextGaussian();
        }
        return x;
    }

    static int[] blobsLabels() {
        int[] y = new int[90];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 3;
        }
        return y;
    }

    static INDArray x() {
        return Utils.tensor(blobsX());
    }

    static INDArray oneHot() {
        return Utils.toCategorical(blobsLabels(), 3);
    }

    /** Every element, widened to double (exact for float32), for bit-for-bit comparisons. */
    static double[] values(INDArray a) {
        return a.dup('c').reshape(a.length()).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
    }

    static double[] values(List<INDArray> arrays) {
        List<Double> all = new ArrayList<>();
        for (INDArray a : arrays) {
            for (double v : values(a)) {
                all.add(v);
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** One series of a history as an array. */
    static double[] series(History history, String key) {
        return history.get(key).stream().mapToDouble(Double::doubleValue).toArray();
    }
}
