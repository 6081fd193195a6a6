package io.kerasj.activations;

import io.kerasj.core.Activation;
import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras 3's {@code hard_sigmoid}: f(z) = relu6(z + 3)/6 = min(max(z/6 + ½, 0), 1); f'(z) = 1/6 for −3 &lt; z &lt; 3,
 * else 0. (Keras 2 used 0.2 z + 0.5, which saturates at ±2.5; files from Keras 2 get Keras 3's function, as Keras 3
 * itself loads them.) Use {@link Activation#HARD_SIGMOID}.
 */
public final class HardSigmoid implements Activation {

    /** Prefer the constant in {@link Activation}; every instance is equal to it. */
    public HardSigmoid() {}

    @Override public String name() { return "hard_sigmoid"; }

    @Override public void forward(Ops ops, INDArray z, INDArray a) {
        ops.scale(z, 1.0 / 6, a);
        ops.addScalar(a, 0.5, a);
        ops.clip(a, 0, 1, a);
    }

    @Override public void backward(Ops ops, INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        Relu6.insideBand(ops, a, 1, gradZ);
        ops.scale(gradZ, 1.0 / 6, gradZ);
        ops.mul(gradZ, gradA, gradZ);
    }

    @Override public boolean equals(Object other) { return other instanceof HardSigmoid; }

    @Override public int hashCode() { return name().hashCode(); }

    @Override public String toString() { return name(); }
}
