package io.kerasj.core;

/** f(z) = 1 / (1 + e^{-z}), f'(z) = a(1 − a). */
final class Sigmoid implements Activation {
    @Override public String name() { return "sigmoid"; }

    @Override public void forward(Matrix z, Matrix a) {
        Kernels.map(z, null, a, (x, unused, n) -> {
            for (int i = 0; i < n; i++) {
                x[i] = Kernels.sigmoid(x[i]);
            }
        });
    }

    @Override public void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
        Kernels.map(a, gradA, gradZ, (s, g, n) -> {
            for (int i = 0; i < n; i++) {
                s[i] = g[i] * s[i] * (1 - s[i]);
            }
        });
    }

    @Override public String toString() { return name(); }
}
