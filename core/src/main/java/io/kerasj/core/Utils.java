package io.kerasj.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.INDArrayIndex;

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
        checkRows(rows == null ? -1 : rows.length, rows == null ? null : i -> rows[i] == null ? -1 : rows[i].length);
        return Nd4j.create(rows);
    }

    /** Rejects a null, empty or ragged array of rows with a named error rather than ND4J's index errors. */
    private static void checkRows(int count, java.util.function.IntUnaryOperator width) {
        if (count < 0) {
            throw new IllegalArgumentException("tensor: rows is null");
        }
        if (count == 0) {
            throw new IllegalArgumentException("tensor: no rows (an array of 0 samples)");
        }
        int first = width.applyAsInt(0);
        for (int i = 0; i < count; i++) {
            int w = width.applyAsInt(i);
            if (w < 0) {
                throw new IllegalArgumentException("tensor: row " + i + " is null");
            }
            if (w == 0 || w != first) {
                throw new IllegalArgumentException("tensor: row " + i + " has " + w + " values, row 0 has " + first
                        + "; every row must have the same number, at least one");
            }
        }
    }

    /** A float32 [m, n] tensor of the rows (use {@link #tensor(double[][], DataType)} to keep float64). */
    public static INDArray tensor(double[][] rows) {
        return tensor(rows, DataType.FLOAT);
    }

    /** An [m, n] tensor of the rows in the given type. */
    public static INDArray tensor(double[][] rows, DataType dataType) {
        checkRows(rows == null ? -1 : rows.length, rows == null ? null : i -> rows[i] == null ? -1 : rows[i].length);
        return Nd4j.create(rows).castTo(dataType);
    }

    /** Class ids as a float32 tensor of shape [m], the form the sparse losses take. */
    public static INDArray labels(int[] ids) {
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException("labels: " + (ids == null ? "ids is null" : "no labels (an array of 0)"));
        }
        return Nd4j.createFromArray(ids).castTo(DataType.FLOAT);
    }

    /** Rows [from, to) of {@code a}, an array of any rank whose first axis is the samples, as a view. */
    public static INDArray rows(INDArray a, long from, long to) {
        INDArrayIndex[] index = new INDArrayIndex[a.rank()];
        index[0] = NDArrayIndex.interval(from, to);
        for (int d = 1; d < index.length; d++) {
            index[d] = NDArrayIndex.all();
        }
        return a.get(index);
    }
}
