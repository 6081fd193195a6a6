package io.kerasj.core;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The few matrix operations of a training step, each done where it is fastest (see {@link Matrix} for why).
 */
public final class Kernels {

    /**
     * Products of at most this many multiply-adds run in Java; larger ones go to ND4J's BLAS. A native GEMM
     * call costs about 20–30 µs before it does any work, which a plain Java loop spends on ~30k multiply-adds.
     */
    static final long JAVA_GEMM_LIMIT = 16_384;

    /** Element-wise loops over at least this many elements are split across the cores. */
    static final int PARALLEL_LIMIT = 32_768;

    private Kernels() {}

    /** A loop body over the index range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over [0, n): in one piece for small n, otherwise in one chunk per core on the common
     * fork-join pool (an optimizer's pass over a 500k-weight buffer is the largest serial cost of a step).
     */
    public static void forRange(int n, RangeBody body) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (n < PARALLEL_LIMIT || cores == 1) {
            body.run(0, n);
            return;
        }
        int chunk = (n + cores - 1) / cores;
        java.util.stream.IntStream.range(0, cores).parallel()
                .forEach(c -> body.run(Math.min(n, c * chunk), Math.min(n, (c + 1) * chunk)));
    }

    /**
     * c = op(a)·op(b), where op transposes when the flag is set. Shapes: op(a) [m, k], op(b) [k, n], c [m, n].
     * {@code c} must not share memory with {@code a} or {@code b}.
     */
    public static void matmul(Matrix a, Matrix b, Matrix c, boolean transposeA, boolean transposeB) {
        int m = transposeA ? a.cols : a.rows;
        int k = transposeA ? a.rows : a.cols;
        int kb = transposeB ? b.cols : b.rows;
        int n = transposeB ? b.rows : b.cols;
        if (k != kb || c.rows != m || c.cols != n) {
            throw new IllegalArgumentException("matmul: op(a) is [" + m + ", " + k + "], op(b) is [" + kb + ", " + n
                    + "], c is [" + c.rows + ", " + c.cols + "]");
        }
        if ((long) m * n * k > JAVA_GEMM_LIMIT) {
            Nd4j.gemm(a.array(), b.array(), c.array(), transposeA, transposeB, 1.0, 0.0);
            return;
        }
        // Strides of op(a) and op(b) in their row-major storage.
        int aRow = transposeA ? 1 : a.cols;
        int aCol = transposeA ? a.cols : 1;
        int bRow = transposeB ? 1 : b.cols;
        int bCol = transposeB ? b.cols : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a.get(i * aRow + p * aCol) * b.get(p * bRow + j * bCol);
                }
                c.set(i, j, sum);
            }
        }
    }

    /** z[i, j] += bias[j] for every row i. */
    public static void addRowVector(Matrix z, Matrix bias) {
        for (int i = 0; i < z.rows; i++) {
            int row = i * z.cols;
            for (int j = 0; j < z.cols; j++) {
                z.set(row + j, z.get(row + j) + bias.get(j));
            }
        }
    }

    /** out[j] = Σ_i a[i, j] (the bias gradient from ∂L/∂z). */
    public static void sumRows(Matrix a, Matrix out) {
        for (int j = 0; j < a.cols; j++) {
            out.set(j, 0);
        }
        for (int i = 0; i < a.rows; i++) {
            int row = i * a.cols;
            for (int j = 0; j < a.cols; j++) {
                out.set(j, out.get(j) + a.get(row + j));
            }
        }
    }

    /** σ(z) = 1 / (1 + e^{−z}), evaluated so that e^{·} never overflows: for z &lt; 0, e^{z} / (1 + e^{z}). */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /** Copies rows {@code index[from] … index[from + count − 1]} of {@code source} into rows 0 … count − 1 of {@code target}. */
    public static void gatherRows(Matrix source, int[] index, int from, int count, Matrix target) {
        int cols = source.cols;
        for (int r = 0; r < count; r++) {
            int src = index[from + r] * cols;
            int dst = r * cols;
            for (int j = 0; j < cols; j++) {
                target.set(dst + j, source.get(src + j));
            }
        }
    }
}
