package io.kerasj.activations;

import io.kerasj.core.Activation;
import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras 3's {@code leaky_relu}: f(z) = z for z &gt; 0, s·z otherwise, with {@code negativeSlope} s = 0.2 by default
 * (Keras 3's default; Keras 2's {@code LeakyReLU} layer used 0.3). f'(z) = 1 for z &gt; 0, s otherwise (s at 0, as
 * TensorFlow). Use {@link Activation#LEAKY_RELU} for the default slope. One temporary array per forward.
 */
public final class LeakyRelu implements Activation {

    private final double negativeSlope;

    /** s = 0.2, Keras 3's default; prefer {@link Activation#LEAKY_RELU}. */
    public LeakyRelu() {
        this(0.2);
    }

    /** @param negativeSlope the slope for z ≤ 0; must be finite. Only 0.2 can be saved by name. */
    public LeakyRelu(double negativeSlope) {
        if (!Double.isFinite(negativeSlope)) {
            throw new IllegalArgumentException("LeakyRelu: negativeSlope must be finite. Received: negativeSlope="
                    + negativeSlope);
        }
        this.negativeSlope = negativeSlope;
    }

    public double negativeSlope() { return negativeSlope; }

    @Override public String name() { return "leaky_relu"; }

    @Override public void forward(Ops ops, INDArray z, INDArray a) {
        INDArray negative = z.ulike();
        ops.clip(z, Double.NEGATIVE_INFINITY, 0, negative);
        ops.scale(negative, negativeSlope, negative);
        ops.relu(z, a);
        ops.add(a, negative, a);
    }

    /** gradZ = gradA · (s + [z &gt; 0](1 − s)). */
    @Override public void backward(Ops ops, INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        ops.greaterThan(z, 0, gradZ);
        ops.scale(gradZ, 1 - negativeSlope, gradZ);
        ops.addScalar(gradZ, negativeSlope, gradZ);
        ops.mul(gradZ, gradA, gradZ);
    }

    @Override public boolean equals(Object other) {
        return other instanceof LeakyRelu l && l.negativeSlope == negativeSlope;
    }

    @Override public int hashCode() { return Double.hashCode(negativeSlope); }

    @Override public String toString() {
        return negativeSlope == 0.2 ? name() : "leaky_relu(negative_slope=" + negativeSlope + ")";
    }
}
