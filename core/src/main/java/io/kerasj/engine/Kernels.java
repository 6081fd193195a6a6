package io.kerasj.engine;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.factory.Nd4j;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * The few matrix operations of a training step, each done where it is fastest (see {@link Matrix} for why).
 */
final class Kernels {

    /**
     * Products of at most this many multiply-adds run in Java; larger ones go to BLAS. A BLAS call costs about
     * 0.6 µs before it does any work, which the Java loop (with its copies) spends on about 500 multiply-adds;
     * measured per call: 480 multiply-adds 0.61 µs in Java against 0.73 µs, 2,048 2.2 µs against 0.8 µs.
     */
    static final long JAVA_GEMM_LIMIT = 1_024;

    /** Element-wise loops over at least this many elements are split across the cores when asked (see BlasThreads). */
    static final int PARALLEL_LIMIT = 32_768;

    /**
     * Elements per block of a heap kernel ({@link #map}): the two scratch arrays of a block (64 KB) stay in the
     * L2 cache between the copy in, the loop and the copy out.
     */
    static final int BLOCK = 4096;

    private Kernels() {}

    /** A loop body over the index range [from, to). */
    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    /** A loop body over the index range [from, to) that returns a partial sum. */
    @FunctionalInterface
    interface RangeSum {
        double run(int from, int to);
    }

    /**
     * Runs {@code body} over [0, n): in one piece when n · {@code workPerIndex} is small, otherwise in one chunk
     * per core on the common fork-join pool (an optimizer's pass over a 500k-weight buffer, or the softmax of a
     * 60,000-row batch, would otherwise be the largest serial cost of a step).
     */
    static void forRange(int n, int workPerIndex, boolean split, RangeBody body) {
        int chunks = chunks(n, workPerIndex, split);
        if (chunks == 1) {
            body.run(0, n);
            return;
        }
        int size = (n + chunks - 1) / chunks;
        IntStream.range(0, chunks).parallel().forEach(c -> body.run(Math.min(n, c * size), Math.min(n, (c + 1) * size)));
    }

    /**
     * As {@link #forRange}, adding up the partial sums. They are added in chunk order, so the result does not
     * depend on which thread finishes first.
     */
    static double sumRange(int n, int workPerIndex, boolean split, RangeSum body) {
        int chunks = chunks(n, workPerIndex, split);
        if (chunks == 1) {
            return body.run(0, n);
        }
        int size = (n + chunks - 1) / chunks;
        double[] partial = new double[chunks];
        IntStream.range(0, chunks).parallel()
                .forEach(c -> partial[c] = body.run(Math.min(n, c * size), Math.min(n, (c + 1) * size)));
        double sum = 0;
        for (double value : partial) {
            sum += value;
        }
        return sum;
    }

    /**
     * The calling thread's scratch array {@code slot} (0, 1 or 2), at least {@code length} long. Grown on demand and
     * then reused, so a training step makes no garbage; each thread of a parallel loop has its own. The kernels
     * here use the same arrays: a loop holding one must not call them (an optimizer's update loop does not).
     */
    static double[] scratch(int slot, int length) {
        double[][] arrays = Scratch.get().doubles;
        if (arrays[slot].length < length) {
            arrays[slot] = new double[length];
        }
        return arrays[slot];
    }

    /** The calling thread's float scratch array {@code slot} (0 or 1), as {@link #scratch}. */
    static float[] floatScratch(int slot, int length) {
        float[][] arrays = Scratch.get().floats;
        if (arrays[slot].length < length) {
            arrays[slot] = new float[length];
        }
        return arrays[slot];
    }

    /** The loop of an element-wise kernel over one block: reads x (and y), leaves the result in x. */
    @FunctionalInterface
    interface BlockOp {
        void run(double[] x, double[] y, int length);

