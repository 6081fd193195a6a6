package io.kerasj.core;

/** f(z) = max(z, 0). */
final class Relu implements Activation {
    @Override public String name() { return "relu"; }

    @Override public void forward(Matrix z, Matrix a) {
        Kernels.map(z, null, a, FORWARD);
    }

    @Override public void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
        // f'(z) = 1 where the unit was active (a > 0), else 0; reading a rather than z gives 0 at z = 0.
        Kernels.map(a, gradA, gradZ, BACKWARD);
    }

    /**
     * max(z, 0) with Math.max rather than a branch: the sign of z is a coin flip, and a mispredicted branch per
     * element cost more than the rest of the loop. NaN stays NaN, as in Keras.
     */
    private static final Kernels.BlockOp FORWARD = new Kernels.BlockOp() {
        @Override public void run(double[] x, double[] unused, int n) {
            for (int i = 0; i < n; i++) {
                x[i] = Math.max(x[i], 0.0);
            }
        }

        @Override public void run(float[] x, float[] unused, int n) {
            for (int i = 0; i < n; i++) {
                x[i] = Math.max(x[i], 0f);
            }
        }
    };

    /**
     * gradA times 1 for a &gt; 0 and 0 for a = 0 (a relu output is never negative), the mask computed without
     * a branch so that the loop vectorises: the smallest positive number times 2^1074 (2^150 for float) is at
     * least 1, and min caps every larger product at 1.
     */
    private static final Kernels.BlockOp BACKWARD = new Kernels.BlockOp() {
        @Override public void run(double[] a, double[] gradA, int n) {
            for (int i = 0; i < n; i++) {
                a[i] = gradA[i] * Math.min(1.0, a[i] * 0x1p537 * 0x1p537);
            }
        }

        @Override public void run(float[] a, float[] gradA, int n) {
            for (int i = 0; i < n; i++) {
                a[i] = gradA[i] * Math.min(1f, a[i] * 0x1p75f * 0x1p75f);
            }
        }
    };

    @Override public String toString() { return name(); }
}
