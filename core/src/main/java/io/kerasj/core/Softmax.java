package io.kerasj.core;

/**
 * Row-wise softmax(z)_c = e^{z_c − max(z)} / Σ_d e^{z_d − max(z)}.
 *
 * <p>Subtracting the row maximum changes nothing mathematically (it cancels between numerator and
 * denominator) but keeps every exponent ≤ 0, so e^{·} cannot overflow at logits like 1000.
 */
final class Softmax implements Activation {
    @Override public String name() { return "softmax"; }

    @Override public void forward(Matrix z, Matrix a) {
        Kernels.rows(z, null, a, z.cols, (x, unused, rows, k) -> {
            for (int row = 0; row < rows * k; row += k) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    max = Math.max(max, x[row + c]);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    x[row + c] = Math.exp(x[row + c] - max);
                    sum += x[row + c];
                }
                for (int c = 0; c < k; c++) {
                    x[row + c] /= sum;
                }
            }
            return 0;
        });
    }

    /**
     * The Jacobian-vector product: ∂a_c/∂z_k = a_c(δ_ck − a_k), so gradZ = a ⊙ (gradA − Σ_c gradA_c a_c).
     * Training with a cross-entropy loss never comes here (see {@link Objective}).
     */
    @Override public void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
        Kernels.rows(a, gradA, gradZ, 3 * a.cols, (p, g, rows, k) -> {
            for (int row = 0; row < rows * k; row += k) {
                double dot = 0;
                for (int c = 0; c < k; c++) {
                    dot += g[row + c] * p[row + c];
                }
                for (int c = 0; c < k; c++) {
                    p[row + c] *= g[row + c] - dot;
                }
            }
            return 0;
        });
    }

    @Override public String toString() { return name(); }
}
