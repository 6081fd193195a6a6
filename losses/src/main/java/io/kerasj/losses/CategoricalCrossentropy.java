package io.kerasj.losses;

import io.kerasj.core.Activation;
import io.kerasj.core.Configs;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Cross-entropy between one-hot targets t [m, k] and predictions [m, k], averaged over the batch:
 * L = −(1/m) Σ_i Σ_c t_ic log y_ic.
 *
 * <ul>
 *   <li>{@code fromLogits = false} (default): predictions are probabilities. As Keras, each row is first
 *   divided by its sum and then clipped to [1e-7, 1 − 1e-7], so log never sees 0.</li>
 *   <li>{@code fromLogits = true}: predictions are logits z, and log y = log_softmax(z) = z − max − log Σ e^{z − max},
 *   exact at any magnitude (no clipping, no overflow); ∂L/∂z = (softmax(z) − t)/m.</li>
 *   <li>{@code labelSmoothing} = 0 (default): targets become t(1 − s) + s/k.</li>
 * </ul>
 *
 * <p>A model whose output layer applies softmax trains with the logits form automatically (see
 * {@link io.kerasj.core.Objective}). Worked number (Keras's docs): t = [[0, 1, 0], [0, 0, 1]],
 * y = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] gives L = (−log 0.95 − log 0.1)/2 = 1.177.
 */
public final class CategoricalCrossentropy implements Loss {

    /** Keras's {@code backend.epsilon()}: the clipping margin for probabilities. */
    static final double EPSILON = 1e-7;

    private final boolean fromLogits;
    private final double labelSmoothing;

    /** On probabilities, without label smoothing. */
    public CategoricalCrossentropy() {
        this(false, 0.0);
    }

    public CategoricalCrossentropy(boolean fromLogits) {
        this(fromLogits, 0.0);
    }

    /**
     * @param fromLogits     whether predictions are logits rather than probabilities
     * @param labelSmoothing in [0, 1]
     */
    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("CategoricalCrossentropy: labelSmoothing must be in [0, 1]. Received: "
                    + "labelSmoothing=" + labelSmoothing);
        }
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
    }

    @Override public String name() { return "categorical_crossentropy"; }

    @Override public boolean fromLogits() { return fromLogits; }

    public double labelSmoothing() { return labelSmoothing; }

    @Override public Activation link() { return Activation.SOFTMAX; }

    @Override public Loss onLogits() { return new CategoricalCrossentropy(true, labelSmoothing); }

    @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
        return run(ops, yTrue, false, yPred, grad, null);
    }

    /** In one pass: softmax(z), which the loss computes anyway, is written out as it goes. */
    @Override public double computeWithOutput(Ops ops, INDArray yTrue, INDArray logits, INDArray grad,
            INDArray output) {
        return run(ops, yTrue, false, logits, grad, output);
    }

    /**
     * As the public methods, with one class id per row as the targets: what {@link SparseCategoricalCrossentropy}
     * computes, without writing out a one-hot copy of the ids.
     */
    double runOnIds(Ops ops, INDArray ids, INDArray yPred, INDArray grad, INDArray output) {
        return run(ops, ids, true, yPred, grad, output);
    }

    /**
     * The mean loss, ∂L/∂yPred written into {@code grad} unless it is null, and, for logits, softmax(yPred) into
     * {@code output} unless it is null; the targets are one-hot rows, or one class id per row when {@code ids}.
     */
    private double run(Ops ops, INDArray targets, boolean ids, INDArray yPred, INDArray grad, INDArray output) {
        if (output != null && !fromLogits) {
            throw new IllegalStateException(name() + ": only the logits form computes the softmax output");
        }
        INDArray t = ids && targets.rank() == 1 ? targets.reshape(targets.length(), 1) : targets;
        double smoothing = ids ? 0.0 : labelSmoothing;
        return fromLogits ? ops.softmaxCrossEntropy(t, ids, smoothing, yPred, grad, output)
                : ops.categoricalCrossEntropy(t, ids, smoothing, yPred, EPSILON, grad);
    }

    /**
     * One-hot (or probability) rows of the output's width, with values in [0, 1]: a −1/+1 encoding would make the
     * cross-entropy negative without a word.
     */
    @Override public void checkTargets(INDArray yTrue, int outputWidth) {
        if (yTrue.rank() != 2 || yTrue.columns() != outputWidth) {
            String hint = (yTrue.rank() == 1 || yTrue.columns() == 1) && outputWidth > 1
                    ? " They look like integer class ids: use SparseCategoricalCrossentropy, or one-hot encode them "
                    + "with Utils.toCategorical(labels, " + outputWidth + ")."
                    : "";
            throw new IllegalArgumentException(name() + ": expected one-hot targets of shape [m, " + outputWidth
                    + "], got shape " + Arrays.toString(yTrue.shape()) + "." + hint);
        }
        double min = yTrue.minNumber().doubleValue();
        double max = yTrue.maxNumber().doubleValue();
        if (min < 0 || max > 1) {
            throw new IllegalArgumentException(name() + ": targets must be probabilities in [0, 1] (one-hot rows); got "
                    + "values from " + min + " to " + max + "." + (min == -1 && max == 1
                    ? " For −1/+1 labels, one-hot encode the class ids with Utils.toCategorical instead." : ""));
        }
    }

    @Override public String toString() {
        return "CategoricalCrossentropy(fromLogits=" + fromLogits + ", labelSmoothing=" + labelSmoothing + ")";
    }

    /** {@code from_logits}, {@code label_smoothing}, by Keras's keys. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("from_logits", fromLogits);
        config.put("label_smoothing", labelSmoothing);
        return config;
    }

    /** The loss {@link #config()} describes; absent keys take Keras's defaults. */
    public static CategoricalCrossentropy fromConfig(Map<String, Object> config) {
        String type = "CategoricalCrossentropy";
        Configs.checkKeys(type, config, "from_logits", "label_smoothing");
        return new CategoricalCrossentropy(Configs.bool(type, config, "from_logits", false),
                Configs.number(type, config, "label_smoothing", 0.0));
    }
}
