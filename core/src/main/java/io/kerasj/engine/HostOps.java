package io.kerasj.engine;

import io.kerasj.ops.Ops;
import io.kerasj.ops.Slots;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast path on ND4J's CPU backend: element-wise and row-wise work in Java on heap copies of cache-sized blocks
 * of the arrays' host memory ({@link Kernels#map}, {@link Kernels#rows}), products straight to the BLAS that ND4J
 * loaded ({@link Kernels#matmul}). Why: each ND4J op is a native call costing 10–100 µs whatever the array's
 * size, while a Java loop over a 5×12 activation takes nanoseconds.
 *
 * <p>An array the loops cannot read in place (not contiguous in C order, say a column view) is handed to the
 * portable ops, which read any array.
 *
 * <p>Per instance, so that two models in one JVM do not change each other: the wrappers of the arrays a training
 * step sees again and again (a new one per call would be garbage in every step), and whether large loops are split
 * across the cores (only while BLAS runs on one thread; see {@link BlasThreads}).
 */
final class HostOps implements Ops {

    /** Wrappers kept per thread; past this many, the cache starts again (a step sees a few dozen arrays). */
    private static final int MAX_WRAPPERS = 256;

    private final Ops portable;
    private final boolean cacheWrappers;
    /** Whether large loops are split across the cores; the trainer sets it for its BLAS threads. */
    private volatile boolean splitLoops;
    /** Bumped by {@link #release()}: each thread's cache is emptied when it next sees a new generation. */
    private volatile int generation;
    /**
     * The cache of the thread that trains the model, found without a ThreadLocal lookup (a small model's step asks
     * for about 60 wrappers); other threads (the second core's lane) have their own in {@link #wrappers}.
     */
    private Thread primary;
    private final Wrappers primaryWrappers;
    private final ThreadLocal<Wrappers> wrappers = ThreadLocal.withInitial(Wrappers::new);

    /**
     * One thread's wrappers: by array in an identity map, with a direct-mapped front of {@value #SLOTS} entries that
     * answers the arrays a step asks for again and again with one load and one comparison.
     */
    private static final class Wrappers {
        final INDArray[] keys = new INDArray[SLOTS];
        final Matrix[] values = new Matrix[SLOTS];
        final Map<INDArray, Matrix> byArray = new IdentityHashMap<>();
        int generation;

        void clear() {
            Arrays.fill(keys, null);
            Arrays.fill(values, null);
            byArray.clear();
        }
    }

    /** Entries of the direct-mapped front of a wrapper cache: a power of two. */
    private static final int SLOTS = 4096;

    /** @param cacheWrappers whether to keep the wrappers of arrays seen (a model's engine), or make them per call */
    HostOps(Ops portable, boolean cacheWrappers) {
        if (!Nd4j.getEnvironment().isCPU()) {
            throw new IllegalStateException("The host ops need ND4J's CPU backend (nd4j-native), but the backend is "
                    + Nd4j.getBackend().getClass().getSimpleName() + "; use Ops.portable()");
        }
        this.portable = portable;
        this.cacheWrappers = cacheWrappers;
        // Two arrays of 4096 slots: only for an engine that keeps wrappers.
        this.primaryWrappers = cacheWrappers ? new Wrappers() : null;
        this.splitLoops = Nd4j.factory().blas().getMaxThreads() == 1;
    }

    @Override public String name() {
        return "host";
    }

    /** Sets whether large loops are split across the cores; returns the previous setting. */
    boolean splitLoops(boolean split) {
        boolean previous = splitLoops;
        splitLoops = split;
        return previous;
    }

    /** Forgets the wrappers kept, so that the engine holds no reference to data it was given. */
    void release() {
        generation++;
        if (cacheWrappers) {
            cache().clear();
        }
    }

    /**
     * Forgets the calling thread's wrapper of {@code a}, if it has one, and no other: what a predict call does with
     * the caller's arrays, so that the model keeps no reference to them while the wrappers of its own buffers stay
     * (emptying the whole cache and wrapping them again took half of a one-row predict's time).
     */
    void forget(INDArray a) {
        if (!cacheWrappers) {
            return;
        }
        Wrappers cache = cache();
        int slot = (int) a.getId() & (SLOTS - 1);
        if (cache.keys[slot] == a) {
            cache.keys[slot] = null;
            cache.values[slot] = null;
        }
        cache.byArray.remove(a);
    }

    /** The calling thread's wrapper cache; the first thread to ask becomes the primary one. */
    private Wrappers cache() {
        Thread thread = Thread.currentThread();
        Thread first = primary;
        if (thread == first) {
            return primaryWrappers;
        }
        if (first == null) {
            // Unsynchronized reads may see null late; the claim itself is made under the lock.
            synchronized (this) {
                if (primary == null) {
                    primary = thread;
                }
                if (primary == thread) {
                    return primaryWrappers;
                }
            }
        }
        return wrappers.get();
    }

    /** The wrapper of {@code a}, or null when the host loops cannot read it in place (the portable ops take it). */
    private Matrix wrap(INDArray a) {
        if (!cacheWrappers) {
            return Matrix.accepts(a) ? Matrix.of(a) : null;
        }
        Wrappers cache = cache();
        int current = generation;
        if (cache.generation != current) {
            cache.clear();
            cache.generation = current;
        }
        // Keyed by ND4J's array id, a counter: the arrays of one model, made about the same time, fall into distinct
        // slots, so that a step's lookups are a load and a comparison each, without hashing.
        int slot = (int) a.getId() & (SLOTS - 1);
        if (cache.keys[slot] == a) {
            return cache.values[slot];
        }
        Matrix m = cache.byArray.get(a);
        if (m == null) {
            if (!Matrix.accepts(a)) {
                return null;
            }
            if (cache.byArray.size() >= MAX_WRAPPERS) {
                cache.clear();
            }
            m = Matrix.of(a);
            cache.byArray.put(a, m);
        }
        cache.keys[slot] = a;
        cache.values[slot] = m;
        return m;
    }

    /** The wrapper of an optional output: null stays null; {@link #UNREADABLE} when it cannot be read in place. */
    private Matrix wrapOptional(INDArray a) {
        if (a == null) {
            return null;
        }
        Matrix m = wrap(a);
        return m == null ? UNREADABLE : m;
    }

    /** Marks an optional array the host loops cannot read (compared by identity only). */
    private static final Matrix UNREADABLE = Matrix.of(Nd4j.scalar(DataType.FLOAT, 0f));

    // ------------------------------------------------------------------ linear algebra

    @Override public void matmul(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB) {
        Matrix ma = wrap(a);
        Matrix mb = wrap(b);
        Matrix mc = wrap(c);
        if (ma == null || mb == null || mc == null || ma.rank != 2 || mb.rank != 2 || mc.rank != 2) {
            portable.matmul(a, b, c, transposeA, transposeB);
            return;
        }
        Kernels.matmul(ma, mb, mc, transposeA, transposeB);
    }

    @Override public void affine(INDArray x, INDArray w, INDArray bias, INDArray z) {
        Matrix mx = wrap(x);
        Matrix mw = wrap(w);
        Matrix mz = wrap(z);
        Matrix mb = wrapOptional(bias);
        if (mx == null || mw == null || mz == null || mb == UNREADABLE || mx.rank != 2 || mw.rank != 2
                || mz.rank != 2) {
            portable.affine(x, w, bias, z);
            return;
        }
        if (mb == null) {
            Kernels.matmul(mx, mw, mz, false, false);
        } else {
            Kernels.affine(mx, mw, mb, mz);
        }
    }

    @Override public void sumRows(INDArray a, INDArray out) {
        Matrix ma = wrap(a);
        Matrix mo = wrap(out);
        if (ma == null || mo == null) {
            portable.sumRows(a, out);
            return;
        }
        if (mo.length() != ma.cols) {
            throw new IllegalArgumentException("sumRows: " + ma.cols + " columns into " + mo.length() + " elements");
        }
        Kernels.sumRows(ma, mo);
    }

    // ------------------------------------------------------------------ element-wise and reductions

    @Override public void copy(INDArray a, INDArray out) {
        if (a == out) {
            return;
        }
        Matrix ma = wrap(a);
        Matrix mo = wrap(out);
        if (ma == null || mo == null) {
            portable.copy(a, out);
            return;
        }
        if (ma.length() != mo.length()) {
            throw new IllegalArgumentException("copy: " + ma.length() + " elements into " + mo.length());
        }
        ma.copyTo(0, mo, 0, ma.length());
    }

    @Override public void write(double[] values, INDArray out) {
        Matrix mo = wrap(out);
        if (mo == null) {
            portable.write(values, out);
            return;
        }
        if (mo.length() != values.length) {
            throw new IllegalArgumentException("write: " + values.length + " values into " + mo.length() + " elements");
        }
        mo.write(0, values, 0, values.length);
    }

    @Override public void add(INDArray a, INDArray b, INDArray out) {
        if (!map(a, b, out, ADD)) {
            portable.add(a, b, out);
        }
    }

    @Override public void sub(INDArray a, INDArray b, INDArray out) {
        if (!map(a, b, out, SUB)) {
            portable.sub(a, b, out);
        }
    }

    @Override public void mul(INDArray a, INDArray b, INDArray out) {
        if (!map(a, b, out, MUL)) {
            portable.mul(a, b, out);
        }
    }

    @Override public void scale(INDArray a, double s, INDArray out) {
        // A lambda per call: scaling is not in a small model's step (the trainer scales only chunks of large batches).
        if (!map(a, null, out, (x, unused, n) -> {
            for (int i = 0; i < n; i++) {
                x[i] *= s;
            }
        })) {
            portable.scale(a, s, out);
        }
    }

    @Override public void div(INDArray a, INDArray b, INDArray out) {
        if (!map(a, b, out, DIV)) {
            portable.div(a, b, out);
        }
    }

    @Override public void maximum(INDArray a, INDArray b, INDArray out) {
        if (!map(a, b, out, MAXIMUM)) {
            portable.maximum(a, b, out);
        }
    }

    @Override public void minimum(INDArray a, INDArray b, INDArray out) {
        if (!map(a, b, out, MINIMUM)) {
            portable.minimum(a, b, out);
        }
    }

    @Override public void addScalar(INDArray a, double s, INDArray out) {
        if (!map(a, null, out, (x, unused, n) -> {
            for (int i = 0; i < n; i++) {
                x[i] += s;
            }
        })) {
            portable.addScalar(a, s, out);
        }
    }

    @Override public void abs(INDArray a, INDArray out) {
        if (!map(a, null, out, ABS)) {
            portable.abs(a, out);
        }
    }

    @Override public void sign(INDArray a, INDArray out) {
        if (!map(a, null, out, SIGN)) {
            portable.sign(a, out);
        }
    }

    @Override public void square(INDArray a, INDArray out) {
        if (!map(a, null, out, SQUARE)) {
            portable.square(a, out);
        }
    }

    @Override public void sqrt(INDArray a, INDArray out) {
        if (!map(a, null, out, SQRT)) {
            portable.sqrt(a, out);
        }
    }

    @Override public void exp(INDArray a, INDArray out) {
        if (!map(a, null, out, EXP)) {
            portable.exp(a, out);
        }
    }

    @Override public void log(INDArray a, INDArray out) {
        if (!map(a, null, out, LOG)) {
            portable.log(a, out);
        }
    }

    @Override public void erf(INDArray a, INDArray out) {
        if (!map(a, null, out, ERF)) {
            portable.erf(a, out);
        }
    }

    @Override public void greaterThan(INDArray a, double threshold, INDArray out) {
        if (!map(a, null, out, (x, unused, n) -> {
            for (int i = 0; i < n; i++) {
                x[i] = x[i] > threshold ? 1 : 0;
            }
        })) {
            portable.greaterThan(a, threshold, out);
        }
    }

    @Override public void sumColumns(INDArray a, INDArray out) {
        Matrix ma = wrap(a);
        Matrix mo = wrap(out);
        if (ma == null || mo == null) {
            portable.sumColumns(a, out);
            return;
        }
        if (mo.length() != ma.rows) {
            throw new IllegalArgumentException("sumColumns: " + ma.rows + " rows into " + mo.length() + " elements");
        }
        // Row by row into heap copies: per-sample sums serve losses and metrics, not a step's hot loops.
        double[] sums = new double[ma.rows];
        double[] row = new double[ma.cols];
        for (int r = 0; r < ma.rows; r++) {
            ma.read(r * ma.cols, row, 0, ma.cols);
            double sum = 0;
            for (int j = 0; j < ma.cols; j++) {
                sum += row[j];
            }
            sums[r] = sum;
        }
        mo.write(0, sums, 0, ma.rows);
    }

    private static final Kernels.BlockOp DIV = (x, y, n) -> {
        for (int i = 0; i < n; i++) {
            x[i] /= y[i];
        }
    };

    private static final Kernels.BlockOp MAXIMUM = (x, y, n) -> {
        for (int i = 0; i < n; i++) {
            x[i] = Math.max(x[i], y[i]);
        }
    };

    private static final Kernels.BlockOp MINIMUM = (x, y, n) -> {
        for (int i = 0; i < n; i++) {
            x[i] = Math.min(x[i], y[i]);
        }
    };

    private static final Kernels.BlockOp ABS = (x, unused, n) -> {
        for (int i = 0; i < n; i++) {
            x[i] = Math.abs(x[i]);
        }
    };

    private static final Kernels.BlockOp SIGN = (x, unused, n) -> {
        for (int i = 0; i < n; i++) {
            x[i] = Math.signum(x[i]);
        }
    };

    private static final Kernels.BlockOp SQUARE = (x, unused, n) -> {
        for (int i = 0; i < n; i++) {
            x[i] *= x[i];
        }
    };

    private static final Kernels.BlockOp SQRT = (x, unused, n) -> {
        for (int i = 0; i < n; i++) {
            x[i] = Math.sqrt(x[i]);
        }
    };

    private static final Kernels.BlockOp EXP = (x, unused, n) -> {
        for (int i = 0; i < n; i++) {
            x[i] = Math.exp(x[i]);
        }
    };

    private static final Kernels.BlockOp ERF = (x, unused, n) -> {
        for (int i = 0; i < n; i++) {
            x[i] = Kernels.erf(x[i]);
        }
    };

    private static final Kernels.BlockOp LOG = (x, unused, n) -> {
        for (int i = 0; i < n; i++) {
            x[i] = Math.log(x[i]);
        }
    };

    @Override public void addRowVector(INDArray a, INDArray row, INDArray out) {
        if (!rowVector(a, row, out, false)) {
            portable.addRowVector(a, row, out);
        }
    }

    @Override public void mulRowVector(INDArray a, INDArray row, INDArray out) {
        if (!rowVector(a, row, out, true)) {
            portable.mulRowVector(a, row, out);
        }
    }

    @Override public void mulColumnVector(INDArray a, INDArray column, INDArray out) {
        Matrix ma = wrap(a);
        Matrix mc = wrap(column);
        Matrix mo = wrap(out);
        if (ma == null || mc == null || mo == null) {
            portable.mulColumnVector(a, column, out);
            return;
        }
        if (mc.length() != ma.rows || mo.length() != ma.length()) {
            throw new IllegalArgumentException("mulColumnVector: a [" + ma.rows + ", " + ma.cols + "], a column of "
                    + mc.length() + " and " + mo.length() + " outputs");
        }
        // The column is read as b, one value per row, beside each block of a's rows.
        Kernels.rows(ma, mc, mo, ma.cols, splitLoops, (x, w, rows, cols) -> {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    x[i * cols + j] *= w[i];
                }
            }
            return 0;
        });
    }

    /** out = a (+ or ·) row, row by row, on the host; false when an array cannot be read in place. */
    private boolean rowVector(INDArray a, INDArray row, INDArray out, boolean multiply) {
        Matrix ma = wrap(a);
        Matrix mr = wrap(row);
        Matrix mo = wrap(out);
        if (ma == null || mr == null || mo == null) {
            return false;
        }
        if (mr.length() != ma.cols || mo.length() != ma.length()) {
            throw new IllegalArgumentException((multiply ? "mulRowVector" : "addRowVector") + ": a [" + ma.rows + ", "
                    + ma.cols + "], a row of " + mr.length() + " and " + mo.length() + " outputs");
        }
        int n = ma.cols;
        double[] r = new double[n];
        mr.read(0, r, 0, n);
        // A lambda per call: these serve layers of users' own, not the built-in layers' steps.
        Kernels.rows(ma, null, mo, n, splitLoops, (x, unused, rows, cols) -> {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    x[i * cols + j] = multiply ? x[i * cols + j] * r[j] : x[i * cols + j] + r[j];
                }
            }
            return 0;
        });
        return true;
    }

    @Override public void clip(INDArray a, double min, double max, INDArray out) {
        if (!map(a, null, out, (x, unused, n) -> {
            for (int i = 0; i < n; i++) {
                x[i] = Math.min(Math.max(x[i], min), max);
            }
        })) {
            portable.clip(a, min, max, out);
        }
    }

    /** out = op(a, b) on the host; false when an array cannot be read in place. */
    private boolean map(INDArray a, INDArray b, INDArray out, Kernels.BlockOp op) {
        Matrix ma = wrap(a);
        Matrix mb = wrapOptional(b);
        Matrix mo = wrap(out);
        if (ma == null || mo == null || mb == UNREADABLE) {
            return false;
        }
        Kernels.map(ma, mb, mo, op, splitLoops);
        return true;
    }

    private static final Kernels.BlockOp ADD = new Kernels.BlockOp() {
        @Override public void run(double[] x, double[] y, int n) {
            for (int i = 0; i < n; i++) {
                x[i] += y[i];
            }
        }

        @Override public void run(float[] x, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                x[i] += y[i];
            }
        }
    };

    private static final Kernels.BlockOp SUB = new Kernels.BlockOp() {
        @Override public void run(double[] x, double[] y, int n) {
            for (int i = 0; i < n; i++) {
                x[i] -= y[i];
            }
        }

        @Override public void run(float[] x, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                x[i] -= y[i];
            }
        }
    };

    private static final Kernels.BlockOp MUL = new Kernels.BlockOp() {
        @Override public void run(double[] x, double[] y, int n) {
            for (int i = 0; i < n; i++) {
                x[i] *= y[i];
            }
        }

        @Override public void run(float[] x, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                x[i] *= y[i];
            }
        }
    };

    @Override public double sum(INDArray a) {
        Matrix ma = wrap(a);
        if (ma == null) {
            return portable.sum(a);
        }
        return Kernels.rows(ma, null, null, ma.cols, splitLoops, (x, unused, rows, cols) -> {
            double sum = 0;
            for (int i = 0; i < rows * cols; i++) {
                sum += x[i];
            }
            return sum;
        });
    }

    @Override public double sumSquares(INDArray a) {
        Matrix ma = wrap(a);
        if (ma == null) {
            return portable.sumSquares(a);
        }
        return Kernels.rows(ma, null, null, ma.cols, splitLoops, (x, unused, rows, cols) -> {
            double sum = 0;
            for (int i = 0; i < rows * cols; i++) {
                sum += x[i] * x[i];
            }
            return sum;
        });
    }

    @Override public boolean allFinite(INDArray a) {
        Matrix ma = wrap(a);
        return ma == null ? portable.allFinite(a) : Kernels.allFinite(ma, splitLoops);
    }

    // ------------------------------------------------------------------ activations

    @Override public void relu(INDArray z, INDArray a) {
        if (!map(z, null, a, RELU)) {
            portable.relu(z, a);
        }
    }

    @Override public void reluGrad(INDArray a, INDArray gradA, INDArray gradZ) {
        if (!map(a, gradA, gradZ, RELU_GRAD)) {
            portable.reluGrad(a, gradA, gradZ);
        }
    }

    /**
     * max(z, 0) with Math.max rather than a branch: the sign of z is a coin flip, and a mispredicted branch per
     * element cost more than the rest of the loop. NaN stays NaN, as in Keras.
     */
    private static final Kernels.BlockOp RELU = new Kernels.BlockOp() {
        @Override public void run(double[] x, double[] unused, int n) {
            for (int i = 0; i < n; i++) {
                x[i] = Math.max(x[i], 0.0);
            }
        }

        @Override public void run(float[] x, float[] unused, int n) {
            for (int i = 0; i < n; i++) {
                x[i] = Math.max(x[i], 0f);
            }
        }
    };

    /**
     * gradA times 1 for a &gt; 0 and 0 for a = 0 (a relu output is never negative), the mask computed without
     * a branch so that the loop vectorises: the smallest positive number times 2^1074 (2^150 for float) is at
     * least 1, and min caps every larger product at 1.
     */
    private static final Kernels.BlockOp RELU_GRAD = new Kernels.BlockOp() {
        @Override public void run(double[] a, double[] gradA, int n) {
            for (int i = 0; i < n; i++) {
                a[i] = gradA[i] * Math.min(1.0, a[i] * 0x1p537 * 0x1p537);
            }
        }

        @Override public void run(float[] a, float[] gradA, int n) {
            for (int i = 0; i < n; i++) {
                a[i] = gradA[i] * Math.min(1f, a[i] * 0x1p75f * 0x1p75f);
            }
        }
    };

    @Override public void sigmoid(INDArray z, INDArray a) {
        if (!map(z, null, a, SIGMOID)) {
            portable.sigmoid(z, a);
        }
    }

    private static final Kernels.BlockOp SIGMOID = (x, unused, n) -> {
        for (int i = 0; i < n; i++) {
            x[i] = Kernels.sigmoid(x[i]);
        }
    };

    @Override public void sigmoidGrad(INDArray a, INDArray gradA, INDArray gradZ) {
        if (!map(a, gradA, gradZ, SIGMOID_GRAD)) {
            portable.sigmoidGrad(a, gradA, gradZ);
        }
    }

    private static final Kernels.BlockOp SIGMOID_GRAD = (s, g, n) -> {
        for (int i = 0; i < n; i++) {
            s[i] = g[i] * s[i] * (1 - s[i]);
        }
    };

    @Override public void tanh(INDArray z, INDArray a) {
        if (!map(z, null, a, TANH)) {
            portable.tanh(z, a);
        }
    }

    private static final Kernels.BlockOp TANH = (x, unused, n) -> {
        for (int i = 0; i < n; i++) {
            x[i] = Math.tanh(x[i]);
        }
    };

    @Override public void tanhGrad(INDArray a, INDArray gradA, INDArray gradZ) {
        if (!map(a, gradA, gradZ, TANH_GRAD)) {
            portable.tanhGrad(a, gradA, gradZ);
        }
    }

    private static final Kernels.BlockOp TANH_GRAD = (t, g, n) -> {
        for (int i = 0; i < n; i++) {
            t[i] = g[i] * (1 - t[i] * t[i]);
        }
    };

    @Override public void softmax(INDArray z, INDArray a) {
        Matrix mz = wrap(z);
        Matrix ma = wrap(a);
        if (mz == null || ma == null) {
            portable.softmax(z, a);
            return;
        }
        Kernels.rows(mz, null, ma, mz.cols, splitLoops, SOFTMAX);
    }

    /** Row by row: e^{z − max} (every exponent ≤ 0, so nothing overflows), divided by the row's sum. */
    private static final Kernels.RowsOp SOFTMAX = (x, unused, rows, k) -> {
        for (int row = 0; row < rows * k; row += k) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, x[row + c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                x[row + c] = Math.exp(x[row + c] - max);
                sum += x[row + c];
            }
            for (int c = 0; c < k; c++) {
                x[row + c] /= sum;
            }
        }
        return 0;
    };

    @Override public void softmaxGrad(INDArray a, INDArray gradA, INDArray gradZ) {
        Matrix ma = wrap(a);
        Matrix mg = wrap(gradA);
        Matrix mo = wrap(gradZ);
        if (ma == null || mg == null || mo == null) {
            portable.softmaxGrad(a, gradA, gradZ);
            return;
        }
        Kernels.rows(ma, mg, mo, 3 * ma.cols, splitLoops, SOFTMAX_GRAD);
    }

    /** ∂a_c/∂z_k = a_c(δ_ck − a_k), so gradZ = a ⊙ (gradA − Σ_c gradA_c a_c). */
    private static final Kernels.RowsOp SOFTMAX_GRAD = (p, g, rows, k) -> {
        for (int row = 0; row < rows * k; row += k) {
            double dot = 0;
            for (int c = 0; c < k; c++) {
                dot += g[row + c] * p[row + c];
            }
            for (int c = 0; c < k; c++) {
                p[row + c] *= g[row + c] - dot;
            }
        }
        return 0;
    };

    // ------------------------------------------------------------------ losses

    @Override public double softmaxCrossEntropy(INDArray targets, boolean ids, double labelSmoothing, INDArray logits,
            INDArray grad, INDArray softmax) {
        return crossEntropy(targets, ids, labelSmoothing, logits, true, 0, grad, softmax);
    }

    @Override public double categoricalCrossEntropy(INDArray targets, boolean ids, double labelSmoothing,
            INDArray probabilities, double epsilon, INDArray grad) {
        return crossEntropy(targets, ids, labelSmoothing, probabilities, false, epsilon, grad, null);
    }

    /**
     * Both cross-entropies, rows worked on in heap blocks (see {@link Kernels#rows}); each row's gradient replaces
     * its predictions in the block.
     */
    private double crossEntropy(INDArray targets, boolean ids, double smoothing, INDArray predictions,
            boolean logits, double epsilon, INDArray grad, INDArray softmax) {
        Matrix y = wrap(predictions);
        Matrix t = wrap(targets);
        Matrix g = wrapOptional(grad);
        Matrix s = wrapOptional(softmax);
        if (y == null || t == null || g == UNREADABLE || s == UNREADABLE) {
            return logits ? portable.softmaxCrossEntropy(targets, ids, smoothing, predictions, grad, softmax)
                    : portable.categoricalCrossEntropy(targets, ids, smoothing, predictions, epsilon, grad);
        }
        int m = y.rows;
        int k = y.cols;
        if (t.length() != (long) m * (ids ? 1 : k)) {
            throw new IllegalArgumentException("cross-entropy: predictions [" + m + ", " + k + "] and "
                    + t.length() + " target values");
        }
        boolean withGradient = g != null;
        double total = Kernels.rows(y, t, g, s, 4 * k, splitLoops, (p, tb, sb, rows, cols) -> {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                if (ids && !(tb[r] >= 0 && tb[r] < k && tb[r] == Math.rint(tb[r]))) {
                    throw new IllegalArgumentException("sparse_categorical_crossentropy: label " + tb[r]
                            + " is not a class id in [0, " + k + ")");
                }
                sum += logits ? logitsRow(p, tb, sb, r, k, m, ids, smoothing, withGradient)
                        : probabilityRow(p, tb, r, k, m, ids, smoothing, epsilon, withGradient);
            }
            return sum;
        });
        return total / m;
    }

    /**
     * One row of logits z: L = Σ_c t_c (log Σ e^{z − max} − (z_c − max)), and ∂L/∂z = (softmax(z)·Σ_c t_c − t)/m
     * (Σ_c t_c = 1 for one-hot or smoothed targets), which replaces z. Every exponent is ≤ 0, so nothing
     * overflows, and each exponential is computed once. When {@code softmax} is not null it receives softmax(z),
     * computed exactly as {@link #softmax} computes it (e^{z − max} divided by the same sum).
     */
    private static double logitsRow(double[] z, double[] t, double[] softmax, int r, int k, int m, boolean ids,
            double smoothing, boolean withGradient) {
        int row = r * k;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, z[row + c]);
        }
        double targetSum = 0;
        double targetDotShifted = 0;
        for (int c = 0; c < k; c++) {
            double tc = target(t, r, c, k, ids, smoothing);
            targetSum += tc;
            targetDotShifted += tc * (z[row + c] - max);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            z[row + c] = Math.exp(z[row + c] - max);
            sum += z[row + c];
        }
        if (softmax != null) {
            for (int c = 0; c < k; c++) {
                softmax[row + c] = z[row + c] / sum;
            }
        }
        if (withGradient) {
            for (int c = 0; c < k; c++) {
                z[row + c] = (z[row + c] / sum * targetSum - target(t, r, c, k, ids, smoothing)) / m;
            }
        }
        return targetSum * Math.log(sum) - targetDotShifted;
    }

    /**
     * One row of probabilities p: q = p/S (S = row sum), L = −Σ t log clip(q). ∂L/∂p_k =
     * (Σ_c t_c[c unclipped] − t_k/q_k [k unclipped])/S, divided by m, replaces p; clip's derivative is 0 where
     * it is active, as in TensorFlow.
     */
    private static double probabilityRow(double[] p, double[] t, int r, int k, int m, boolean ids, double smoothing,
            double epsilon, boolean withGradient) {
        int row = r * k;
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += p[row + c];
        }
        double loss = 0;
        double inside = 0;
        for (int c = 0; c < k; c++) {
            double tc = target(t, r, c, k, ids, smoothing);
            double q = p[row + c] / sum;
            if (tc != 0) {
                loss -= tc * Math.log(Math.min(Math.max(q, epsilon), 1 - epsilon));
            }
            if (q > epsilon && q < 1 - epsilon) {
                inside += tc;
            }
        }
        if (withGradient) {
            for (int c = 0; c < k; c++) {
                double q = p[row + c] / sum;
                double own = q > epsilon && q < 1 - epsilon ? target(t, r, c, k, ids, smoothing) / q : 0;
                p[row + c] = (inside - own) / sum / m;
            }
        }
        return loss;
    }

    /** Target c of row r: 1 or 0 from the row's class id, or the row's (smoothed) value t(1 − s) + s/k. */
    private static double target(double[] t, int r, int c, int k, boolean ids, double smoothing) {
        if (ids) {
            return c == (int) t[r] ? 1.0 : 0.0;
        }
        double value = t[r * k + c];
        return smoothing == 0 ? value : value * (1 - smoothing) + smoothing / k;
    }

    @Override public double sigmoidCrossEntropy(INDArray targets, double labelSmoothing, INDArray logits,
            INDArray grad) {
        return binary(targets, labelSmoothing, logits, true, 0, grad);
    }

    @Override public double binaryCrossEntropy(INDArray targets, double labelSmoothing, INDArray probabilities,
            double epsilon, INDArray grad) {
        return binary(targets, labelSmoothing, probabilities, false, epsilon, grad);
    }

    private double binary(INDArray targets, double smoothing, INDArray predictions, boolean logits, double epsilon,
            INDArray grad) {
        Matrix y = wrap(predictions);
        Matrix t = wrap(targets);
        Matrix g = wrapOptional(grad);
        if (y == null || t == null || g == UNREADABLE) {
            return logits ? portable.sigmoidCrossEntropy(targets, smoothing, predictions, grad)
                    : portable.binaryCrossEntropy(targets, smoothing, predictions, epsilon, grad);
        }
        checkLengths("binary cross-entropy", y, t);
        int n = y.length();
        double total = Kernels.rows(y, t, g, 4 * y.cols, splitLoops, (p, tb, rows, cols) -> {
            double sum = 0;
            for (int i = 0; i < rows * cols; i++) {
                double ti = smoothing == 0 ? tb[i] : tb[i] * (1 - smoothing) + smoothing / 2;
                double v = p[i];
                if (logits) {
                    // −[t log σ(z) + (1 − t) log(1 − σ(z))] = max(z, 0) − z t + log(1 + e^{−|z|}), exact for any z.
                    sum += Math.max(v, 0) - v * ti + Math.log1p(Math.exp(-Math.abs(v)));
                    p[i] = (Kernels.sigmoid(v) - ti) / n;
                } else {
                    double clipped = Math.min(Math.max(v, epsilon), 1 - epsilon);
                    sum -= ti * Math.log(clipped) + (1 - ti) * Math.log(1 - clipped);
                    // ∂/∂p of −[t log p + (1 − t) log(1 − p)] = (p − t) / (p(1 − p)); zero where the clip is active.
                    p[i] = v > epsilon && v < 1 - epsilon ? (v - ti) / (v * (1 - v)) / n : 0.0;
                }
            }
            return sum;
        });
        return total / n;
    }

    @Override public double meanSquaredError(INDArray targets, INDArray predictions, INDArray grad) {
        Matrix y = wrap(predictions);
        Matrix t = wrap(targets);
        Matrix g = wrapOptional(grad);
        if (y == null || t == null || g == UNREADABLE) {
            return portable.meanSquaredError(targets, predictions, grad);
        }
        checkLengths("mean squared error", y, t);
        int n = y.length();
        double total = Kernels.rows(y, t, g, 2 * y.cols, splitLoops, (p, tb, rows, cols) -> {
            double sum = 0;
            for (int i = 0; i < rows * cols; i++) {
                double d = p[i] - tb[i];
                sum += d * d;
                p[i] = 2 * d / n;
            }
            return sum;
        });
        return total / n;
    }

    private static void checkLengths(String what, Matrix predictions, Matrix targets) {
        if (predictions.length() != targets.length()) {
            throw new IllegalArgumentException(what + ": " + predictions.length() + " predictions and "
                    + targets.length() + " targets");
        }
    }

    // ------------------------------------------------------------------ metrics

    @Override public long countArgMaxMatches(INDArray predictions, INDArray targets, boolean ids) {
        Matrix p = wrap(predictions);
        Matrix t = wrap(targets);
        if (p == null || t == null) {
            return portable.countArgMaxMatches(predictions, targets, ids);
        }
        int tCols = p.rows == 0 ? 0 : t.length() / p.rows;
        if ((long) tCols * p.rows != t.length() || (ids && tCols != 1)) {
            throw new IllegalArgumentException("countArgMaxMatches: predictions [" + p.rows + ", " + p.cols + "] and "
                    + t.length() + " target values");
        }
        return (long) Kernels.rows(p, t, null, p.cols, splitLoops, ids ? ID_MATCHES : argMaxMatches(tCols));
    }

    private static final Kernels.RowsOp ID_MATCHES = (x, y, rows, cols) -> {
        int count = 0;
        for (int r = 0; r < rows; r++) {
            if (argMax(x, r * cols, cols) == (int) y[r]) {
                count++;
            }
        }
        return count;
    };

    /** The counting loop for one-hot targets of {@code tCols} columns, kept for the last width seen. */
    private Kernels.RowsOp argMaxMatches(int tCols) {
        ArgMaxCounter counter = lastCounter;
        if (counter == null || counter.tCols != tCols) {
            counter = new ArgMaxCounter(tCols);
            lastCounter = counter;
        }
        return counter;
    }

    private volatile ArgMaxCounter lastCounter;

    private record ArgMaxCounter(int tCols) implements Kernels.RowsOp {
        @Override public double run(double[] x, double[] y, int rows, int cols) {
            int count = 0;
            for (int r = 0; r < rows; r++) {
                if (argMax(x, r * cols, cols) == argMax(y, r * tCols, tCols)) {
                    count++;
                }
            }
            return count;
        }
    }

    /** The first column of the row starting at {@code row} holding its largest value, as numpy's argmax. */
    private static int argMax(double[] values, int row, int cols) {
        int best = 0;
        for (int c = 1; c < cols; c++) {
            if (values[row + c] > values[row + best]) {
                best = c;
            }
        }
        return best;
    }

    @Override public long countThresholdMatches(INDArray predictions, INDArray targets, double threshold) {
        Matrix p = wrap(predictions);
        Matrix t = wrap(targets);
        if (p == null || t == null) {
            return portable.countThresholdMatches(predictions, targets, threshold);
        }
        checkLengths("countThresholdMatches", p, t);
        return (long) Kernels.rows(p, t, null, p.cols, splitLoops, (x, y, rows, cols) -> {
            int count = 0;
            for (int i = 0; i < rows * cols; i++) {
                if ((x[i] > threshold) == (y[i] > threshold)) {
                    count++;
                }
            }
            return count;
        });
    }

    @Override public long thresholdBuckets(INDArray predictions, INDArray targets, double[] positives,
            double[] negatives) {
        Matrix p = wrap(predictions);
        Matrix t = wrap(targets);
        if (p == null || t == null) {
            return portable.thresholdBuckets(predictions, targets, positives, negatives);
        }
        checkLengths("thresholdBuckets", p, t);
        bucketLoop.positives = positives;
        bucketLoop.negatives = negatives;
        // On one thread: the loop adds into the caller's arrays.
        return (long) Kernels.rows(p, t, null, p.cols, false, bucketLoop);
    }

    /** The bucket loop, kept: a lambda capturing the arrays would be an allocation per batch. */
    private final BucketLoop bucketLoop = new BucketLoop();

    private static final class BucketLoop implements Kernels.RowsOp {
        double[] positives;
        double[] negatives;

        @Override public double run(double[] x, double[] y, int rows, int cols) {
            return MetricLoops.buckets(x, y, rows * cols, positives, negatives);
        }
    }

    @Override public long countTopKMatches(INDArray predictions, INDArray targets, int topK, boolean ids) {
        Matrix p = wrap(predictions);
        Matrix t = wrap(targets);
        if (p == null || t == null) {
            return portable.countTopKMatches(predictions, targets, topK, ids);
        }
        int tCols = p.rows == 0 ? 0 : t.length() / p.rows;
        if ((long) tCols * p.rows != t.length() || (ids ? tCols != 1 : tCols != p.cols)) {
            throw new IllegalArgumentException("countTopKMatches: predictions [" + p.rows + ", " + p.cols + "] and "
                    + t.length() + " target values");
        }
        return (long) Kernels.rows(p, t, null, p.cols, splitLoops,
                (x, y, rows, cols) -> MetricLoops.topK(x, y, rows, cols, tCols, topK));
    }

    // ------------------------------------------------------------------ optimizers

    @Override public Slots slots(int count, long size, DataType dataType) {
        if (size > Integer.MAX_VALUE) {
            return portable.slots(count, size, dataType);
        }
        return new HostSlots(count, (int) size, dataType);
    }

    @Override public void adam(INDArray theta, INDArray gradient, Slots state, double alpha, double beta1,
            double beta2, double epsilon, boolean amsgrad) {
        Matrix values = wrap(theta);
        Matrix grads = wrap(gradient);
        if (values == null || grads == null || !(state instanceof HostSlots slots)) {
            portable.adam(theta, gradient, state, alpha, beta1, beta2, epsilon, amsgrad);
            return;
        }
        slots.check(values, amsgrad ? 3 : 2);
        slots.adam(values, grads, alpha, beta1, beta2, epsilon, amsgrad, splitLoops);
    }

    @Override public void sgd(INDArray theta, INDArray gradient, Slots velocity, double learningRate,
            double momentum, boolean nesterov) {
        Matrix values = wrap(theta);
        Matrix grads = wrap(gradient);
        if (values == null || grads == null || (velocity != null && !(velocity instanceof HostSlots))) {
            portable.sgd(theta, gradient, velocity, learningRate, momentum, nesterov);
            return;
        }
        if (velocity == null) {
            Kernels.map(values, grads, values, (x, y, n) -> {
                for (int i = 0; i < n; i++) {
                    x[i] -= learningRate * y[i];
                }
            }, splitLoops);
            return;
        }
        HostSlots slots = (HostSlots) velocity;
        slots.check(values, 1);
        slots.sgd(values, grads, learningRate, momentum, nesterov);
    }

    // ------------------------------------------------------------------ data

    @Override public void gatherRows(INDArray source, int[] index, int from, int count, INDArray target) {
        Matrix s = wrap(source);
        Matrix t = wrap(target);
        if (s == null || t == null) {
            portable.gatherRows(source, index, from, count, target);
            return;
        }
        if (s.cols != t.cols || count > t.rows) {
            throw new IllegalArgumentException("gatherRows: rows of " + s.cols + " into rows of " + t.cols
                    + ", " + count + " rows into " + t.rows);
        }
        // Checked here: a row index past a view's rows would read the larger array's memory beyond it.
        for (int i = from; i < from + count; i++) {
            if (index[i] < 0 || index[i] >= s.rows) {
                throw new IndexOutOfBoundsException("gatherRows: index[" + i + "] = " + index[i] + " is not a row of "
                        + Arrays.toString(source.shape()));
            }
        }
        Kernels.gatherRows(s, index, from, count, t);
    }

    @Override public String toString() {
        return "Ops.host()";
    }
}
