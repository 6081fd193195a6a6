package io.kerasj.core;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Row-wise softmax(z)_c = e^{z_c − max(z)} / Σ_d e^{z_d − max(z)}.
 *
 * <p>Subtracting the row maximum changes nothing mathematically (it cancels between numerator and
 * denominator) but keeps every exponent ≤ 0, so e^{·} cannot overflow at logits like 1000.
 */
final class Softmax implements Activation {
    @Override public String name() { return "softmax"; }

    @Override public void forward(INDArray z, INDArray a) {
        INDArray rowMax = z.max(1);
        a.assign(z).subiColumnVector(rowMax);
        Transforms.exp(a, false);
        a.diviColumnVector(a.sum(1));
    }

    /**
     * The Jacobian-vector product: ∂a_c/∂z_k = a_c(δ_ck − a_k), so gradZ = a ⊙ (gradA − Σ_c gradA_c a_c).
     * Training with a cross-entropy loss never comes here (see {@link Objective}).
     */
    @Override public void backward(INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        INDArray dot = gradA.mul(a).sum(1);
        gradZ.assign(gradA).subiColumnVector(dot).muli(a);
    }

    @Override public String toString() { return name(); }
}