        /**
         * The same loop on a float32 block. By default the block is widened to double, run and rounded back;
         * a hot kernel overrides this with a loop on the floats themselves (twice the elements per vector
         * instruction, and no conversion passes), which must round to the same result.
         */
        default void run(float[] x, float[] y, int length) {
            double[] wideX = scratch(0, length);
            double[] wideY = y == null ? null : scratch(1, length);
            for (int i = 0; i < length; i++) {
                wideX[i] = x[i];
            }
            if (y != null) {
                for (int i = 0; i < length; i++) {
                    wideY[i] = y[i];
                }
            }
            run(wideX, wideY, length);
            for (int i = 0; i < length; i++) {
                x[i] = (float) wideX[i];
            }
        }
    }

    /**
     * out = op(a, b) element by element. The work is done on heap copies of {@link #BLOCK}-element blocks (see
     * {@link Matrix#read(int, double[], int, int)} for why), split across the cores for large arrays: {@code op} finds
     * a's block in x and b's in y (null when b is null) and leaves the result in x. {@code out} may be a or b.
     */
    static void map(Matrix a, Matrix b, Matrix out, BlockOp op, boolean split) {
        int n = a.length();
        if (out.length() != n || (b != null && b.length() != n)) {
            throw new IllegalArgumentException("map: arrays of " + n + ", " + (b == null ? "-" : b.length()) + " and "
                    + out.length() + " elements");
        }
        // Called directly when not split: a lambda for forRange would be an allocation per call.
        if (!splits(n, 1, split)) {
            mapRange(a, b, out, op, 0, n);
        } else {
            forRange(n, 1, split, (from, to) -> mapRange(a, b, out, op, from, to));
        }
    }

    /** {@link #map} over elements [from, to). */
    private static void mapRange(Matrix a, Matrix b, Matrix out, BlockOp op, int from, int to) {
        // The same block loop twice, once per element type: Java has no generics over primitive arrays, and
        // float32 blocks are the point (no widening passes).
        if (a.isFloat() && out.isFloat() && (b == null || b.isFloat())) {
            float[] x = floatScratch(0, BLOCK);
            float[] y = b == null ? null : floatScratch(1, BLOCK);
            for (int start = from; start < to; start += BLOCK) {
                int length = Math.min(BLOCK, to - start);
                a.read(start, x, 0, length);
                if (b != null) {
                    b.read(start, y, 0, length);
                }
                op.run(x, y, length);
                out.write(start, x, 0, length);
            }
            return;
        }
        double[] x = scratch(0, BLOCK);
        double[] y = b == null ? null : scratch(1, BLOCK);
        for (int start = from; start < to; start += BLOCK) {
            int length = Math.min(BLOCK, to - start);
            a.read(start, x, 0, length);
            if (b != null) {
                b.read(start, y, 0, length);
            }
            op.run(x, y, length);
            out.write(start, x, 0, length);
        }
    }

    /**
     * A loop over a block of whole rows on the heap: a's rows in x, b's in y (null without b), and a block of x's
     * shape for a second output (null without one); returns a partial sum.
     */
    @FunctionalInterface
    interface TwoOutputRowsOp {
        double run(double[] x, double[] y, double[] second, int rows, int cols);
    }

    /** As {@link TwoOutputRowsOp}, for the loops with one output. */
    @FunctionalInterface
    interface RowsOp extends TwoOutputRowsOp {
        double run(double[] x, double[] y, int rows, int cols);

        @Override default double run(double[] x, double[] y, double[] second, int rows, int cols) {
            return run(x, y, rows, cols);
        }
    }

    /**
     * Runs {@code op} over blocks of whole rows of a and the same rows of b (whose rows may have another width,
     * such as one class id per row), copied to the heap and split across the cores for large batches. When
     * {@code out} is not null, x is copied back to out's rows afterwards. Returns the sum of op's results, added
     * in row order so that it does not depend on the threads. {@code workPerRow} estimates op's cost of one row.
     */
    static double rows(Matrix a, Matrix b, Matrix out, int workPerRow, boolean split, RowsOp op) {
        return rows(a, b, out, null, workPerRow, split, op);
    }

