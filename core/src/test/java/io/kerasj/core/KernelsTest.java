package io.kerasj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class KernelsTest {

    private static INDArray random(long seed, int rows, int cols) {
        Random random = new Random(seed);
        INDArray a = Nd4j.create(DataType.DOUBLE, rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            a.putScalar(i, random.nextGaussian());
        }
        return a;
    }

    /** Both the Java loop (small) and the BLAS call (large) against ND4J's own mmul, for every transpose. */
    @ParameterizedTest
    @CsvSource({"3,4,5,false,false", "3,4,5,true,false", "3,4,5,false,true", "3,4,5,true,true",
            "40,30,20,false,false", "40,30,20,true,false", "40,30,20,false,true", "40,30,20,true,true"})
    void matmulAgreesWithNd4jMmul(int m, int k, int n, boolean transposeA, boolean transposeB) {
        INDArray a = transposeA ? random(1, k, m) : random(1, m, k);
        INDArray b = transposeB ? random(2, n, k) : random(2, k, n);
        INDArray c = Nd4j.create(DataType.DOUBLE, m, n);
        Kernels.matmul(Matrix.of(a), Matrix.of(b), Matrix.of(c), transposeA, transposeB);
        INDArray expected = (transposeA ? a.transpose() : a).mmul(transposeB ? b.transpose() : b);
        assertTrue(expected.equalsWithEps(c, 1e-12), "m·n·k = " + (m * n * k));
    }

    @Test
    void matmulRejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.matmul(
                Matrix.of(random(1, 2, 3)), Matrix.of(random(1, 4, 2)), Matrix.of(random(1, 2, 2)), false, false));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 2]"), e.getMessage());
    }

    @Test
    void matrixReadsAndWritesAViewAtItsOffset() {
        INDArray flat = Nd4j.zeros(DataType.FLOAT, 20);
        INDArray view = flat.get(NDArrayIndex.interval(6, 12)).reshape('c', 2, 3);
        Matrix matrix = Matrix.of(view);
        matrix.set(1, 2, 7.5);
        assertEquals(7.5f, flat.getFloat(11), 0f);
        assertEquals(7.5f, view.getFloat(1, 2), 0f);
        flat.putScalar(6, 2.0);
        assertEquals(2.0, matrix.get(0, 0), 0.0);
        INDArray rows = random(3, 6, 3).get(NDArrayIndex.interval(2, 4), NDArrayIndex.all());
        assertEquals(rows.getDouble(1, 2), Matrix.of(rows).get(1, 2), 0.0);
    }

    @Test
    void matrixRejectsANonContiguousView() {
        INDArray columns = random(4, 4, 4).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2));
        assertThrows(IllegalArgumentException.class, () -> Matrix.of(columns));
    }

    @Test
    void gatherRowsCopiesTheIndexedRows() {
        INDArray source = Nd4j.createFromArray(new double[][] {{0, 1}, {10, 11}, {20, 21}, {30, 31}});
        INDArray target = Nd4j.create(DataType.DOUBLE, 2, 2);
        Kernels.gatherRows(Matrix.of(source), new int[] {3, 0, 2, 1}, 1, 2, Matrix.of(target));
        assertEquals(Nd4j.createFromArray(new double[][] {{0, 1}, {20, 21}}), target);
    }

    @Test
    void sigmoidIsFiniteAndExactAtBothEnds() {
        assertEquals(0.5, Kernels.sigmoid(0), 0.0);
        assertEquals(1.0, Kernels.sigmoid(800), 0.0);
        // σ(−700) = e^{−700}/(1 + e^{−700}) = e^{−700} ≈ 9.86e-305 to double precision; 1/(1 + e^{700}) would be 0.
        assertEquals(1.0, Kernels.sigmoid(-700) / Math.exp(-700), 1e-15);
    }
}
