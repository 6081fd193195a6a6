package io.kerasj.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** f(z) = tanh(z), f'(z) = 1 − a². */
final class Tanh implements Activation {
    @Override public String name() { return "tanh"; }

    @Override public void forward(INDArray z, INDArray a) {
        Matrix zm = Matrix.of(z);
        Matrix am = Matrix.of(a);
        for (int i = 0, n = zm.length(); i < n; i++) {
            am.set(i, Math.tanh(zm.get(i)));
        }
    }

    @Override public void backward(INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        Matrix am = Matrix.of(a);
        Matrix ga = Matrix.of(gradA);
        Matrix gz = Matrix.of(gradZ);
        for (int i = 0, n = am.length(); i < n; i++) {
            double t = am.get(i);
            gz.set(i, ga.get(i) * (1 - t * t));
        }
    }

    @Override public String toString() { return name(); }
}
