package io.kerasj.engine;

import io.kerasj.ops.Slots;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An optimizer's state on the Java heap, block by block: {@code f[s][b][i]} (or {@code d[...]} for float64) is
 * element {@code b·BLOCK + i} of array s. The update indexes θ, g and the state alike from 0 within a block, which
 * the JIT vectorises, and not a loop that mixes a block offset with another. Against whole-length heap copies of θ
 * and g this halves Adam's memory traffic and drops 4 MB from a step's working set, which is what the update waits
 * on once the rest of the step has pushed m and v out of the cache (784-512-256-10 at batch 256, 535k weights,
 * epochs alternated in one process: 0.74–0.93 ms against 1.13–1.40 ms per update). θ and g are copied in and θ
 * out, in bulk, block by block: loops over ND4J's off-heap buffers are not vectorised (109k float32 weights: about
 * 80 µs against 750 µs).
 *
 * <p>The update runs once in float32 (as Keras) and once in float64: Java has no generics over primitive arrays,
 * and float32 loops are the point (twice the weights per vector instruction).
 */
final class HostSlots implements Slots {

    private static final int BLOCK = Kernels.BLOCK;

    private final int size;
    private final int blocks;
    private final float[][][] f;
    private final double[][][] d;

    HostSlots(int count, int size, DataType dataType) {
        this.size = size;
        this.blocks = (size + BLOCK - 1) / BLOCK;
        if (dataType == DataType.FLOAT) {
            f = new float[count][blocks][BLOCK];
            d = null;
        } else {
            f = null;
            d = new double[count][blocks][BLOCK];
        }
    }

    @Override public int count() {
        return f != null ? f.length : d.length;
    }

    @Override public long size() {
        return size;
    }

    /** The number of elements in block b. */
    private int length(int block) {
        return Math.min(BLOCK, size - block * BLOCK);
    }

    @Override public INDArray get(int i) {
        if (f != null) {
            float[] flat = new float[size];
            for (int b = 0; b < blocks; b++) {
                System.arraycopy(f[i][b], 0, flat, b * BLOCK, length(b));
            }
            return Nd4j.createFromArray(flat);
        }
        double[] flat = new double[size];
        for (int b = 0; b < blocks; b++) {
            System.arraycopy(d[i][b], 0, flat, b * BLOCK, length(b));
        }
        return Nd4j.createFromArray(flat);
    }

    @Override public void set(int i, INDArray values) {
        if (values.length() != size) {
            throw new IllegalArgumentException("Slots: array " + i + " has " + size + " elements, given "
                    + values.length());
        }
        if (f != null) {
            float[] flat = values.castTo(DataType.FLOAT).reshape(size).toFloatVector();
            for (int b = 0; b < blocks; b++) {
                System.arraycopy(flat, b * BLOCK, f[i][b], 0, length(b));
            }
        } else {
            double[] flat = values.castTo(DataType.DOUBLE).reshape(size).toDoubleVector();
            for (int b = 0; b < blocks; b++) {
                System.arraycopy(flat, b * BLOCK, d[i][b], 0, length(b));
            }
        }
    }

    /** Checks that these slots fit θ: its length and type, and at least {@code count} arrays. */
    void check(Matrix theta, int count) {
        if (theta.length() != size || theta.isFloat() != (f != null) || count() < count) {
            throw new IllegalArgumentException("Slots of " + count() + " × " + size + " " + (f != null ? "float32"
                    : "float64") + " elements do not fit " + theta.length() + " weights of type "
                    + theta.array().dataType() + " (" + count + " arrays needed)");
        }
    }

    // ------------------------------------------------------------------ Adam

    void adam(Matrix values, Matrix gradients, double alpha, double beta1, double beta2, double epsilon,
            boolean amsgrad, boolean split) {
        // Called directly when not split: a lambda for forRange would be an allocation per step.
        if (Kernels.splits(blocks, BLOCK, split)) {
            Kernels.forRange(blocks, BLOCK, split,
                    (from, to) -> adam(values, gradients, alpha, beta1, beta2, epsilon, amsgrad, from, to));
        } else {
            adam(values, gradients, alpha, beta1, beta2, epsilon, amsgrad, 0, blocks);
        }
    }

