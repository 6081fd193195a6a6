package io.kerasj.losses;

import io.kerasj.core.Activation;
import io.kerasj.core.Configs;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Binary cross-entropy for targets t ∈ [0, 1] and predictions of the same shape [m, k]:
 * L = −(1/m) Σ_i (1/k) Σ_j [t log p + (1 − t) log(1 − p)].
 *
 * <ul>
 *   <li>{@code fromLogits = false} (default): p are probabilities, clipped to [1e-7, 1 − 1e-7] as Keras.</li>
 *   <li>{@code fromLogits = true}: p = sigmoid(z) is never formed; L uses max(z, 0) − z t + log(1 + e^{−|z|}),
 *   exact for any z; ∂L/∂z = (sigmoid(z) − t)/(m k).</li>
 *   <li>{@code labelSmoothing} = 0 (default): targets become t(1 − s) + s/2.</li>
 * </ul>
 * Worked number (Keras's docs): t = [[0, 1], [0, 0]], p = [[0.6, 0.4], [0.4, 0.6]] gives 0.815.
 */
public final class BinaryCrossentropy implements Loss {

    private final boolean fromLogits;
    private final double labelSmoothing;

    public BinaryCrossentropy() {
        this(false, 0.0);
    }

    public BinaryCrossentropy(boolean fromLogits) {
        this(fromLogits, 0.0);
    }

    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("BinaryCrossentropy: labelSmoothing must be in [0, 1]. Received: "
                    + "labelSmoothing=" + labelSmoothing);
        }
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
    }

    @Override public String name() { return "binary_crossentropy"; }

    @Override public boolean fromLogits() { return fromLogits; }

    public double labelSmoothing() { return labelSmoothing; }

    @Override public Activation link() { return Activation.SIGMOID; }

    @Override public Loss onLogits() { return new BinaryCrossentropy(true, labelSmoothing); }

    @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
        INDArray t = yTrue.rank() == 1 ? yTrue.reshape(yTrue.length(), 1) : yTrue;
        return fromLogits ? ops.sigmoidCrossEntropy(t, labelSmoothing, yPred, grad)
                : ops.binaryCrossEntropy(t, labelSmoothing, yPred, CategoricalCrossentropy.EPSILON, grad);
    }

    @Override public void checkTargets(INDArray yTrue, int outputWidth) {
        boolean shapeOk = yTrue.rank() == 2 ? yTrue.columns() == outputWidth : outputWidth == 1;
        if (!shapeOk) {
            throw new IllegalArgumentException(name() + ": expected targets of shape [m, " + outputWidth
                    + "], got shape " + Arrays.toString(yTrue.shape()));
        }
        if (BooleanIndexing.or(yTrue, Conditions.lessThan(0)) || BooleanIndexing.or(yTrue, Conditions.greaterThan(1))) {
            throw new IllegalArgumentException(name() + ": targets must lie in [0, 1]; got values from "
                    + yTrue.minNumber() + " to " + yTrue.maxNumber());
        }
    }

    @Override public String toString() {
        return "BinaryCrossentropy(fromLogits=" + fromLogits + ", labelSmoothing=" + labelSmoothing + ")";
    }

    /** {@code from_logits}, {@code label_smoothing}, by Keras's keys. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("from_logits", fromLogits);
        config.put("label_smoothing", labelSmoothing);
        return config;
    }

    /** The loss {@link #config()} describes; absent keys take Keras's defaults. */
    public static BinaryCrossentropy fromConfig(Map<String, Object> config) {
        String type = "BinaryCrossentropy";
        Configs.checkKeys(type, config, "from_logits", "label_smoothing");
        return new BinaryCrossentropy(Configs.bool(type, config, "from_logits", false),
                Configs.number(type, config, "label_smoothing", 0.0));
    }
}
