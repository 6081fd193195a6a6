package io.kerasj.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** f(z) = z. */
final class Linear implements Activation {
    @Override public String name() { return "linear"; }

    @Override public void forward(INDArray z, INDArray a) {
        if (a != z) {
            copy(Matrix.of(z), Matrix.of(a));
        }
    }

    @Override public void backward(INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        if (gradZ != gradA) {
            copy(Matrix.of(gradA), Matrix.of(gradZ));
        }
    }

    private static void copy(Matrix from, Matrix to) {
        for (int i = 0, n = from.length(); i < n; i++) {
            to.set(i, from.get(i));
        }
    }

    @Override public String toString() { return name(); }
}