    /** The update of blocks [fromBlock, toBlock). */
    private void adam(Matrix values, Matrix gradients, double alpha, double beta1, double beta2, double epsilon,
            boolean amsgrad, int fromBlock, int toBlock) {
        if (f != null) {
            adam32(values, gradients, (float) alpha, (float) beta1, (float) beta2, (float) epsilon, amsgrad, fromBlock,
                    toBlock);
            return;
        }
        double[] theta = Kernels.scratch(0, BLOCK);
        double[] grad = Kernels.scratch(1, BLOCK);
        for (int b = fromBlock; b < toBlock; b++) {
            int from = b * BLOCK;
            int length = length(b);
            values.read(from, theta, 0, length);
            gradients.read(from, grad, 0, length);
            double[] mb = d[0][b];
            double[] vb = d[1][b];
            double[] hb = amsgrad ? d[2][b] : null;
            for (int i = 0; i < length; i++) {
                mb[i] = beta1 * mb[i] + (1 - beta1) * grad[i];
                vb[i] = beta2 * vb[i] + (1 - beta2) * grad[i] * grad[i];
                double second = vb[i];
                if (hb != null) {
                    second = hb[i] = Math.max(hb[i], second);
                }
                theta[i] -= alpha * mb[i] / (Math.sqrt(second) + epsilon);
            }
            values.write(from, theta, 0, length);
        }
    }

    private void adam32(Matrix values, Matrix gradients, float alpha, float b1, float b2, float eps, boolean amsgrad,
            int fromBlock, int toBlock) {
        // This thread's heap blocks for θ and g.
        float[] theta = Kernels.floatScratch(0, BLOCK);
        float[] grad = Kernels.floatScratch(1, BLOCK);
        for (int b = fromBlock; b < toBlock; b++) {
            int from = b * BLOCK;
            int length = length(b);
            values.read(from, theta, 0, length);
            gradients.read(from, grad, 0, length);
            float[] mb = f[0][b];
            float[] vb = f[1][b];
            float[] hb = amsgrad ? f[2][b] : null;
            for (int i = 0; i < length; i++) {
                mb[i] = b1 * mb[i] + (1 - b1) * grad[i];
                vb[i] = b2 * vb[i] + (1 - b2) * grad[i] * grad[i];
                float second = vb[i];
                if (hb != null) {
                    second = hb[i] = Math.max(hb[i], second);
                }
                theta[i] -= alpha * mb[i] / ((float) Math.sqrt(second) + eps);
            }
            values.write(from, theta, 0, length);
        }
    }

    // ------------------------------------------------------------------ SGD with momentum

    /** u ← momentum·u − lr·g; θ ← θ + u, or θ + momentum·u − lr·g (Nesterov); in float64, rounded once for float32. */
    void sgd(Matrix values, Matrix gradients, double lr, double momentum, boolean nesterov) {
        double[] theta = Kernels.scratch(0, BLOCK);
        double[] grad = Kernels.scratch(1, BLOCK);
        for (int b = 0; b < blocks; b++) {
            int from = b * BLOCK;
            int length = length(b);
            values.read(from, theta, 0, length);
            gradients.read(from, grad, 0, length);
            for (int i = 0; i < length; i++) {
                double u = momentum * velocity(b, i) - lr * grad[i];
                setVelocity(b, i, u);
                theta[i] += nesterov ? momentum * u - lr * grad[i] : u;
            }
            values.write(from, theta, 0, length);
        }
    }

    private double velocity(int b, int i) {
        return f != null ? f[0][b][i] : d[0][b][i];
    }

    private void setVelocity(int b, int i, double u) {
        if (f != null) {
            f[0][b][i] = (float) u;
        } else {
            d[0][b][i] = u;
        }
    }
}
