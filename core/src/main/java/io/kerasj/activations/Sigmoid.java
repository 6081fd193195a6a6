package io.kerasj.activations;

import io.kerasj.core.Activation;
import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/** f(z) = 1 / (1 + e^{−z}), computed without overflow for any z; f'(z) = a(1 − a). Use {@link Activation#SIGMOID}. */
public final class Sigmoid implements Activation {

    /** Prefer the constant in {@link Activation}; every instance is equal to it. */
    public Sigmoid() {}

    @Override public String name() { return "sigmoid"; }

    @Override public void forward(Ops ops, INDArray z, INDArray a) {
        ops.sigmoid(z, a);
    }

    @Override public void backward(Ops ops, INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        ops.sigmoidGrad(a, gradA, gradZ);
    }

    @Override public boolean equals(Object other) { return other instanceof Sigmoid; }

    @Override public int hashCode() { return name().hashCode(); }

    @Override public String toString() { return name(); }
}