    /**
     * As {@link #rows(Matrix, Matrix, Matrix, int, RowsOp)}, with a second output of a's shape: when
     * {@code second} is not null, op also gets a block for it, which is copied to second's rows afterwards.
     */
    static double rows(Matrix a, Matrix b, Matrix out, Matrix second, int workPerRow, boolean split,
            TwoOutputRowsOp op) {
        int m = a.rows;
        int cols = a.cols;
        int bCols = b == null || m == 0 ? 0 : b.length() / m;
        if ((b != null && bCols * m != b.length()) || (out != null && out.length() != a.length())
                || (second != null && second.length() != a.length())) {
            throw new IllegalArgumentException("rows: a is [" + m + ", " + cols + "], b has "
                    + (b == null ? "-" : b.length()) + " elements, out " + (out == null ? "-" : out.length())
                    + ", second " + (second == null ? "-" : second.length()));
        }
        // Called directly when not split: a lambda for sumRange would be an allocation per call.
        if (!splits(m, workPerRow, split)) {
            return rowsRange(a, b, out, second, op, 0, m);
        }
        return sumRange(m, workPerRow, split, (from, to) -> rowsRange(a, b, out, second, op, from, to));
    }

    /** {@link #rows(Matrix, Matrix, Matrix, Matrix, int, TwoOutputRowsOp)} over rows [from, to). */
    private static double rowsRange(Matrix a, Matrix b, Matrix out, Matrix second, TwoOutputRowsOp op, int from,
            int to) {
        int m = a.rows;
        int cols = a.cols;
        int bCols = b == null || m == 0 ? 0 : b.length() / m;
        int rowsPerBlock = Math.max(1, BLOCK / Math.max(1, Math.max(cols, bCols)));
        double[] x = scratch(0, rowsPerBlock * cols);
        double[] y = b == null ? null : scratch(1, rowsPerBlock * bCols);
        double[] z = second == null ? null : scratch(2, rowsPerBlock * cols);
        double sum = 0;
        for (int start = from; start < to; start += rowsPerBlock) {
            int rows = Math.min(rowsPerBlock, to - start);
            a.read(start * cols, x, 0, rows * cols);
            if (b != null) {
                b.read(start * bCols, y, 0, rows * bCols);
            }
            sum += op.run(x, y, z, rows, cols);
            if (out != null) {
                out.write(start * cols, x, 0, rows * cols);
            }
            if (second != null) {
                second.write(start * cols, z, 0, rows * cols);
            }
        }
        return sum;
    }

    /**
     * Whether every element of {@code a} is finite, read from the bit patterns: ±∞ and NaN are the values whose
     * exponent field is all ones. Adding one to the lowest exponent bit carries into the sign bit for exactly those,
     * so OR-ing that sum over a block leaves the sign bit set if any was not finite. Integer AND, add and OR
     * vectorise; the sum of x·0 this replaces could not (a float sum must keep its order), and took 50–100 ms of
     * every {@code fit} on MNIST's 47M inputs against about 35 ms. The float32 and float64 loops are the same test
     * on 32- and 64-bit patterns: Java has no generics over primitive arrays.
     */
    static boolean allFinite(Matrix a, boolean split) {
        double bad = sumRange(a.length(), 1, split, (from, to) -> {
            if (a.isFloat()) {
                int[] bits = Scratch.get().bits;
                int flags = 0;
                for (int start = from; start < to; start += BLOCK) {
                    int length = Math.min(BLOCK, to - start);
                    a.readBits(start, bits, 0, length);
                    for (int i = 0; i < length; i++) {
                        flags |= (bits[i] & 0x7f80_0000) + 0x0080_0000;
                    }
                }
                return flags < 0 ? 1 : 0;
            }
            long[] bits = Scratch.get().longBits;
            long flags = 0;
            for (int start = from; start < to; start += BLOCK) {
                int length = Math.min(BLOCK, to - start);
                a.readBits(start, bits, 0, length);
                for (int i = 0; i < length; i++) {
                    flags |= (bits[i] & 0x7ff0_0000_0000_0000L) + 0x0010_0000_0000_0000L;
                }
            }
            return flags < 0 ? 1 : 0;
        });
        return bad == 0;
    }

