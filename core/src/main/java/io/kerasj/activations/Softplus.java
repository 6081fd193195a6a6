package io.kerasj.activations;

import io.kerasj.core.Activation;
import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code softplus}: f(z) = ln(1 + e^z), computed as max(z, 0) + ln(1 + e^{−|z|}) so that e^{·} never
 * overflows; f'(z) = σ(z). Use {@link Activation#SOFTPLUS}. One temporary array per forward.
 */
public final class Softplus implements Activation {

    /** Prefer the constant in {@link Activation}; every instance is equal to it. */
    public Softplus() {}

    @Override public String name() { return "softplus"; }

    @Override public void forward(Ops ops, INDArray z, INDArray a) {
        INDArray positive = z.ulike();
        ops.relu(z, positive);
        ops.abs(z, a);
        ops.scale(a, -1, a);
        ops.exp(a, a);
        ops.addScalar(a, 1, a);
        ops.log(a, a);
        ops.add(a, positive, a);
    }

    @Override public void backward(Ops ops, INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        ops.sigmoid(z, gradZ);
        ops.mul(gradZ, gradA, gradZ);
    }

    @Override public boolean equals(Object other) { return other instanceof Softplus; }

    @Override public int hashCode() { return name().hashCode(); }

    @Override public String toString() { return name(); }
}
