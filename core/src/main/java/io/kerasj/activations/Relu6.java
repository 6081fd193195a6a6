package io.kerasj.activations;

import io.kerasj.core.Activation;
import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code relu6}: f(z) = min(max(z, 0), 6); f'(z) = 1 for 0 &lt; z &lt; 6, else 0 (0 at both kinks, as
 * TensorFlow). Use {@link Activation#RELU6}. One temporary array per backward.
 */
public final class Relu6 implements Activation {

    /** Prefer the constant in {@link Activation}; every instance is equal to it. */
    public Relu6() {}

    @Override public String name() { return "relu6"; }

    @Override public void forward(Ops ops, INDArray z, INDArray a) {
        ops.clip(z, 0, 6, a);
    }

    @Override public void backward(Ops ops, INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        insideBand(ops, a, 6, gradZ);
        ops.mul(gradZ, gradA, gradZ);
    }

    /** out = [0 &lt; a &lt; top]: where an activation clipped to [0, top] has slope. */
    static void insideBand(Ops ops, INDArray a, double top, INDArray out) {
        INDArray below = a.ulike();
        ops.scale(a, -1, below);
        ops.addScalar(below, top, below);
        ops.greaterThan(below, 0, below);
        ops.greaterThan(a, 0, out);
        ops.mul(out, below, out);
    }

    @Override public boolean equals(Object other) { return other instanceof Relu6; }

    @Override public int hashCode() { return name().hashCode(); }

    @Override public String toString() { return name(); }
}