    /**
     * Whether {@link #forRange} would split [0, n) across the cores. A caller that runs its loop directly otherwise
     * spares the lambda {@code forRange} needs, an allocation per call.
     */
    static boolean splits(int n, int workPerIndex, boolean split) {
        return chunks(n, workPerIndex, split) > 1;
    }

    private static int chunks(int n, int workPerIndex, boolean split) {
        if (!split || (long) n * workPerIndex < PARALLEL_LIMIT) {
            return 1;
        }
        return Math.max(1, Math.min(n, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * c = op(a)·op(b), where op transposes when the flag is set. Shapes: op(a) [m, k], op(b) [k, n], c [m, n].
     * {@code c} must not share memory with {@code a} or {@code b}.
     */
    static void matmul(Matrix a, Matrix b, Matrix c, boolean transposeA, boolean transposeB) {
        multiply(a, b, c, transposeA, transposeB, false);
    }

    /**
     * z = x·W + b, b added to every row. The bias is folded into the product: z is filled with copies of b and
     * the product is added to it (β = 1 in GEMM terms), one pass over z fewer than adding b afterwards.
     */
    static void affine(Matrix x, Matrix w, Matrix bias, Matrix z) {
        int cols = z.cols;
        if (bias.length() != cols) {
            throw new IllegalArgumentException("affine: bias of " + bias.length() + " for " + cols + " columns");
        }
        if (z.rows > 0) {
            // z's first row becomes b; each bulk copy then doubles the rows filled, in z's own type.
            bias.copyTo(0, z, 0, cols);
            for (int filled = 1; filled < z.rows; filled *= 2) {
                z.copyTo(0, z, filled * cols, Math.min(filled, z.rows - filled) * cols);
            }
        }
        multiply(x, w, z, false, false, true);
    }

    /** c = op(a)·op(b), or c += op(a)·op(b) when {@code accumulate}. */
    private static void multiply(Matrix a, Matrix b, Matrix c, boolean transposeA, boolean transposeB,
            boolean accumulate) {
        int m = transposeA ? a.cols : a.rows;
        int k = transposeA ? a.rows : a.cols;
        int kb = transposeB ? b.cols : b.rows;
        int n = transposeB ? b.rows : b.cols;
        if (k != kb || c.rows != m || c.cols != n) {
            throw new IllegalArgumentException("matmul: op(a) is [" + m + ", " + k + "], op(b) is [" + kb + ", " + n
                    + "], c is [" + c.rows + ", " + c.cols + "]");
        }
        if (a.isFloat() != c.isFloat() || b.isFloat() != c.isFloat()) {
            throw new IllegalArgumentException("matmul: a, b and c must all be float32 or all float64, got "
                    + a.array().dataType() + ", " + b.array().dataType() + " and " + c.array().dataType());
        }
        if (m == 0 || n == 0) {
            return;
        }
        if ((long) m * n * k > JAVA_GEMM_LIMIT) {
            if (transposeA && !transposeB && !accumulate && n <= SKINNY && c.isFloat()) {
                skinnyWeightGradient(a, b, c);
            } else {
                blas(a, b, c, transposeA, transposeB, m, n, k, accumulate);
            }
            return;
        }
        // On heap copies (each at most JAVA_GEMM_LIMIT elements), with the strides of op(a) and op(b) in their
        // row-major storage.
        double[] x = scratch(0, a.length());
        double[] y = scratch(1, b.length());
        double[] out = scratch(2, c.length());
        a.read(0, x, 0, a.length());
        b.read(0, y, 0, b.length());
        if (accumulate) {
            c.read(0, out, 0, c.length());
        }
        int aRow = transposeA ? 1 : a.cols;
        int aCol = transposeA ? a.cols : 1;
        int bRow = transposeB ? 1 : b.cols;
        int bCol = transposeB ? b.cols : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += x[i * aRow + p * aCol] * y[p * bRow + j * bCol];
                }
                out[i * n + j] = accumulate ? out[i * n + j] + sum : sum;
            }
        }
        c.write(0, out, 0, c.length());
    }

