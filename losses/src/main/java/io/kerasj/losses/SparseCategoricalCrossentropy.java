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
 * Cross-entropy with integer class ids y ∈ {0, …, k−1}, shape [m] or [m, 1], against predictions [m, k]:
 * L = −(1/m) Σ_i log p_{i, y_i}. It is {@link CategoricalCrossentropy} on the one-hot encoding of the ids,
 * and is computed by it, reading the ids directly; {@code fromLogits} means the same.
 *
 * <p>Worked number (Keras's docs): ids [1, 2], y = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] gives L = 1.177.
 */
public final class SparseCategoricalCrossentropy implements Loss {

    private final boolean fromLogits;
    private final CategoricalCrossentropy categorical;

    /** On probabilities. */
    public SparseCategoricalCrossentropy() {
        this(false);
    }

    /** @param fromLogits whether predictions are logits rather than probabilities */
    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
        this.categorical = new CategoricalCrossentropy(fromLogits, 0.0);
    }

    @Override public String name() { return "sparse_categorical_crossentropy"; }

    @Override public boolean fromLogits() { return fromLogits; }

    @Override public Activation link() { return Activation.SOFTMAX; }

    @Override public Loss onLogits() { return new SparseCategoricalCrossentropy(true); }

    @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
        return categorical.runOnIds(ops, yTrue, yPred, grad, null);
    }

    /** In one pass, as {@link CategoricalCrossentropy#computeWithOutput}. */
    @Override public double computeWithOutput(Ops ops, INDArray yTrue, INDArray logits, INDArray grad,
            INDArray output) {
        return categorical.runOnIds(ops, yTrue, logits, grad, output);
    }

    /** Ids must be integers in [0, k): a one-hot matrix or 1-based labels are named, with the fix. */
    @Override public void checkTargets(INDArray yTrue, int outputWidth) {
        if (yTrue.rank() == 2 && yTrue.columns() != 1) {
            throw new IllegalArgumentException(name() + ": expected integer class ids of shape [m] or [m, 1], got "
                    + "shape " + Arrays.toString(yTrue.shape()) + ". These look like one-hot targets: use "
                    + "CategoricalCrossentropy for them, or pass the class ids.");
        }
        double[] ids = yTrue.reshape(yTrue.length()).toDoubleVector();
        double max = Arrays.stream(ids).max().orElse(0);
        for (int i = 0; i < ids.length; i++) {
            double v = ids[i];
            if (v != Math.rint(v)) {
                throw new IllegalArgumentException(name() + ": label at row " + i + " is " + v
                        + ", not an integer class id");
            }
            if (v < 0 || v >= outputWidth) {
                String hint = max == outputWidth
                        ? " The largest label equals the number of classes: labels must be 0-based (0 to "
                        + (outputWidth - 1) + "); subtract 1 from 1-based labels."
                        : "";
                throw new IllegalArgumentException(name() + ": label at row " + i + " is " + (long) v
                        + ", outside [0, " + outputWidth + ") for an output of width " + outputWidth + "." + hint);
            }
        }
    }

    @Override public String toString() {
        return "SparseCategoricalCrossentropy(fromLogits=" + fromLogits + ")";
    }

    /** {@code from_logits}, by Keras's keys. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("from_logits", fromLogits);
        return config;
    }

    /** The loss {@link #config()} describes; absent keys take Keras's defaults. */
    public static SparseCategoricalCrossentropy fromConfig(Map<String, Object> config) {
        String type = "SparseCategoricalCrossentropy";
        Configs.checkKeys(type, config, "from_logits");
        return new SparseCategoricalCrossentropy(Configs.bool(type, config, "from_logits", false));
    }
}
