package io.kerasj.losses;

import io.kerasj.core.Configs;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * L = (1/m) Σ_i (1/k) Σ_j log cosh(ŷ_ij − y_ij), Keras's "log_cosh" ("logcosh"): about e²/2 for a small error e,
 * |e| − log 2 for a large one. Targets and predictions [m, k] (targets [m] for k = 1). No options.
 *
 * <p>cosh overflows past |e| ≈ 710, so, as Keras (e + softplus(−2e) − log 2), the loss is computed as
 * log cosh e = |e| + log(1 + e^{−2|e|}) − log 2, whose exponent is never positive: exact in form for any e.
 * ∂L/∂ŷ = tanh(ŷ − y)/(m k), smooth everywhere.
 *
 * <p>Worked number (the example of tf.keras's docs): y = [[0, 1], [0, 0]], ŷ = [[1, 1], [0, 0]] gives
 * (log cosh 1)/4 = 0.43378/4 ≈ 0.108.
 */
public final class LogCosh implements Loss {

    private static final double LOG_2 = Math.log(2);

    public LogCosh() {}

    @Override public String name() { return "log_cosh"; }

    @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
        INDArray y = Targets.matching(yTrue);
        double n = yPred.length();
        INDArray error = yPred.ulike();
        ops.sub(yPred, y, error);
        if (grad != null) {
            ops.tanh(error, grad);
            ops.scale(grad, 1 / n, grad);
        }
        INDArray absolute = yPred.ulike();
        ops.abs(error, absolute);
        INDArray softplus = error;                              // log(1 + e^{−2|e|}), in e's array
        ops.scale(absolute, -2, softplus);
        ops.exp(softplus, softplus);
        ops.addScalar(softplus, 1, softplus);
        ops.log(softplus, softplus);
        ops.add(absolute, softplus, absolute);
        ops.addScalar(absolute, -LOG_2, absolute);
        return ops.sum(absolute) / n;
    }

    @Override public void checkTargets(INDArray yTrue, int outputWidth) {
        Targets.checkWidth(name(), yTrue, outputWidth);
    }

    @Override public String toString() { return "LogCosh()"; }

    /** The loss {@link #config()} describes: there are no options. */
    public static LogCosh fromConfig(Map<String, Object> config) {
        Configs.checkKeys("LogCosh", config);
        return new LogCosh();
    }
}
