package io.kerasj.activations;

import io.kerasj.core.Activation;
import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * f(z) = max(z, 0); f'(0) is taken as 0, as in Keras and TensorFlow (the derivative is read from the output: 1
 * where a &gt; 0). Use {@link Activation#RELU}.
 */
public final class Relu implements Activation {

    /** Prefer the constant in {@link Activation}; every instance is equal to it. */
    public Relu() {}

    @Override public String name() { return "relu"; }

    @Override public void forward(Ops ops, INDArray z, INDArray a) {
        ops.relu(z, a);
    }

    @Override public void backward(Ops ops, INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        ops.reluGrad(a, gradA, gradZ);
    }

    @Override public boolean equals(Object other) { return other instanceof Relu; }

    @Override public int hashCode() { return name().hashCode(); }

    @Override public String toString() { return name(); }
}
