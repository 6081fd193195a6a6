package io.kerasj.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** f(z) = max(z, 0). */
final class Relu implements Activation {
    @Override public String name() { return "relu"; }

    @Override public void forward(INDArray z, INDArray a) {
        Matrix zm = Matrix.of(z);
        Matrix am = Matrix.of(a);
        Kernels.forRange(zm.length(), 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                double v = zm.get(i);
                am.set(i, v > 0 ? v : 0.0);
            }
        });
    }

    @Override public void backward(INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        // f'(z) = 1 where the unit was active (a > 0), else 0; reading a rather than z gives 0 at z = 0.
        Matrix am = Matrix.of(a);
        Matrix ga = Matrix.of(gradA);
        Matrix gz = Matrix.of(gradZ);
        Kernels.forRange(am.length(), 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                gz.set(i, am.get(i) > 0 ? ga.get(i) : 0.0);
            }
        });
    }

    @Override public String toString() { return name(); }
}
