package io.kerasj.losses;

import io.kerasj.core.Configs;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * L = (1/m) Σ_i (1/k) Σ_j (log(max(ŷ_ij, ε) + 1) − log(max(y_ij, ε) + 1))², Keras's
 * "mean_squared_logarithmic_error" ("msle"), with Keras's ε = 1e-7: a value below ε (a negative prediction) is read
 * as ε. Targets and predictions [m, k] (targets [m] for k = 1). No options.
 *
 * <p>With d = log(max(ŷ, ε) + 1) − log(max(y, ε) + 1): ∂L/∂ŷ = 2d / (max(ŷ, ε) + 1) / (m k) where ŷ ≥ ε, else 0.
 * At ŷ = ε exactly, the tie of the max, the gradient is ŷ's, as TensorFlow's maximum passes it to its first
 * argument at a tie.
 *
 * <p>Worked number (the example of tf.keras's docs): y = [[0, 1], [0, 0]], ŷ = [[1, 1], [1, 0]] gives
 * ((log 2)² + 0 + (log 2)² + 0)/4 = (log 2)²/2 ≈ 0.2402 (the zeros read as 1e-7 change it by about 1e-7).
 */
public final class MeanSquaredLogarithmicError implements Loss {

    public MeanSquaredLogarithmicError() {}

    @Override public String name() { return "mean_squared_logarithmic_error"; }

    @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
        INDArray y = Targets.matching(yTrue);
        double n = yPred.length();
        double eps = CategoricalCrossentropy.EPSILON;
        INDArray shifted = yPred.ulike();                       // max(ŷ, ε) + 1
        ops.clip(yPred, eps, Double.POSITIVE_INFINITY, shifted);
        ops.addScalar(shifted, 1, shifted);
        INDArray logTrue = yPred.ulike();                       // log(max(y, ε) + 1)
        ops.clip(y, eps, Double.POSITIVE_INFINITY, logTrue);
        ops.addScalar(logTrue, 1, logTrue);
        ops.log(logTrue, logTrue);
        INDArray d = yPred.ulike();
        ops.log(shifted, d);
        ops.sub(d, logTrue, d);
        if (grad != null) {
            // The mask [ŷ ≥ ε] as 1 − [−ŷ > −ε]: greaterThan is strict, and negation is exact.
            ops.scale(yPred, -1, grad);
            ops.greaterThan(grad, -eps, grad);
            ops.scale(grad, -1, grad);
            ops.addScalar(grad, 1, grad);
            ops.mul(grad, d, grad);
            ops.div(grad, shifted, grad);
            ops.scale(grad, 2 / n, grad);
        }
        return ops.sumSquares(d) / n;
    }

    @Override public void checkTargets(INDArray yTrue, int outputWidth) {
        Targets.checkWidth(name(), yTrue, outputWidth);
    }

    @Override public String toString() { return "MeanSquaredLogarithmicError()"; }

    /** The loss {@link #config()} describes: there are no options. */
    public static MeanSquaredLogarithmicError fromConfig(Map<String, Object> config) {
        Configs.checkKeys("MeanSquaredLogarithmicError", config);
        return new MeanSquaredLogarithmicError();
    }
}
