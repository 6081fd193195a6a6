package io.kerasj.core;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/** f(z) = max(z, 0). */
final class Relu implements Activation {
    @Override public String name() { return "relu"; }

    @Override public void forward(INDArray z, INDArray a) {
        Nd4j.exec(new RectifiedLinear(z, a, 0.0));
    }

    @Override public void backward(INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        // f'(z) = 1 where the unit was active (a > 0), else 0; reading a rather than z gives 0 at z = 0.
        Nd4j.exec(new Step(a, gradZ, 0.0));
        gradZ.muli(gradA);
    }

    @Override public String toString() { return name(); }
}
