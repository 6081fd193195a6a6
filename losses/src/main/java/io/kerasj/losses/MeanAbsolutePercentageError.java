package io.kerasj.losses;

import io.kerasj.core.Configs;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * L = (100/m) Σ_i (1/k) Σ_j |y_ij − ŷ_ij| / max(|y_ij|, ε), Keras's "mean_absolute_percentage_error" ("mape"),
 * with Keras's ε = 1e-7 keeping a zero target from dividing by zero. Targets and predictions [m, k] (targets [m]
 * for k = 1). No options.
 *
 * <p>∂L/∂ŷ = 100·sign(ŷ − y) / max(|y|, ε) / (m k); 0 at ŷ = y, as TensorFlow's derivative of |x| (sign(0) = 0).
 *
 * <p>Worked number (the example of tf.keras's docs): y = [[2, 1], [2, 3]], ŷ = [[1, 1], [1, 0]] gives
 * 100·(1/2 + 0 + 1/2 + 3/3)/4 = 50.
 */
public final class MeanAbsolutePercentageError implements Loss {

    public MeanAbsolutePercentageError() {}

    @Override public String name() { return "mean_absolute_percentage_error"; }

    @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
        INDArray y = Targets.matching(yTrue);
        double n = yPred.length();
        INDArray scale = yPred.ulike();
        ops.abs(y, scale);
        ops.clip(scale, CategoricalCrossentropy.EPSILON, Double.POSITIVE_INFINITY, scale);   // max(|y|, ε)
        INDArray relative = yPred.ulike();
        ops.sub(yPred, y, relative);
        ops.div(relative, scale, relative);
        if (grad != null) {
            // sign((ŷ − y)/s) = sign(ŷ − y), since s ≥ ε > 0.
            ops.sign(relative, grad);
            ops.div(grad, scale, grad);
            ops.scale(grad, 100 / n, grad);
        }
        ops.abs(relative, relative);
        return 100 * ops.sum(relative) / n;
    }

    @Override public void checkTargets(INDArray yTrue, int outputWidth) {
        Targets.checkWidth(name(), yTrue, outputWidth);
    }

    @Override public String toString() { return "MeanAbsolutePercentageError()"; }

    /** The loss {@link #config()} describes: there are no options. */
    public static MeanAbsolutePercentageError fromConfig(Map<String, Object> config) {
        Configs.checkKeys("MeanAbsolutePercentageError", config);
        return new MeanAbsolutePercentageError();
    }
}
