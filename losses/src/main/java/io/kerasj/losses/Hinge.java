package io.kerasj.losses;

import io.kerasj.core.Configs;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * L = (1/m) Σ_i (1/k) Σ_j max(1 − y_ij ŷ_ij, 0), Keras's "hinge", for labels y ∈ {−1, +1} and raw scores ŷ
 * (e.g. a linear output). As Keras, when every target of the batch is 0 or 1 the targets are read as 2y − 1, so
 * 0/1 labels work too. Targets and predictions [m, k] (targets [m] for k = 1). No options.
 *
 * <p>∂L/∂ŷ = −y [1 − y ŷ ≥ 0] / (m k). At the kink 1 − y ŷ = 0 the gradient is −y/(m k), not 0: TensorFlow's
 * maximum passes the gradient to its first argument at a tie, and Keras writes maximum(1 − y ŷ, 0).
 *
 * <p>Worked number (the example of tf.keras's docs): y = [[0, 1], [0, 0]] (read as [[−1, 1], [−1, −1]]),
 * ŷ = [[0.6, 0.4], [0.4, 0.6]] gives ((1.6 + 0.6)/2 + (1.4 + 1.6)/2)/2 = 1.3.
 */
public final class Hinge implements Loss {

    public Hinge() {}

    @Override public String name() { return "hinge"; }

    @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
        double n = yPred.length();
        INDArray labels = yPred.ulike();
        signedLabels(ops, Targets.matching(yTrue), labels);
        INDArray margin = yPred.ulike();                        // 1 − y ŷ
        ops.mul(labels, yPred, margin);
        ops.scale(margin, -1, margin);
        ops.addScalar(margin, 1, margin);
        if (grad != null) {
            // −y [margin ≥ 0] = y ([−margin > 0] − 1): greaterThan is strict, so the tie goes to the active side.
            ops.scale(margin, -1, grad);
            ops.greaterThan(grad, 0, grad);
            ops.addScalar(grad, -1, grad);
            ops.mul(grad, labels, grad);
            ops.scale(grad, 1 / n, grad);
        }
        ops.clip(margin, 0, Double.POSITIVE_INFINITY, margin);
        return ops.sum(margin) / n;
    }

    /**
     * Keras's conversion of binary labels, shared with {@link SquaredHinge}: out = 2y − 1 when every element of y
     * is 0 or 1, else y. y(y − 1) is 0 exactly for 0 and 1, so the test is Σ |y(y − 1)| = 0 (a sum of non-negative
     * terms, each non-zero wherever y is neither).
     */
    static void signedLabels(Ops ops, INDArray y, INDArray out) {
        ops.addScalar(y, -1, out);
        ops.mul(out, y, out);
        ops.abs(out, out);
        if (ops.sum(out) == 0) {
            ops.scale(y, 2, out);
            ops.addScalar(out, -1, out);
        } else {
            ops.copy(y, out);
        }
    }

    @Override public void checkTargets(INDArray yTrue, int outputWidth) {
        Targets.checkWidth(name(), yTrue, outputWidth);
    }

    @Override public String toString() { return "Hinge()"; }

    /** The loss {@link #config()} describes: there are no options. */
    public static Hinge fromConfig(Map<String, Object> config) {
        Configs.checkKeys("Hinge", config);
        return new Hinge();
    }
}
