package io.kerasj.activations;

import io.kerasj.core.Activation;
import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Keras's {@code exponential}: f(z) = e^z; f'(z) = e^z = a. Use {@link Activation#EXPONENTIAL}. */
public final class Exponential implements Activation {

    /** Prefer the constant in {@link Activation}; every instance is equal to it. */
    public Exponential() {}

    @Override public String name() { return "exponential"; }

    @Override public void forward(Ops ops, INDArray z, INDArray a) {
        ops.exp(z, a);
    }

    @Override public void backward(Ops ops, INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        ops.mul(a, gradA, gradZ);
    }

    @Override public boolean equals(Object other) { return other instanceof Exponential; }

    @Override public int hashCode() { return name().hashCode(); }

    @Override public String toString() { return name(); }
}
