package io.kerasj.engine;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A contiguous, c-ordered float32 or float64 INDArray read and written from Java: in bulk, to and from heap
 * arrays, or element by element.
 *
 * <p>Why: every ND4J op is a native call costing 10–100 µs whatever the array's size, while a Java loop over
 * a 5×12 activation takes nanoseconds. The training step therefore does its element-wise and row-wise work
 * (activations, bias, losses, optimizer updates, batch gathering) in Java, on heap copies of the arrays'
 * memory ({@link Kernels#map}, {@link Kernels#rows}), and leaves to ND4J what it is best at: storage and large
 * matrix products ({@link Kernels#matmul}). Element access ({@link #get(int)}) is for the few loops that are
 * not hot.
 *
 * <p>A rank-1 array of length n is seen as [1, n]. Element (r, c) is at flat index r·cols + c.
 */
final class Matrix {

    private final INDArray array;
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;
    private final int base;
    /** The address of element 0, made on first use (see {@link #address()}). */
    private Pointer address;
    /** The elements' bit patterns, made on first use (see {@link #readBits(int, int[], int, int)}). */
    private IntBuffer floatBits;
    private LongBuffer doubleBits;
    final int rows;
    final int cols;
    /** The wrapped array's rank, kept: every ND4J shape query goes through several calls. */
    final int rank;

    private Matrix(INDArray array, int rows, int cols) {
        this.array = array;
        this.rows = rows;
        this.cols = cols;
        this.rank = array.rank();
        // The NIO view spans the whole underlying buffer; a view's elements start at its offset.
        this.base = (int) array.offset();
        if (array.dataType() == DataType.FLOAT) {
            this.floats = array.data().asNioFloat();
            this.doubles = null;
        } else {
            this.floats = null;
            this.doubles = array.data().asNioDouble();
        }
    }

    /**
     * Whether {@link #of} can wrap {@code array}: float32 or float64, in host memory, its elements contiguous in C
     * order (a row-range view qualifies, a column view or an f-ordered array does not), at most 2^31 − 1 of them.
     */
    static boolean accepts(INDArray array) {
        DataType type = array.dataType();
        if ((type != DataType.FLOAT && type != DataType.DOUBLE) || array.length() > Integer.MAX_VALUE) {
            return false;
        }
        // Each stride must be the product of the later dimensions; a dimension of size 1 may have any stride.
        long expected = 1;
        for (int d = array.rank() - 1; d >= 0; d--) {
            long size = array.size(d);
            if (size > 1 && array.stride(d) != expected) {
                return false;
            }
            expected *= size;
        }
        return true;
    }

    /**
     * Wraps {@code array} as rows × cols: an array of rank 2 or more as [size(0), the rest]; rank 1 as [1, n]; a
     * scalar as [1, 1].
     */
    static Matrix of(INDArray array) {
        if (!accepts(array)) {
            throw new IllegalArgumentException("Matrix: expected a contiguous, c-ordered FLOAT or DOUBLE array, got "
                    + array.dataType() + " of shape " + Arrays.toString(array.shape()) + " with strides "
                    + Arrays.toString(array.stride()));
        }
        if (array.rank() < 2) {
            return new Matrix(array, 1, (int) array.length());
        }
        int rows = (int) array.size(0);
        long rest = 1;
        for (int d = 1; d < array.rank(); d++) {
            rest *= array.size(d);
        }
        return new Matrix(array, rows, (int) rest);
    }

    /** Whether the elements are float32 (else float64). */
    boolean isFloat() {
        return floats != null;
    }

    /** The wrapped array. */
    INDArray array() {
        return array;
    }

    /**
     * The address of element 0, for native calls such as BLAS's: the buffer ND4J gives a view already starts at the
     * view's first element. Kept, because ND4J makes a new pointer object on every request.
     */
    Pointer address() {
        if (address == null) {
            address = array.data().addressPointer();
        }
        return address;
    }

    int length() {
        return rows * cols;
    }

    /** Element {@code i} in row-major order. */
    double get(int i) {
        return floats != null ? floats.get(base + i) : doubles.get(base + i);
    }

    void set(int i, double value) {
        if (floats != null) {
            floats.put(base + i, (float) value);
        } else {
            doubles.put(base + i, value);
        }
    }

    double get(int row, int col) {
        return get(row * cols + col);
    }

    void set(int row, int col, double value) {
        set(row * cols + col, value);
    }

    /**
     * Copies {@code length} elements starting at flat index {@code from} into {@code target} at {@code to}: a
     * bulk copy when both have the same type (one row of MNIST is one memcpy, not 784 calls).
     */
    void copyTo(int from, Matrix target, int to, int length) {
        if (floats != null && target.floats != null) {
            target.floats.put(target.base + to, floats, base + from, length);
        } else if (doubles != null && target.doubles != null) {
            target.doubles.put(target.base + to, doubles, base + from, length);
        } else {
            for (int i = 0; i < length; i++) {
                target.set(to + i, get(from + i));
            }
        }
    }

    /**
     * Copies elements [from, from + length) of a float32 matrix into {@code into}[at, at + length) in bulk. Loops
     * over heap arrays are vectorised by the JIT, loops over the off-heap buffer are not: an optimizer copies in,
     * updates on the heap, copies out.
     */
    void read(int from, float[] into, int at, int length) {
        floats.get(base + from, into, at, length);
    }

    /**
     * Copies the bit patterns of float32 elements [from, from + length) into {@code into}[at, at + length) in
     * bulk: loops over ints the JIT vectorises where loops over floats that must keep their order (sums) are not.
     */
    void readBits(int from, int[] into, int at, int length) {
        if (floatBits == null) {
            floatBits = array.data().asNio().order(ByteOrder.nativeOrder()).asIntBuffer();
        }
        floatBits.get(base + from, into, at, length);
    }

    /** As {@link #readBits(int, int[], int, int)}, for float64 elements. */
    void readBits(int from, long[] into, int at, int length) {
        if (doubleBits == null) {
            doubleBits = array.data().asNio().order(ByteOrder.nativeOrder()).asLongBuffer();
        }
        doubleBits.get(base + from, into, at, length);
    }

    /** Overwrites elements [to, to + length) of a float32 matrix from {@code from}[at, at + length), in bulk. */
    void write(int to, float[] from, int at, int length) {
        floats.put(base + to, from, at, length);
    }

    /**
     * Copies elements [from, from + length) into {@code into}[at, at + length) in bulk, widened to double for a
     * float32 matrix. With {@link #write(int, double[], int, int)} this is how the element-wise kernels work: on
     * heap copies of cache-sized blocks, where the JIT vectorises the loop. The same loop written with
     * {@link #get(int)}/{@link #set(int, double)} runs 5–10× slower (each access re-reads the buffer's fields
     * and checks its bounds), which made relu alone cost more than half of a large step's products.
     */
    void read(int from, double[] into, int at, int length) {
        if (doubles != null) {
            doubles.get(base + from, into, at, length);
            return;
        }
        float[] staging = staging(length);
        floats.get(base + from, staging, 0, length);
        for (int i = 0; i < length; i++) {
            into[at + i] = staging[i];
        }
    }

    /** Overwrites elements [to, to + length) from {@code from}[at, at + length), rounded to float for float32. */
    void write(int to, double[] from, int at, int length) {
        if (doubles != null) {
            doubles.put(base + to, from, at, length);
            return;
        }
        float[] staging = staging(length);
        for (int i = 0; i < length; i++) {
            staging[i] = (float) from[at + i];
        }
        floats.put(base + to, staging, 0, length);
    }

    /** Per-thread float staging for the widening copies, grown on demand and then reused (no garbage per step). */

    private static float[] staging(int length) {
        Scratch scratch = Scratch.get();
        if (scratch.staging.length < length) {
            scratch.staging = new float[length];
        }
        return scratch.staging;
    }

    /** Sets every element to {@code value}. */
    void fill(double value) {
        double[] block = Kernels.scratch(0, Kernels.BLOCK);
        Arrays.fill(block, 0, Kernels.BLOCK, value);
        for (int start = 0, n = length(); start < n; start += Kernels.BLOCK) {
            write(start, block, 0, Math.min(Kernels.BLOCK, n - start));
        }
    }
}
