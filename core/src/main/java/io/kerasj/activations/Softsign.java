package io.kerasj.activations;

import io.kerasj.core.Activation;
import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Keras's {@code softsign}: f(z) = z / (1 + |z|); f'(z) = 1 / (1 + |z|)². Use {@link Activation#SOFTSIGN}. */
public final class Softsign implements Activation {

    /** Prefer the constant in {@link Activation}; every instance is equal to it. */
    public Softsign() {}

    @Override public String name() { return "softsign"; }

    @Override public void forward(Ops ops, INDArray z, INDArray a) {
        ops.abs(z, a);
        ops.addScalar(a, 1, a);
        ops.div(z, a, a);
    }

    @Override public void backward(Ops ops, INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        ops.abs(z, gradZ);
        ops.addScalar(gradZ, 1, gradZ);
        ops.square(gradZ, gradZ);
        ops.div(gradA, gradZ, gradZ);
    }

    @Override public boolean equals(Object other) { return other instanceof Softsign; }

    @Override public int hashCode() { return name().hashCode(); }

    @Override public String toString() { return name(); }
}
