package io.kerasj.core;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** f(z) = tanh(z), f'(z) = 1 − a². */
final class Tanh implements Activation {
    @Override public String name() { return "tanh"; }

    @Override public void forward(INDArray z, INDArray a) {
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh(z, a));
    }

    @Override public void backward(INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        gradZ.assign(a).muli(a).rsubi(1.0).muli(gradA);
    }

    @Override public String toString() { return name(); }
}
