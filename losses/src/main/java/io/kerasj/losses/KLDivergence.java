package io.kerasj.losses;

import io.kerasj.core.Configs;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Kullback–Leibler divergence of predicted distributions ŷ from target distributions y, Keras's "kl_divergence"
 * ("kld", "kullback_leibler_divergence"): both clipped to [ε, 1] with Keras's ε = 1e-7, then
 * L = (1/m) Σ_i Σ_j t_ij log(t_ij / p_ij), t = clip(y), p = clip(ŷ): summed over the k outputs of a row, not
 * averaged, then averaged over the m rows. Targets and predictions [m, k] (targets [m] for k = 1). No options.
 *
 * <p>A zero target reads as ε and so still adds ε·log(ε/p). ∂L/∂ŷ = −t/p / m where ε ≤ ŷ ≤ 1, else 0: the clip
 * passes the gradient on its closed interval, boundaries included, as TensorFlow's clip_by_value does.
 *
 * <p>Worked number (the example of tf.keras's docs): y = [[0, 1], [0, 0]], ŷ = [[0.6, 0.4], [0.4, 0.6]] gives
 * (log(1/0.4) + 1e-7·(log(1e-7/0.6) + log(1e-7/0.4) + log(1e-7/0.6)))/2 ≈ 0.458.
 */
public final class KLDivergence implements Loss {

    public KLDivergence() {}

    @Override public String name() { return "kl_divergence"; }

    @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
        INDArray y = Targets.matching(yTrue);
        double eps = CategoricalCrossentropy.EPSILON;
        double rows = (double) yPred.length() / yPred.size(-1);    // the sum runs over the last axis only
        INDArray t = yPred.ulike();
        ops.clip(y, eps, 1, t);
        INDArray p = yPred.ulike();
        ops.clip(yPred, eps, 1, p);
        INDArray terms = yPred.ulike();
        ops.div(t, p, terms);
        if (grad != null) {
            // −(t/p) where the clip passes ŷ through: 1 − [−ŷ > −ε] − [ŷ > 1], i.e. [ε ≤ ŷ ≤ 1].
            INDArray above = p;                                 // p is no longer needed once t/p is formed
            ops.greaterThan(yPred, 1, above);
            ops.scale(yPred, -1, grad);
            ops.greaterThan(grad, -eps, grad);
            ops.add(grad, above, grad);
            ops.addScalar(grad, -1, grad);                      // −[ε ≤ ŷ ≤ 1]
            ops.mul(grad, terms, grad);
            ops.scale(grad, 1 / rows, grad);
        }
        ops.log(terms, terms);
        ops.mul(t, terms, terms);
        return ops.sum(terms) / rows;
    }

    @Override public void checkTargets(INDArray yTrue, int outputWidth) {
        Targets.checkWidth(name(), yTrue, outputWidth);
    }

    @Override public String toString() { return "KLDivergence()"; }

    /** The loss {@link #config()} describes: there are no options. */
    public static KLDivergence fromConfig(Map<String, Object> config) {
        Configs.checkKeys("KLDivergence", config);
        return new KLDivergence();
    }
}
