package io.kerasj.activations;

import io.kerasj.core.Activation;
import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exponential linear unit, Keras's {@code elu}: f(z) = z for z &gt; 0, α(e^z − 1) otherwise; α = 1 by default (Keras's
 * default). f'(z) = 1 for z &gt; 0, α e^z otherwise. Use {@link Activation#ELU} for the default α.
 *
 * <p>Written with {@link Ops}; forward and backward each allocate one temporary array of z's shape.
 */
public final class Elu implements Activation {

    private final double alpha;

    /** α = 1, Keras's default; prefer {@link Activation#ELU}. */
    public Elu() {
        this(1.0);
    }

    /** @param alpha the negative saturation level −α; must be finite. Only α = 1 can be saved by name. */
    public Elu(double alpha) {
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("Elu: alpha must be finite. Received: alpha=" + alpha);
        }
        this.alpha = alpha;
    }

    public double alpha() { return alpha; }

    @Override public String name() { return "elu"; }

    @Override public void forward(Ops ops, INDArray z, INDArray a) {
        forward(ops, z, a, alpha, 1.0);
    }

    @Override public void backward(Ops ops, INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        backward(ops, z, gradA, gradZ, alpha, 1.0);
    }

    /** a = scale · (max(z, 0) + α(e^{min(z, 0)} − 1)): ELU, and SELU with its constants. */
    static void forward(Ops ops, INDArray z, INDArray a, double alpha, double scale) {
        INDArray positive = z.ulike();
        ops.relu(z, positive);
        ops.clip(z, Double.NEGATIVE_INFINITY, 0, a);
        ops.exp(a, a);
        ops.addScalar(a, -1, a);
        ops.scale(a, alpha, a);
        ops.add(a, positive, a);
        if (scale != 1.0) {
            ops.scale(a, scale, a);
        }
    }

    /** gradZ = gradA · scale · (z &gt; 0 ? 1 : α e^z), as α e^{min(z, 0)} + [z &gt; 0](1 − α). */
    static void backward(Ops ops, INDArray z, INDArray gradA, INDArray gradZ, double alpha, double scale) {
        INDArray step = z.ulike();
        ops.greaterThan(z, 0, step);
        ops.scale(step, 1 - alpha, step);
        ops.clip(z, Double.NEGATIVE_INFINITY, 0, gradZ);
        ops.exp(gradZ, gradZ);
        ops.scale(gradZ, alpha * scale, gradZ);
        ops.scale(step, scale, step);
        ops.add(gradZ, step, gradZ);
        ops.mul(gradZ, gradA, gradZ);
    }

    @Override public boolean equals(Object other) { return other instanceof Elu e && e.alpha == alpha; }

    @Override public int hashCode() { return Double.hashCode(alpha); }

    @Override public String toString() { return alpha == 1.0 ? name() : "elu(alpha=" + alpha + ")"; }
}
