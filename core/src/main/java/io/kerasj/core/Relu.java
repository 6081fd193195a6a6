package io.kerasj.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** f(z) = max(z, 0). */
final class Relu implements Activation {
    @Override public String name() { return "relu"; }

    @Override public void forward(INDArray z, INDArray a) {
        // Math.max rather than a branch: the sign of z is a coin flip, and a mispredicted branch per element cost
        // more than the rest of the loop. NaN stays NaN, as in Keras.
        Kernels.map(Matrix.of(z), null, Matrix.of(a), (x, y, n) -> {
            for (int i = 0; i < n; i++) {
                x[i] = Math.max(x[i], 0.0);
            }
        });
    }

    @Override public void backward(INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        // f'(z) = 1 where the unit was active (a > 0), else 0; reading a rather than z gives 0 at z = 0.
        Kernels.map(Matrix.of(a), Matrix.of(gradA), Matrix.of(gradZ), (x, y, n) -> {
            for (int i = 0; i < n; i++) {
                x[i] = y[i] * active(x[i]);
            }
        });
    }

    /**
     * 1 for a &gt; 0 and 0 for a = 0 (a relu output is never negative), without a branch so that the loop
     * vectorises: the smallest positive double times 2^1074 is 1, and min caps every larger product at 1.
     */
    private static double active(double a) {
        return Math.min(1.0, a * 0x1p537 * 0x1p537);
    }

    @Override public String toString() { return name(); }
}
