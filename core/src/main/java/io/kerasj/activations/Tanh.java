package io.kerasj.activations;

import io.kerasj.core.Activation;
import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/** f(z) = tanh(z); f'(z) = 1 − a². Use {@link Activation#TANH}. */
public final class Tanh implements Activation {

    /** Prefer the constant in {@link Activation}; every instance is equal to it. */
    public Tanh() {}

    @Override public String name() { return "tanh"; }

    @Override public void forward(Ops ops, INDArray z, INDArray a) {
        ops.tanh(z, a);
    }

    @Override public void backward(Ops ops, INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        ops.tanhGrad(a, gradA, gradZ);
    }

    @Override public boolean equals(Object other) { return other instanceof Tanh; }

    @Override public int hashCode() { return name().hashCode(); }

    @Override public String toString() { return name(); }
}
