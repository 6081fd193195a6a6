package io.kerasj.activations;

import io.kerasj.core.Activation;
import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code silu}, also named {@code swish}: f(z) = z σ(z); f'(z) = σ(z)(1 + z(1 − σ(z))).
 * Use {@link Activation#SILU}. One temporary array per backward.
 */
public final class Silu implements Activation {

    /** Prefer the constant in {@link Activation}; every instance is equal to it. */
    public Silu() {}

    @Override public String name() { return "silu"; }

    @Override public void forward(Ops ops, INDArray z, INDArray a) {
        ops.sigmoid(z, a);
        ops.mul(a, z, a);
    }

    @Override public void backward(Ops ops, INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        INDArray t = z.ulike();
        ops.sigmoid(z, gradZ);
        ops.scale(gradZ, -1, t);
        ops.addScalar(t, 1, t);
        ops.mul(t, z, t);
        ops.addScalar(t, 1, t);
        ops.mul(gradZ, t, gradZ);
        ops.mul(gradZ, gradA, gradZ);
    }

    @Override public boolean equals(Object other) { return other instanceof Silu; }

    @Override public int hashCode() { return name().hashCode(); }

    @Override public String toString() { return name(); }
}
