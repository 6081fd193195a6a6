package io.kerasj.losses;

import io.kerasj.core.Configs;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * L = (1/m) Σ_i (1/k) Σ_j |y_ij − ŷ_ij|, Keras's "mean_absolute_error" ("mae"): the mean over outputs, then over
 * the batch. Targets and predictions [m, k] (targets [m] for k = 1). No options.
 *
 * <p>∂L/∂ŷ = sign(ŷ − y)/(m k). At ŷ = y, where |x| has a kink, the gradient is 0: TensorFlow differentiates
 * |x| as sign(x), and sign(0) = 0.
 *
 * <p>Worked number (Keras's docs): y = [[0, 1], [0, 0]], ŷ = [[1, 1], [1, 0]] gives (1 + 0 + 1 + 0)/4 = 0.5.
 */
public final class MeanAbsoluteError implements Loss {

    public MeanAbsoluteError() {}

    @Override public String name() { return "mean_absolute_error"; }

    @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
        INDArray y = Targets.matching(yTrue);
        double n = yPred.length();
        INDArray error = yPred.ulike();
        ops.sub(yPred, y, error);
        if (grad != null) {
            ops.sign(error, grad);
            ops.scale(grad, 1 / n, grad);
        }
        ops.abs(error, error);
        return ops.sum(error) / n;
    }

    @Override public void checkTargets(INDArray yTrue, int outputWidth) {
        Targets.checkWidth(name(), yTrue, outputWidth);
    }

    @Override public String toString() { return "MeanAbsoluteError()"; }

    /** The loss {@link #config()} describes: there are no options. */
    public static MeanAbsoluteError fromConfig(Map<String, Object> config) {
        Configs.checkKeys("MeanAbsoluteError", config);
        return new MeanAbsoluteError();
    }
}
