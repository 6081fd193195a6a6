package io.kerasj.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ops.Ops;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Broadcasting a row over a batch, on both engines, against values worked out by hand. */
class RowVectorOpsTest {

    private static Ops engine(String name) {
        return name.equals("host") ? Backends.host() : Backends.portable();
    }

    /** [[1, 2], [3, 4]] and the row [10, −1]: sums [[11, 1], [13, 3]], products [[10, −2], [30, −4]]. */
    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void aRowIsAddedToAndMultipliedIntoEveryRow(String name) {
        Ops ops = engine(name);
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        INDArray row = Nd4j.createFromArray(10.0, -1.0);
        INDArray out = a.ulike();
        ops.addRowVector(a, row, out);
        assertArrayEquals(new double[] {11, 1, 13, 3}, out.reshape(4).toDoubleVector(), 0.0);
        ops.mulRowVector(a, row, out);
        assertArrayEquals(new double[] {10, -2, 30, -4}, out.reshape(4).toDoubleVector(), 0.0);
        // In place, on float32 rows at an offset of a larger array.
        INDArray rows = Nd4j.createFromArray(new float[][] {{9, 9}, {1, 2}, {3, 4}}).get(NDArrayIndex.interval(1, 3),
                NDArrayIndex.all());
        ops.mulRowVector(rows, row.castTo(DataType.FLOAT), rows);
        assertArrayEquals(new float[] {10, -2, 30, -4}, rows.dup().reshape(4).toFloatVector(), 0f);
    }

    /** [[1, 2], [3, 4]] with rows weighted by [0.5, −2]: [[0.5, 1], [−6, −8]]; also in place on float32 views. */
    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void aColumnScalesEveryRow(String name) {
        Ops ops = engine(name);
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        INDArray column = Nd4j.createFromArray(0.5, -2.0);
        INDArray out = a.ulike();
        ops.mulColumnVector(a, column, out);
        assertArrayEquals(new double[] {0.5, 1, -6, -8}, out.reshape(4).toDoubleVector(), 0.0);
        INDArray rows = Nd4j.createFromArray(new float[][] {{9, 9}, {1, 2}, {3, 4}}).get(NDArrayIndex.interval(1, 3),
                NDArrayIndex.all());
        ops.mulColumnVector(rows, column.castTo(DataType.FLOAT).reshape(2, 1), rows);
        assertArrayEquals(new float[] {0.5f, 1, -6, -8}, rows.dup().reshape(4).toFloatVector(), 0f);
        // A column of the wrong length is refused with both sizes named.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ops.mulColumnVector(a, Nd4j.createFromArray(1.0, 2.0, 3.0), a.ulike()));
        assertTrue(e.getMessage().contains("column of 3"), e.getMessage());
    }
}
