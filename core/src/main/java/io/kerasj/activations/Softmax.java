package io.kerasj.activations;

import io.kerasj.core.Activation;
import io.kerasj.core.Objective;
import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row-wise softmax(z)_c = e^{z_c − max(z)} / Σ_d e^{z_d − max(z)}. Use {@link Activation#SOFTMAX}.
 *
 * <p>Subtracting the row maximum changes nothing mathematically (it cancels between numerator and denominator) but
 * keeps every exponent ≤ 0, so e^{·} cannot overflow at logits like 1000.
 */
public final class Softmax implements Activation {

    /** Prefer the constant in {@link Activation}; every instance is equal to it. */
    public Softmax() {}

    @Override public String name() { return "softmax"; }

    @Override public void forward(Ops ops, INDArray z, INDArray a) {
        ops.softmax(z, a);
    }

    /**
     * The Jacobian-vector product: ∂a_c/∂z_k = a_c(δ_ck − a_k), so gradZ = a ⊙ (gradA − Σ_c gradA_c a_c). Training
     * with a cross-entropy loss never comes here (see {@link Objective}).
     */
    @Override public void backward(Ops ops, INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        ops.softmaxGrad(a, gradA, gradZ);
    }

    @Override public boolean equals(Object other) { return other instanceof Softmax; }

    @Override public int hashCode() { return name().hashCode(); }

    @Override public String toString() { return name(); }
}
