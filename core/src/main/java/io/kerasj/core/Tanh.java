package io.kerasj.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** f(z) = tanh(z), f'(z) = 1 − a². */
final class Tanh implements Activation {
    @Override public String name() { return "tanh"; }

    @Override public void forward(INDArray z, INDArray a) {
        Kernels.map(Matrix.of(z), null, Matrix.of(a), (x, unused, n) -> {
            for (int i = 0; i < n; i++) {
                x[i] = Math.tanh(x[i]);
            }
        });
    }

    @Override public void backward(INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        Kernels.map(Matrix.of(a), Matrix.of(gradA), Matrix.of(gradZ), (t, g, n) -> {
            for (int i = 0; i < n; i++) {
                t[i] = g[i] * (1 - t[i] * t[i]);
            }
        });
    }

    @Override public String toString() { return name(); }
}
