package io.kerasj.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** f(z) = 1 / (1 + e^{-z}), f'(z) = a(1 − a). */
final class Sigmoid implements Activation {
    @Override public String name() { return "sigmoid"; }

    @Override public void forward(INDArray z, INDArray a) {
        Kernels.map(Matrix.of(z), null, Matrix.of(a), (x, unused, n) -> {
            for (int i = 0; i < n; i++) {
                x[i] = Kernels.sigmoid(x[i]);
            }
        });
    }

    @Override public void backward(INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        Kernels.map(Matrix.of(a), Matrix.of(gradA), Matrix.of(gradZ), (s, g, n) -> {
            for (int i = 0; i < n; i++) {
                s[i] = g[i] * s[i] * (1 - s[i]);
            }
        });
    }

    @Override public String toString() { return name(); }
}