    /**
     * c = aᵀ·b in float32, for b of at most {@link #SKINNY} columns: the weight gradient xᵀ·∂L/∂z of a layer with
     * few units, such as the 10 of an MNIST output layer. OpenBLAS runs this shape at about a fifth of the speed it
     * reaches on square products (~20 against ~110 GFLOP/s here). Here it is a sum of rows, cᵀ[j] += b[r, j]·a[r],
     * which the JIT vectorises along a's rows. Four rows of a are added per pass over cᵀ, and a's columns are
     * taken {@link #SKINNY_COLUMNS} at a time, so that cᵀ and the rows stay in the L1/L2 caches. Measured in
     * full-batch MNIST training, the two taking turns on its 1,000 × 784 chunks: 0.64–0.76 ms per product against
     * OpenBLAS's 1.2–1.6 ms. One thread: split across both cores it measured slower, as other loops do while
     * OpenBLAS's threads spin (see {@link BlasThreads}).
     */
    private static void skinnyWeightGradient(Matrix a, Matrix b, Matrix c) {
        int rows = a.rows;
        int width = a.cols;
        int n = b.cols;
        SkinnyScratch scratch = Scratch.get().skinny();
        float[][] x = scratch.rows;
        float[][] transposed = scratch.transposed;
        float[] coefficients = scratch.coefficients;
        float[] out = scratch.out;
        for (int from = 0; from < width; from += SKINNY_COLUMNS) {
            int length = Math.min(SKINNY_COLUMNS, width - from);
            for (int j = 0; j < n; j++) {
                Arrays.fill(transposed[j], 0, length, 0f);
            }
            for (int r = 0; r < rows; r += 4) {
                int count = Math.min(4, rows - r);
                for (int i = 0; i < 4; i++) {
                    if (i < count) {
                        a.read((r + i) * width + from, x[i], 0, length);
                    } else {
                        // Missing rows of the last pass count as zeros, with zero coefficients.
                        Arrays.fill(x[i], 0, length, 0f);
                    }
                }
                Arrays.fill(coefficients, count * n, 4 * n, 0f);
                b.read(r * n, coefficients, 0, count * n);
                float[] x0 = x[0];
                float[] x1 = x[1];
                float[] x2 = x[2];
                float[] x3 = x[3];
                for (int j = 0; j < n; j++) {
                    float b0 = coefficients[j];
                    float b1 = coefficients[n + j];
                    float b2 = coefficients[2 * n + j];
                    float b3 = coefficients[3 * n + j];
                    float[] sum = transposed[j];
                    // Every array indexed alike from 0: the JIT vectorises only such a loop.
                    for (int q = 0; q < length; q++) {
                        sum[q] += b0 * x0[q] + b1 * x1[q] + b2 * x2[q] + b3 * x3[q];
                    }
                }
            }
            // Rows [from, from + length) of c are contiguous.
            for (int q = 0; q < length; q++) {
                for (int j = 0; j < n; j++) {
                    out[q * n + j] = transposed[j][q];
                }
            }
            c.write(from * n, out, 0, length * n);
        }
    }

    /** At most this many columns of c for {@link #skinnyWeightGradient}; wider ones go to the BLAS. */
    static final int SKINNY = 16;
    /** Columns of a per pass of {@link #skinnyWeightGradient}: its heap rows then take at most 80 KB. */
    private static final int SKINNY_COLUMNS = 1024;

    /** Heap arrays of {@link #skinnyWeightGradient}, one set per thread. */
    static final class SkinnyScratch {
        final float[][] rows = new float[4][SKINNY_COLUMNS];
        final float[][] transposed = new float[SKINNY][SKINNY_COLUMNS];
        final float[] coefficients = new float[4 * SKINNY];
        final float[] out = new float[SKINNY_COLUMNS * SKINNY];
    }

