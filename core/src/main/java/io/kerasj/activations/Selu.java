package io.kerasj.activations;

import io.kerasj.core.Activation;
import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scaled exponential linear unit, Keras's {@code selu}: f(z) = λ z for z &gt; 0, λα(e^z − 1) otherwise, with Keras's
 * constants α = 1.67326324 and λ = 1.05070098 (Klambauer et al., 2017). Use {@link Activation#SELU}.
 */
public final class Selu implements Activation {

    /** Keras's α, to the digits Keras writes. */
    public static final double ALPHA = 1.67326324;
    /** Keras's λ (its {@code scale}), to the digits Keras writes. */
    public static final double SCALE = 1.05070098;

    /** Prefer the constant in {@link Activation}; every instance is equal to it. */
    public Selu() {}

    @Override public String name() { return "selu"; }

    @Override public void forward(Ops ops, INDArray z, INDArray a) {
        Elu.forward(ops, z, a, ALPHA, SCALE);
    }

    @Override public void backward(Ops ops, INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        Elu.backward(ops, z, gradA, gradZ, ALPHA, SCALE);
    }

    @Override public boolean equals(Object other) { return other instanceof Selu; }

    @Override public int hashCode() { return name().hashCode(); }

    @Override public String toString() { return name(); }
}
