package io.kerasj.losses;

import io.kerasj.core.Configs;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * L = (1/m) Σ_i (1/k) Σ_j max(1 − y_ij ŷ_ij, 0)², Keras's "squared_hinge", for labels y ∈ {−1, +1} and raw scores
 * ŷ; as Keras, when every target of the batch is 0 or 1 they are read as 2y − 1 (see {@link Hinge}). Targets and
 * predictions [m, k] (targets [m] for k = 1). No options.
 *
 * <p>∂L/∂ŷ = −2y max(1 − y ŷ, 0) / (m k): continuous, 0 at the kink from either side.
 *
 * <p>Worked number (the example of tf.keras's docs): y = [[0, 1], [0, 0]] (read as [[−1, 1], [−1, −1]]),
 * ŷ = [[0.6, 0.4], [0.4, 0.6]] gives ((1.6² + 0.6²)/2 + (1.4² + 1.6²)/2)/2 = (1.46 + 2.26)/2 = 1.86.
 */
public final class SquaredHinge implements Loss {

    public SquaredHinge() {}

    @Override public String name() { return "squared_hinge"; }

    @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
        double n = yPred.length();
        INDArray labels = yPred.ulike();
        Hinge.signedLabels(ops, Targets.matching(yTrue), labels);
        INDArray margin = yPred.ulike();                        // max(1 − y ŷ, 0)
        ops.mul(labels, yPred, margin);
        ops.scale(margin, -1, margin);
        ops.addScalar(margin, 1, margin);
        ops.clip(margin, 0, Double.POSITIVE_INFINITY, margin);
        if (grad != null) {
            ops.mul(labels, margin, grad);
            ops.scale(grad, -2 / n, grad);
        }
        return ops.sumSquares(margin) / n;
    }

    @Override public void checkTargets(INDArray yTrue, int outputWidth) {
        Targets.checkWidth(name(), yTrue, outputWidth);
    }

    @Override public String toString() { return "SquaredHinge()"; }

    /** The loss {@link #config()} describes: there are no options. */
    public static SquaredHinge fromConfig(Map<String, Object> config) {
        Configs.checkKeys("SquaredHinge", config);
        return new SquaredHinge();
    }
}
