package io.kerasj.losses;

import io.kerasj.core.Activation;
import io.kerasj.core.Configs;
import io.kerasj.core.Kernels;
import io.kerasj.core.Loss;
import java.util.Arrays;
import io.kerasj.core.Matrix;
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

    @Override public double compute(INDArray yTrue, INDArray yPred) {
        return run(yTrue, false, yPred, null, null);
    }

    @Override public void gradient(INDArray yTrue, INDArray yPred, INDArray grad) {
        run(yTrue, false, yPred, grad, null);
    }

    @Override public double computeWithGradient(INDArray yTrue, INDArray yPred, INDArray grad) {
        return run(yTrue, false, yPred, grad, null);
    }

    /** In one pass: softmax(z), which the loss computes anyway, is written out as it goes. */
    @Override public double computeWithGradientAndOutput(INDArray yTrue, INDArray logits, INDArray grad,
            INDArray output) {
        return run(yTrue, false, logits, grad, output);
    }

    /**
     * As the public methods, with one class id per row as the targets: what {@link SparseCategoricalCrossentropy}
     * computes, without writing out a one-hot copy of the ids.
     */
    double runOnIds(INDArray ids, INDArray yPred, INDArray grad, INDArray output) {
        return run(ids, true, yPred, grad, output);
    }

    /**
     * The mean loss, ∂L/∂yPred written into {@code grad} unless it is null, and, for logits, softmax(yPred) into
     * {@code output} unless it is null; the targets are one-hot rows, or one class id per row when {@code ids}.
     * Rows are worked on in heap blocks (see {@link Kernels#rows}); each row's gradient replaces its predictions
     * in the block.
     */
    private double run(INDArray targets, boolean ids, INDArray yPred, INDArray grad, INDArray output) {
        if (output != null && !fromLogits) {
            throw new IllegalStateException(name() + ": only the logits form computes the softmax output");
        }
        Matrix y = Matrix.of(yPred);
        int m = y.rows;
        int k = y.cols;
        boolean withGradient = grad != null;
        double total = Kernels.rows(y, Matrix.of(targets), withGradient ? Matrix.of(grad) : null,
                output == null ? null : Matrix.of(output), 4 * k, (p, t, softmax, rows, cols) -> {
                    double sum = 0;
                    for (int r = 0; r < rows; r++) {
                        if (ids && !(t[r] >= 0 && t[r] < k && t[r] == Math.rint(t[r]))) {
                            throw new IllegalArgumentException("sparse_categorical_crossentropy: label " + t[r]
                                    + " is not a class id in [0, " + k + ")");
                        }
                        sum += fromLogits ? logitsRow(p, t, softmax, r, k, m, ids, withGradient)
                                : probabilityRow(p, t, r, k, m, ids, withGradient);
                    }
                    return sum;
                });
        return total / m;
    }

    /**
     * One row of logits z: L = Σ_c t_c (log Σ e^{z − max} − (z_c − max)), and ∂L/∂z = (softmax(z)·Σ_c t_c − t)/m
     * (Σ_c t_c = 1 for one-hot or smoothed targets), which replaces z. Every exponent is ≤ 0, so nothing
     * overflows, and each exponential is computed once. When {@code softmax} is not null it receives softmax(z),
     * computed exactly as {@link Activation#SOFTMAX} computes it (e^{z − max} divided by the same sum).
     */
    private double logitsRow(double[] z, double[] t, double[] softmax, int r, int k, int m, boolean ids,
            boolean withGradient) {
        int row = r * k;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, z[row + c]);
        }
        double targetSum = 0;
        double targetDotShifted = 0;
        for (int c = 0; c < k; c++) {
            double tc = target(t, r, c, k, ids);
            targetSum += tc;
            targetDotShifted += tc * (z[row + c] - max);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            z[row + c] = Math.exp(z[row + c] - max);
            sum += z[row + c];
        }
        if (softmax != null) {
            for (int c = 0; c < k; c++) {
                softmax[row + c] = z[row + c] / sum;
            }
        }
        if (withGradient) {
            for (int c = 0; c < k; c++) {
                z[row + c] = (z[row + c] / sum * targetSum - target(t, r, c, k, ids)) / m;
            }
        }
        return targetSum * Math.log(sum) - targetDotShifted;
    }

    /**
     * One row of probabilities p: q = p/S (S = row sum), L = −Σ t log clip(q). ∂L/∂p_k =
     * (Σ_c t_c[c unclipped] − t_k/q_k [k unclipped])/S, divided by m, replaces p; clip's derivative is 0 where
     * it is active, as in TensorFlow.
     */
    private double probabilityRow(double[] p, double[] t, int r, int k, int m, boolean ids, boolean withGradient) {
        int row = r * k;
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += p[row + c];
        }
        double loss = 0;
        double inside = 0;
        for (int c = 0; c < k; c++) {
            double tc = target(t, r, c, k, ids);
            double q = p[row + c] / sum;
            if (tc != 0) {
                loss -= tc * Math.log(clip(q));
            }
            if (unclipped(q)) {
                inside += tc;
            }
        }
        if (withGradient) {
            for (int c = 0; c < k; c++) {
                double q = p[row + c] / sum;
                double own = unclipped(q) ? target(t, r, c, k, ids) / q : 0;
                p[row + c] = (inside - own) / sum / m;
            }
        }
        return loss;
    }

    /**
     * Target c of row r: 1 or 0 from the row's class id, or the row's (smoothed) one-hot value t(1 − s) + s/k.
     */
    private double target(double[] t, int r, int c, int k, boolean ids) {
        if (ids) {
            return c == (int) t[r] ? 1.0 : 0.0;
        }
        double value = t[r * k + c];
        return labelSmoothing == 0 ? value : value * (1 - labelSmoothing) + labelSmoothing / k;
    }

    /** Keras's treatment of probabilities: clip to [ε, 1 − ε] so log never sees 0. */
    static double clip(double p) {
        return Math.min(Math.max(p, EPSILON), 1 - EPSILON);
    }

    static boolean unclipped(double p) {
        return p > EPSILON && p < 1 - EPSILON;
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
