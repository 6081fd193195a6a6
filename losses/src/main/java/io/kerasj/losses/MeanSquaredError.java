package io.kerasj.losses;

import io.kerasj.core.Configs;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * L = (1/m) Σ_i (1/k) Σ_j (y_ij − ŷ_ij)², Keras's "mse": the mean over outputs, then over the batch.
 * ∂L/∂ŷ = 2(ŷ − y)/(m k). Worked number: y = [[0, 1], [0, 0]], ŷ = [[1, 1], [1, 0]] gives 0.5.
 */
public final class MeanSquaredError implements Loss {

    @Override public String name() { return "mean_squared_error"; }

    @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
        return ops.meanSquaredError(yTrue.rank() == 1 ? yTrue.reshape(yTrue.length(), 1) : yTrue, yPred, grad);
    }

    @Override public void checkTargets(INDArray yTrue, int outputWidth) {
        boolean ok = yTrue.rank() == 2 ? yTrue.columns() == outputWidth : outputWidth == 1;
        if (!ok) {
            throw new IllegalArgumentException(name() + ": expected targets of shape [m, " + outputWidth
                    + "], got shape " + Arrays.toString(yTrue.shape()));
        }
    }

    @Override public String toString() { return "MeanSquaredError()"; }

    /** The loss {@link #config()} describes; absent keys take Keras's defaults. */
    public static MeanSquaredError fromConfig(Map<String, Object> config) {
        String type = "MeanSquaredError";
        Configs.checkKeys(type, config);
        return new MeanSquaredError();
    }
}
