package io.kerasj.core;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** f(z) = 1 / (1 + e^{-z}), f'(z) = a(1 − a). */
final class Sigmoid implements Activation {
    @Override public String name() { return "sigmoid"; }

    @Override public void forward(INDArray z, INDArray a) {
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid(z, a));
    }

    @Override public void backward(INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        // gradZ = gradA * a * (1 - a), written without a temporary.
        gradZ.assign(a).rsubi(1.0).muli(a).muli(gradA);
    }

    @Override public String toString() { return name(); }
}
