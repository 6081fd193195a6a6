package io.kerasj.integration.engine;

import io.kerasj.core.Activation;
import io.kerasj.core.BaseLayer;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/** y = x ⊙ s, one trainable scale per feature: the custom layer of docs/custom-layers.md, word for word. */
public class Scale extends BaseLayer {

    public Scale() {
        super("Scale", Activation.LINEAR);
    }

    @Override protected long[] build(long[] inputShape) {
        addWeight("scale", inputShape, true);          // s [features], trainable
        return inputShape;                             // the output has the input's shape
    }

    @Override public void initialize(Random random) {
        weight(0).assign(1);                           // starts as the identity
    }

    @Override protected void call(INDArray x, INDArray z, boolean training) {
        ops().mulRowVector(x, weight(0), z);           // z[i, j] = x[i, j] · s[j]
    }

    @Override protected void backward(INDArray x, INDArray gradZ, INDArray gradX) {
        INDArray product = gradZ.ulike();
        ops().mul(gradZ, x, product);
        ops().sumRows(product, gradient(0));           // ∂L/∂s[j] = Σ_i ∂L/∂z[i, j] · x[i, j]
        if (gradX != null) {
            ops().mulRowVector(gradZ, weight(0), gradX);   // ∂L/∂x[i, j] = ∂L/∂z[i, j] · s[j]
        }
    }
}
