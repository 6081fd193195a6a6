package io.kerasj.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between Java arrays and tensors, as Keras's {@code keras.utils}. */
public final class Utils {

    private Utils() {}

    /**
     * One-hot encodes class ids: {@code toCategorical([2, 0], 3)} is [[0, 0, 1], [1, 0, 0]] (float32).
     *
     * @throws IllegalArgumentException naming the index and value of a label outside [0, numClasses)
     */
    public static INDArray toCategorical(int[] labels, int numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("toCategorical: numClasses must be > 0. Received: numClasses=" + numClasses);
        }
        float[][] oneHot = new float[labels.length][numClasses];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("toCategorical: labels[" + i + "] = " + labels[i]
                        + " is outside [0, " + numClasses + ")");
            }
            oneHot[i][labels[i]] = 1f;
        }
        return Nd4j.create(oneHot);
    }

    /** One-hot encodes class ids held in a tensor of shape [m] or [m, 1]. */
    public static INDArray toCategorical(INDArray labels, int numClasses) {
        return toCategorical(labels.toIntVector(), numClasses);
    }

    /** A float32 [m, n] tensor of the rows. */
    public static INDArray tensor(float[][] rows) {
        return Nd4j.create(rows);
    }

    /** A float32 [m, n] tensor of the rows (use {@link #tensor(double[][], DataType)} to keep float64). */
    public static INDArray tensor(double[][] rows) {
        return tensor(rows, DataType.FLOAT);
    }

    /** An [m, n] tensor of the rows in the given type. */
    public static INDArray tensor(double[][] rows, DataType dataType) {
        return Nd4j.create(rows).castTo(dataType);
    }

    /** Class ids as a float32 tensor of shape [m], the form the sparse losses take. */
    public static INDArray labels(int[] ids) {
        return Nd4j.createFromArray(ids).castTo(DataType.FLOAT);
    }
}
