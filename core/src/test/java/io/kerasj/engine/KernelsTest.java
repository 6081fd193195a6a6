package io.kerasj.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
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

    /** Whether the kernels under test split large loops across the cores. */
    private static boolean split = true;

    /** A host engine that splits its loops as {@link #split} says. */
    private static HostOps host() {
        HostOps host = new HostOps(Backends.portable(), false);
        host.splitLoops(split);
        return host;
    }

    /** Runs a check with large loops split across the cores, then unsplit. */
    private static void splitAndUnsplit(Runnable check) {
        try {
            split = true;
            check.run();
            split = false;
            check.run();
        } finally {
            split = true;
        }
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

    /**
     * BLAS is handed addresses, not arrays: operands that are row views in the middle of larger float32 buffers
     * must be read from their own first element, and the product must land in its view and nowhere else.
     * Expected values from a plain triple loop in float64.
     */
    @ParameterizedTest
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void matmulOnFloatViewsAtAnOffsetTouchesOnlyTheView(boolean transposeA, boolean transposeB) {
        int m = 30;
        int k = 20;
        int n = 25; // 15,000 multiply-adds: the BLAS path
        INDArray aRows = random(1, 50, transposeA ? m : k).castTo(DataType.FLOAT);
        INDArray bRows = random(2, 60, transposeB ? k : n).castTo(DataType.FLOAT);
        INDArray a = aRows.get(NDArrayIndex.interval(7, 7 + (transposeA ? k : m)), NDArrayIndex.all());
        INDArray b = bRows.get(NDArrayIndex.interval(11, 11 + (transposeB ? n : k)), NDArrayIndex.all());
        INDArray cRows = Nd4j.valueArrayOf(new long[] {m + 10, n}, -3.0f);
        INDArray c = cRows.get(NDArrayIndex.interval(4, 4 + m), NDArrayIndex.all());
        Kernels.matmul(Matrix.of(a), Matrix.of(b), Matrix.of(c), transposeA, transposeB);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double expected = 0;
                for (int p = 0; p < k; p++) {
                    expected += (transposeA ? a.getDouble(p, i) : a.getDouble(i, p))
                            * (transposeB ? b.getDouble(j, p) : b.getDouble(p, j));
                }
                assertEquals(expected, c.getDouble(i, j), 1e-5 * (1 + Math.abs(expected)), "c[" + i + ", " + j + "]");
            }
        }
        assertUntouchedOutside(cRows, 4, 4 + m, -3.0f);
    }

    /** Every row of {@code rows} outside [from, to), the rows of a view a product wrote, still holds {@code fill}. */
    private static void assertUntouchedOutside(INDArray rows, int from, int to, float fill) {
        for (int i = 0; i < rows.rows(); i++) {
            if (i >= from && i < to) {
                continue;
            }
            for (int j = 0; j < rows.columns(); j++) {
                assertEquals(fill, rows.getFloat(i, j), 0f, "row " + i + " lies outside c's view");
            }
        }
    }

    /**
     * aᵀ·b with b of at most 16 columns, the weight gradient of a narrow layer, has its own float32 loop; 17
     * columns go to the BLAS. Row counts that are not a multiple of four, a's columns in more than one pass, and
     * operands that are row views at an offset. Expected values from a triple loop in float64, within the bound
     * on the rounding error of a float32 sum of that many products.
     */
    @ParameterizedTest
    @CsvSource({"1001,784,10", "6,2500,16", "203,37,1", "64,256,10", "1000,784,17"})
    void weightGradientOfANarrowLayerAgreesWithTheDefinition(int rows, int width, int n) {
        INDArray aRows = random(1, rows + 9, width).castTo(DataType.FLOAT);
        INDArray bRows = random(2, rows + 5, n).castTo(DataType.FLOAT);
        INDArray a = aRows.get(NDArrayIndex.interval(9, 9 + rows), NDArrayIndex.all());
        INDArray b = bRows.get(NDArrayIndex.interval(3, 3 + rows), NDArrayIndex.all());
        INDArray cRows = Nd4j.valueArrayOf(new long[] {width + 6, n}, -3.0f);
        INDArray c = cRows.get(NDArrayIndex.interval(2, 2 + width), NDArrayIndex.all());
        Kernels.matmul(Matrix.of(a), Matrix.of(b), Matrix.of(c), true, false);
        double[] x = a.dup().data().asDouble();
        double[] y = b.dup().data().asDouble();
        double[] actual = c.dup().data().asDouble();
        double unit = Math.ulp(1.0f) / 2;
        for (int i = 0; i < width; i++) {
            for (int j = 0; j < n; j++) {
                double expected = 0;
                double magnitude = 0;
                for (int r = 0; r < rows; r++) {
                    expected += x[r * width + i] * y[r * n + j];
                    magnitude += Math.abs(x[r * width + i] * y[r * n + j]);
                }
                double bound = (rows + 4) * unit * magnitude / (1 - (rows + 4) * unit);
                assertEquals(expected, actual[i * n + j], bound, "c[" + i + ", " + j + "]");
            }
        }
        assertUntouchedOutside(cRows, 2, 2 + width, -3.0f);
    }

    @Test
    void matmulRejectsMixedDataTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.matmul(
                Matrix.of(random(1, 40, 30)), Matrix.of(random(2, 30, 20).castTo(DataType.FLOAT)),
                Matrix.of(Nd4j.create(DataType.DOUBLE, 40, 20)), false, false));
        assertTrue(e.getMessage().contains("FLOAT") && e.getMessage().contains("DOUBLE"), e.getMessage());
    }

    /** The bias folded into the product, on the Java path (small) and the BLAS path (large). */
    @ParameterizedTest
    @CsvSource({"3,4,5", "40,30,20"})
    void affineAddsTheBiasToEveryRow(int m, int k, int n) {
        INDArray x = random(1, m, k);
        INDArray w = random(2, k, n);
        INDArray b = random(3, 1, n).reshape(n);
        INDArray z = random(4, m, n); // stale values must not leak into the result
        Kernels.affine(Matrix.of(x), Matrix.of(w), Matrix.of(b), Matrix.of(z));
        INDArray expected = x.mmul(w).addRowVector(b.reshape(1, n));
        assertTrue(expected.equalsWithEps(z, 1e-12), "m·n·k = " + (m * n * k));
    }

    /**
     * A float32 array of 77,000 elements: more than one block, split across the cores, and a last block that
     * is not full. Expected values from ND4J's own element-wise ops.
     */
    @Test
    void mapCoversEveryElementAcrossBlocksAndCores() {
        splitAndUnsplit(() -> {
            INDArray a = random(5, 1000, 77).castTo(DataType.FLOAT);
            INDArray b = random(6, 1000, 77).castTo(DataType.FLOAT);
            INDArray out = Nd4j.create(DataType.FLOAT, 1000, 77);
            Kernels.map(Matrix.of(a), Matrix.of(b), Matrix.of(out), (x, y, n) -> {
                for (int i = 0; i < n; i++) {
                    x[i] = 2 * x[i] + y[i];
                }
            }, split);
            assertTrue(a.mul(2).addi(b).equalsWithEps(out, 1e-6));
        });
    }

    @Test
    void rowsSumsAndWritesBackWholeRows() {
        splitAndUnsplit(() -> {
            INDArray a = random(7, 3001, 5);
            INDArray ids = Nd4j.create(DataType.DOUBLE, 3001, 1);
            for (int i = 0; i < 3001; i++) {
                ids.putScalar(i, i % 5);
            }
            INDArray out = Nd4j.create(DataType.DOUBLE, 3001, 5);
            // Each row scaled by its own id; the sum is of the original entries at column id.
            double picked = Kernels.rows(Matrix.of(a), Matrix.of(ids), Matrix.of(out), 5, split, (x, y, rows, cols) -> {
                double sum = 0;
                for (int r = 0; r < rows; r++) {
                    sum += x[r * cols + (int) y[r]];
                    for (int c = 0; c < cols; c++) {
                        x[r * cols + c] *= y[r];
                    }
                }
                return sum;
            });
            double expected = 0;
            for (int i = 0; i < 3001; i++) {
                expected += a.getDouble(i, i % 5);
            }
            assertEquals(expected, picked, 1e-9);
            assertTrue(a.mulColumnVector(ids).equalsWithEps(out, 1e-12));
        });
    }

    @Test
    void sumRowsAddsUpEveryRowAcrossBlocks() {
        INDArray a = random(8, 5000, 3);
        INDArray out = Nd4j.create(DataType.DOUBLE, 3);
        Kernels.sumRows(Matrix.of(a), Matrix.of(out));
        assertTrue(a.sum(0).equalsWithEps(out, 1e-9));
    }

    @Test
    void allFiniteFindsEveryKindOfNonFiniteValueAnywhere() {
        // Every NaN is a NaN, whatever its sign and payload: the check reads bit patterns.
        float[] badFloats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.intBitsToFloat(0xffc0_0000), Float.intBitsToFloat(0x7f80_0001), Float.intBitsToFloat(0xffff_ffff)};
        double[] badDoubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.longBitsToDouble(0xfff8_0000_0000_0000L), Double.longBitsToDouble(0x7ff0_0000_0000_0001L)};
        // The largest finite values, the smallest subnormal and −0 are finite.
        double[] good = {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -0.0};
        splitAndUnsplit(() -> {
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                INDArray a = Nd4j.zeros(type, 70_001);
                for (int i = 0; i < good.length; i++) {
                    a.putScalar(5 + i, good[i]);
                }
                if (type == DataType.DOUBLE) {
                    a.putScalar(20, Double.MAX_VALUE);
                    a.putScalar(21, -Double.MIN_VALUE);
                }
                assertTrue(Kernels.allFinite(Matrix.of(a), split), type.toString());
                int count = type == DataType.FLOAT ? badFloats.length : badDoubles.length;
                for (int position : new int[] {0, 4095, 4096, 35_000, 69_999, 70_000}) {
                    for (int b = 0; b < count; b++) {
                        double bad = type == DataType.FLOAT ? badFloats[b] : badDoubles[b];
                        if (type == DataType.FLOAT) {
                            a.data().put(position, badFloats[b]);
                        } else {
                            a.data().put(position, badDoubles[b]);
                        }
                        assertTrue(!Kernels.allFinite(Matrix.of(a), split), type + ": " + bad + " at " + position);
                        a.putScalar(position, 0);
                    }
                }
            }
        });
    }

    @Test
    void allFiniteReadsOnlyTheRowsOfAView() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = Nd4j.zeros(type, 30, 7);
            a.putScalar(3, 2, Double.NaN);
            a.putScalar(20, 6, Double.POSITIVE_INFINITY);
            assertTrue(Kernels.allFinite(Matrix.of(a.get(NDArrayIndex.interval(4, 20), NDArrayIndex.all())), split), type.toString());
            assertTrue(!Kernels.allFinite(Matrix.of(a.get(NDArrayIndex.interval(3, 4), NDArrayIndex.all())), split), type.toString());
            assertTrue(!Kernels.allFinite(Matrix.of(a.get(NDArrayIndex.interval(20, 30), NDArrayIndex.all())), split), type.toString());
        }
    }

    /** relu's derivative without a branch must still be exactly 1 for the smallest positive output. */
    @Test
    void reluBackwardIsExactlyTheMaskOfPositiveOutputs() {
        INDArray a = Nd4j.createFromArray(new double[][] {{0, Double.MIN_VALUE, 1e-300, 1, 1e300, Double.MAX_VALUE}});
        INDArray gradA = Nd4j.createFromArray(new double[][] {{3, 3, -2.5, 0.125, 7, 1e-320}});
        INDArray gradZ = Nd4j.create(DataType.DOUBLE, 1, 6);
        Activation.RELU.backward(host(), a, a, gradA, gradZ);
        // Compared as arrays: INDArray.equals would let 1e-320 pass for 0.
        assertArrayEquals(new double[] {0, 3, -2.5, 0.125, 7, 1e-320}, gradZ.ravel().toDoubleVector());
    }

    /**
     * The float32 loops of relu and of the bias gradient must give exactly the float64 loops' results on the
     * same values, rounded once; and the float bias fill exactly the bias. 40,000 elements: several blocks, both
     * cores.
     */
    @Test
    void floatKernelsGiveTheDoubleResultsRoundedOnce() {
        splitAndUnsplit(() -> {
            INDArray z32 = random(9, 400, 100).castTo(DataType.FLOAT);
            z32.putScalar(0, 0.0f);
            z32.putScalar(1, -0.0f);
            z32.putScalar(2, Float.MIN_VALUE);
            z32.putScalar(3, -Float.MIN_VALUE);
            INDArray z64 = z32.castTo(DataType.DOUBLE);
            INDArray gradA32 = random(10, 400, 100).castTo(DataType.FLOAT);
            INDArray gradA64 = gradA32.castTo(DataType.DOUBLE);

            INDArray a32 = z32.ulike();
            INDArray a64 = z64.ulike();
            Activation.RELU.forward(host(), z32, a32);
            Activation.RELU.forward(host(), z64, a64);
            assertEquals(a64.castTo(DataType.FLOAT), a32);
            assertEquals(Float.MIN_VALUE, a32.getFloat(2), 0f);

            INDArray gradZ32 = z32.ulike();
            INDArray gradZ64 = z64.ulike();
            Activation.RELU.backward(host(), z32, a32, gradA32, gradZ32);
            Activation.RELU.backward(host(), z64, a64, gradA64, gradZ64);
            assertEquals(gradZ64.castTo(DataType.FLOAT), gradZ32);
            assertEquals(gradA32.getFloat(2), gradZ32.getFloat(2), 0f);

            INDArray sum32 = Nd4j.create(DataType.FLOAT, 100);
            INDArray sum64 = Nd4j.create(DataType.DOUBLE, 100);
            Kernels.sumRows(Matrix.of(gradZ32), Matrix.of(sum32));
            Kernels.sumRows(Matrix.of(gradZ64), Matrix.of(sum64));
            assertEquals(sum64.castTo(DataType.FLOAT), sum32);

            // And both against the definitions, element by element in the test: relu(z) = max(z, 0),
            // ∂L/∂z = ∂L/∂a where z > 0 else 0, and the bias gradient as column sums in double.
            double[] columns = new double[100];
            for (int i = 0; i < 400 * 100; i++) {
                float zi = z32.getFloat(i);
                assertEquals(zi > 0 ? zi : 0f, a32.getFloat(i), 0f, "relu at " + i);
                float expected = zi > 0 ? gradA32.getFloat(i) : 0f;
                assertEquals(expected, gradZ32.getFloat(i), 0f, "relu' at " + i);
                columns[i % 100] += expected;
            }
            for (int j = 0; j < 100; j++) {
                assertEquals((float) columns[j], sum32.getFloat(j), 0f, "bias gradient " + j);
            }

            INDArray bias = random(11, 1, 100).castTo(DataType.FLOAT).reshape(100);
            INDArray z = random(12, 400, 100).castTo(DataType.FLOAT);
            Kernels.affine(Matrix.of(random(13, 400, 3).castTo(DataType.FLOAT)),
                    Matrix.of(Nd4j.zeros(DataType.FLOAT, 3, 100)), Matrix.of(bias), Matrix.of(z));
            assertArrayEquals(Nd4j.zeros(DataType.FLOAT, 400, 100).addRowVector(bias.reshape(1, 100)).ravel()
                    .toDoubleVector(), z.ravel().toDoubleVector());
        });
    }

    @Test
    void matrixWidensAndRoundsAFloatViewAtItsOffset() {
        INDArray flat = Nd4j.zeros(DataType.FLOAT, 10);
        Matrix view = Matrix.of(flat.get(NDArrayIndex.interval(4, 10)));
        view.write(1, new double[] {9, 1.0 / 3, 0.25, 9}, 1, 2);
        assertEquals((float) (1.0 / 3), flat.getFloat(5), 0f);
        assertEquals(0.25f, flat.getFloat(6), 0f);
        double[] back = new double[3];
        view.read(0, back, 0, 3);
        assertEquals(0.0, back[0], 0.0);
        assertEquals((float) (1.0 / 3), back[1], 0.0);
        assertEquals(0.25, back[2], 0.0);
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
