package io.kerasj.core;

/** f(z) = tanh(z), f'(z) = 1 − a². */
final class Tanh implements Activation {
    @Override public String name() { return "tanh"; }

    @Override public void forward(Matrix z, Matrix a) {
        Kernels.map(z, null, a, (x, unused, n) -> {
            for (int i = 0; i < n; i++) {
                x[i] = Math.tanh(x[i]);
            }
        });
    }

    @Override public void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
        Kernels.map(a, gradA, gradZ, (t, g, n) -> {
            for (int i = 0; i < n; i++) {
                t[i] = g[i] * (1 - t[i] * t[i]);
            }
        });
    }

    @Override public String toString() { return name(); }
}
