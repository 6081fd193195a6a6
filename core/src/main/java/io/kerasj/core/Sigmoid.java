package io.kerasj.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** f(z) = 1 / (1 + e^{-z}), f'(z) = a(1 − a). */
final class Sigmoid implements Activation {
    @Override public String name() { return "sigmoid"; }

    @Override public void forward(INDArray z, INDArray a) {
        Matrix zm = Matrix.of(z);
        Matrix am = Matrix.of(a);
        for (int i = 0, n = zm.length(); i < n; i++) {
            am.set(i, Kernels.sigmoid(zm.get(i)));
        }
    }

    @Override public void backward(INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        Matrix am = Matrix.of(a);
        Matrix ga = Matrix.of(gradA);
        Matrix gz = Matrix.of(gradZ);
        for (int i = 0, n = am.length(); i < n; i++) {
            double s = am.get(i);
            gz.set(i, ga.get(i) * s * (1 - s));
        }
    }

    @Override public String toString() { return name(); }
}
