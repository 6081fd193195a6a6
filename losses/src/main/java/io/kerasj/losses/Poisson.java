package io.kerasj.losses;

import io.kerasj.core.Configs;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * L = (1/m) Σ_i (1/k) Σ_j (ŷ_ij − y_ij·log(ŷ_ij + ε)), Keras's "poisson": the negative log-likelihood of counts y
 * under Poisson rates ŷ, without the constant log y!. Keras's ε = 1e-7 keeps a zero rate finite. Targets (counts,
 * ≥ 0) and predictions (rates, ≥ 0, e.g. from an exponential or softplus output) [m, k] (targets [m] for k = 1).
 * No options.
 *
 * <p>∂L/∂ŷ = (1 − y/(ŷ + ε))/(m k).
 *
 * <p>Worked number: y = [[0, 1], [0, 0]], ŷ = [[1, 1], [0, 0]] gives (1 + 1 − log(1 + 1e-7) + 0 + 0)/4
 * = 0.5 − 2.5e-8.
 */
public final class Poisson implements Loss {

    public Poisson() {}

    @Override public String name() { return "poisson"; }

    @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
        INDArray y = Targets.matching(yTrue);
        double n = yPred.length();
        INDArray rate = yPred.ulike();                          // ŷ + ε
        ops.addScalar(yPred, CategoricalCrossentropy.EPSILON, rate);
        if (grad != null) {
            ops.div(y, rate, grad);
            ops.scale(grad, -1, grad);
            ops.addScalar(grad, 1, grad);
            ops.scale(grad, 1 / n, grad);
        }
        ops.log(rate, rate);
        ops.mul(y, rate, rate);
        ops.sub(yPred, rate, rate);
        return ops.sum(rate) / n;
    }

    @Override public void checkTargets(INDArray yTrue, int outputWidth) {
        Targets.checkWidth(name(), yTrue, outputWidth);
    }

    @Override public String toString() { return "Poisson()"; }

    /** The loss {@link #config()} describes: there are no options. */
    public static Poisson fromConfig(Map<String, Object> config) {
        Configs.checkKeys("Poisson", config);
        return new Poisson();
    }
}
