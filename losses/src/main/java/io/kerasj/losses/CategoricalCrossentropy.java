package io.kerasj.losses;

import io.kerasj.core.Activation;
import io.kerasj.core.Configs;
import io.kerasj.core.Loss;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

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

    @Override public double compute(INDArray yTrue, INDArray yPred) {
        INDArray t = smoothed(yTrue, yPred.columns());
        INDArray logY = fromLogits ? logSoftmax(yPred) : Transforms.log(clippedProbabilities(yPred), false);
        return -t.mul(logY).sumNumber().doubleValue() / yPred.rows();
    }

    @Override public void gradient(INDArray yTrue, INDArray yPred, INDArray grad) {
        INDArray t = smoothed(yTrue, yPred.columns());
        double m = yPred.rows();
        if (fromLogits) {
            // ∂L/∂z = (softmax(z) Σ_c t_c − t)/m; Σ_c t_c = 1 for one-hot or smoothed targets.
            INDArray softmax = Transforms.exp(logSoftmax(yPred), false);
            grad.assign(softmax.muliColumnVector(t.sum(1))).subi(t).divi(m);
            return;
        }
        // q = p / S (S = row sum), L = −Σ t log clip(q). ∂L/∂p_k = (Σ_c t_c [c unclipped] − t_k/q_k [k unclipped]) / S,
        // divided by m; clip's derivative is 0 where it is active, as in TensorFlow.
        INDArray rowSum = yPred.sum(1);
        INDArray q = yPred.divColumnVector(rowSum);
        INDArray inside = q.gt(EPSILON).castTo(q.dataType()).muli(q.lt(1 - EPSILON).castTo(q.dataType()));
        INDArray tInside = t.mul(inside);
        INDArray perRow = tInside.sum(1);
        grad.assign(tInside.divi(Transforms.max(q, EPSILON, true)).negi().addiColumnVector(perRow).diviColumnVector(rowSum).divi(m));
    }

    /** log_softmax(z) = z − max − log Σ e^{z − max}: every exponent ≤ 0, so nothing overflows. */
    static INDArray logSoftmax(INDArray z) {
        INDArray shifted = z.subColumnVector(z.max(1));
        INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(1), false);
        return shifted.subiColumnVector(logSum);
    }

    /** Keras's treatment of probabilities: renormalise each row, then clip to [ε, 1 − ε]. */
    private static INDArray clippedProbabilities(INDArray p) {
        INDArray q = p.divColumnVector(p.sum(1));
        Transforms.max(q, EPSILON, false);
        return Transforms.min(q, 1 - EPSILON, false);
    }

    private INDArray smoothed(INDArray yTrue, long k) {
        INDArray t = yTrue.castTo(yTrue.dataType());
        if (labelSmoothing == 0) {
            return t;
        }
        return t.mul(1 - labelSmoothing).addi(labelSmoothing / k);
    }

    @Override public void checkTargets(INDArray yTrue, int outputWidth) {
        if (yTrue.rank() != 2 || yTrue.columns() != outputWidth) {
            String hint = (yTrue.rank() == 1 || yTrue.columns() == 1) && outputWidth > 1
                    ? " They look like integer class ids: use SparseCategoricalCrossentropy, or one-hot encode them "
                    + "with Utils.toCategorical(labels, " + outputWidth + ")."
                    : "";
            throw new IllegalArgumentException(name() + ": expected one-hot targets of shape [m, " + outputWidth
                    + "], got shape " + Arrays.toString(yTrue.shape()) + "." + hint);
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