    /**
     * The product by the BLAS that ND4J's CPU backend loaded, called directly on the row-major operands. Through
     * {@code Nd4j.gemm} the same product costs 10–115 µs more per call (measured at the MNIST layer shapes:
     * 32×784·784×128 takes 175 µs against 76 µs), because it goes through ND4J's op executor and copies
     * row-major operands into column-major ones first.
     */
    private static void blas(Matrix a, Matrix b, Matrix c, boolean transposeA, boolean transposeB, int m, int n,
            int k, boolean accumulate) {
        int opA = transposeA ? CblasTrans : CblasNoTrans;
        int opB = transposeB ? CblasTrans : CblasNoTrans;
        // Leading dimensions are the stored row lengths; BLAS wants at least 1 even for an empty operand.
        int lda = Math.max(1, a.cols);
        int ldb = Math.max(1, b.cols);
        int ldc = Math.max(1, c.cols);
        if (c.isFloat()) {
            cblas_sgemm(CblasRowMajor, opA, opB, m, n, k, 1f, (FloatPointer) a.address(), lda,
                    (FloatPointer) b.address(), ldb, accumulate ? 1f : 0f, (FloatPointer) c.address(), ldc);
        } else {
            cblas_dgemm(CblasRowMajor, opA, opB, m, n, k, 1.0, (DoublePointer) a.address(), lda,
                    (DoublePointer) b.address(), ldb, accumulate ? 1.0 : 0.0, (DoublePointer) c.address(), ldc);
        }
    }

    /** out[j] = Σ_i a[i, j] (the bias gradient from ∂L/∂z), added up in double row by row. */
    static void sumRows(Matrix a, Matrix out) {
        int cols = a.cols;
        int rowsPerBlock = Math.max(1, BLOCK / cols);
        double[] sums = scratch(1, cols);
        Arrays.fill(sums, 0, cols, 0.0);
        if (a.isFloat()) {
            // Each float widened as it is added: the same sums as the double path, without a widening pass.
            float[] x = floatScratch(0, rowsPerBlock * cols);
            for (int start = 0; start < a.rows; start += rowsPerBlock) {
                int length = Math.min(rowsPerBlock, a.rows - start) * cols;
                a.read(start * cols, x, 0, length);
                for (int i = 0; i < length; i += cols) {
                    for (int j = 0; j < cols; j++) {
                        sums[j] += x[i + j];
                    }
                }
            }
            out.write(0, sums, 0, cols);
            return;
        }
        double[] x = scratch(0, rowsPerBlock * cols);
        for (int start = 0; start < a.rows; start += rowsPerBlock) {
            int length = Math.min(rowsPerBlock, a.rows - start) * cols;
            a.read(start * cols, x, 0, length);
            for (int i = 0; i < length; i += cols) {
                for (int j = 0; j < cols; j++) {
                    sums[j] += x[i + j];
                }
            }
        }
        out.write(0, sums, 0, cols);
    }

    /** σ(z) = 1 / (1 + e^{−z}), evaluated so that e^{·} never overflows: for z &lt; 0, e^{z} / (1 + e^{z}). */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /**
     * erf x to within a few units in the last place of float64, from the series
     * erf x = (2/√π) e^{−x²} Σ_{n≥0} 2ⁿ x^{2n+1} / (1·3·…·(2n+1)) (Abramowitz and Stegun 7.1.6), whose terms all have
     * the sign of x, so that summing them cancels nothing; for |x| ≥ 6, erf x is ±1 to float64 (erfc 6 ≈ 2·10⁻¹⁷).
     */
    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (Math.abs(x) >= 6) {
            return Math.signum(x);
        }
        double x2 = x * x;
        double term = x;
        double sum = x;
        // The terms grow while 2x² > 2n + 1, then shrink geometrically: at most about 150 of them for |x| < 6.
        for (int n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum;
    }

    /** Copies rows {@code index[from] … index[from + count − 1]} of {@code source} into rows 0 … count − 1 of {@code target}. */
    static void gatherRows(Matrix source, int[] index, int from, int count, Matrix target) {
        int cols = source.cols;
        for (int r = 0; r < count; r++) {
            source.copyTo(index[from + r] * cols, target, r * cols, cols);
        }
    }
}
