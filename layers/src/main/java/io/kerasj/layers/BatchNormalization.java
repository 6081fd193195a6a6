package io.kerasj.layers;

import io.kerasj.core.Activation;
import io.kerasj.core.BaseLayer;
import io.kerasj.core.Configs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code BatchNormalization(axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True)} over the
 * features of vectors [m, n]:
 * <pre>
 * training:   μ = mean over the batch, σ² = biased variance over the batch (per feature)
 *             x̂ = (x − μ) / √(σ² + ε),   y = γ ⊙ x̂ + β
 *             moving_mean ← momentum·moving_mean + (1 − momentum)·μ, the same for moving_variance with σ²
 * inference:  y = γ ⊙ (x − moving_mean) / √(moving_variance + ε) + β
 * </pre>
 * Backward in training, for g = ∂L/∂y and ĝ = g ⊙ γ: ∂L/∂β = Σ_i g, ∂L/∂γ = Σ_i g ⊙ x̂, and
 * ∂L/∂x = (m·ĝ − Σ_i ĝ − x̂ ⊙ Σ_i ĝ ⊙ x̂) / (m·√(σ² + ε)).
 *
 * <p>Weights in Keras's order: gamma [n] (ones) and beta [n] (zeros), trainable; moving_mean [n] (zeros) and
 * moving_variance [n] (ones), non-trainable: saved and loaded with the others, changed only by training forward
 * passes. Without {@code center} there is no beta, without {@code scale} no gamma.
 */
public final class BatchNormalization extends BaseLayer {

    private final double momentum;
    private final double epsilon;
    private final boolean center;
    private final boolean scale;
    private int gamma = -1;
    private int beta = -1;
    private int movingMean;
    private int movingVariance;

    /**
     * The last forward pass's statistics and normalized input, for backward; scratch of one row and of x's shape; a row
     * of ones. Made at the first call (per batch size for x's shape) and reused: a step allocates nothing.
     */
    private INDArray inverseStd;
    private INDArray mean;
    private INDArray variance;
    private INDArray row;
    private INDArray unit;
    private INDArray sumG;
    private INDArray sumGx;
    private INDArray normalized;
    private INDArray work;
    private boolean training;

    /** Keras's defaults: momentum 0.99, epsilon 0.001, center and scale. */
    /** Training normalizes with the statistics of the whole batch: a batch is never split into chunks. */
    @Override public boolean rowsIndependent() {
        return false;
    }

    public BatchNormalization() {
        this(0.99, 1e-3, true, true);
    }

    /**
     * @param momentum of the moving statistics, in [0, 1]
     * @param epsilon  added to the variance, &gt; 0
     * @param center   whether to add a trainable offset beta
     * @param scale    whether to multiply by a trainable gamma
     */
    public BatchNormalization(double momentum, double epsilon, boolean center, boolean scale) {
        super("BatchNormalization", Activation.LINEAR);
        if (!(momentum >= 0 && momentum <= 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("BatchNormalization: momentum must be in [0, 1] and epsilon > 0. "
                    + "Received: momentum=" + momentum + ", epsilon=" + epsilon);
        }
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.center = center;
        this.scale = scale;
    }

    public BatchNormalization named(String name) {
        setName(name);
        return this;
    }

    @Override public BatchNormalization inputShape(long... shape) {
        super.inputShape(shape);
        return this;
    }

    @Override protected long[] build(long[] inputShape) {
        if (inputShape.length != 1) {
            throw new IllegalArgumentException("BatchNormalization \"" + name() + "\": expected inputs of shape "
                    + "(None, features), got " + shapeText(inputShape) + "; put a Flatten layer before it");
        }
        long[] features = {inputShape[0]};
        if (scale) {
            gamma = addWeight("gamma", features, true);
        }
        if (center) {
            beta = addWeight("beta", features, true);
        }
        movingMean = addWeight("moving_mean", features, false);
        movingVariance = addWeight("moving_variance", features, false);
        return inputShape;
    }

    @Override public void initialize(Random random) {
        if (scale) {
            weight(gamma).assign(1);
        }
        if (center) {
            weight(beta).assign(0);
        }
        weight(movingMean).assign(0);
        weight(movingVariance).assign(1);
    }

    @Override protected void call(INDArray x, INDArray z, boolean training) {
        this.training = training;
        long m = x.size(0);
        if (mean == null) {
            mean = weight(movingMean).ulike();
            variance = mean.ulike();
            inverseStd = mean.ulike();
            row = mean.ulike();
            sumG = mean.ulike();
            sumGx = mean.ulike();
            unit = mean.ulike();
            double[] ones = new double[(int) unit.length()];
            Arrays.fill(ones, 1.0);
            ops().write(ones, unit);
        }
        if (normalized == null || normalized.size(0) != m) {
            normalized = x.ulike();
            work = x.ulike();
        }
        if (training) {
            // μ and the biased σ² of this batch, and the moving statistics moved towards them.
            ops().sumRows(x, mean);
            ops().scale(mean, 1.0 / m, mean);
            ops().scale(mean, -1, row);
            ops().addRowVector(x, row, work);
            ops().square(work, normalized);
            ops().sumRows(normalized, variance);
            ops().scale(variance, 1.0 / m, variance);
            blend(weight(movingMean), mean);
            blend(weight(movingVariance), variance);
        } else {
            ops().copy(weight(movingMean), mean);
            ops().copy(weight(movingVariance), variance);
            ops().scale(mean, -1, row);
            ops().addRowVector(x, row, work);
        }
        // 1 / √(σ² + ε), then x̂ = (x − μ) ⊙ that, then γ ⊙ x̂ + β.
        ops().addScalar(variance, epsilon, inverseStd);
        ops().sqrt(inverseStd, inverseStd);
        ops().div(unit, inverseStd, inverseStd);
        ops().mulRowVector(work, inverseStd, normalized);
        if (scale) {
            ops().mulRowVector(normalized, weight(gamma), z);
        } else {
            ops().copy(normalized, z);
        }
        if (center) {
            ops().addRowVector(z, weight(beta), z);
        }
    }

    /** moving ← momentum·moving + (1 − momentum)·batch. */
    private void blend(INDArray moving, INDArray batch) {
        ops().scale(moving, momentum, moving);
        ops().scale(batch, 1 - momentum, row);
        ops().add(moving, row, moving);
    }

    @Override protected void backward(INDArray x, INDArray gradZ, INDArray gradX) {
        long m = x.size(0);
        if (center) {
            ops().sumRows(gradZ, gradient(beta));
        }
        if (scale) {
            ops().mul(gradZ, normalized, work);
            ops().sumRows(work, gradient(gamma));
        }
        if (gradX == null) {
            return;
        }
        // ĝ = g ⊙ γ, in gradX for now.
        if (scale) {
            ops().mulRowVector(gradZ, weight(gamma), gradX);
        } else {
            ops().copy(gradZ, gradX);
        }
        if (!training) {
            // Inference: the statistics are constants, ∂L/∂x = ĝ / √(moving_variance + ε).
            ops().mulRowVector(gradX, inverseStd, gradX);
            return;
        }
        // (m·ĝ − Σ_i ĝ − x̂ ⊙ Σ_i ĝ ⊙ x̂) · 1/(m·√(σ² + ε)).
        ops().sumRows(gradX, sumG);
        ops().mul(gradX, normalized, work);
        ops().sumRows(work, sumGx);
        ops().mulRowVector(normalized, sumGx, work);
        ops().scale(gradX, m, gradX);
        ops().sub(gradX, work, gradX);
        ops().scale(sumG, -1, sumG);
        ops().addRowVector(gradX, sumG, gradX);
        ops().scale(inverseStd, 1.0 / m, row);
        ops().mulRowVector(gradX, row, gradX);
    }

    @Override public String toString() {
        return "BatchNormalization(" + (name() == null ? "" : "name=" + name() + ", ") + "momentum=" + momentum
                + ", epsilon=" + epsilon + ", center=" + center + ", scale=" + scale + ")";
    }

    /** {@code name}, {@code axis} (−1), {@code momentum}, {@code epsilon}, {@code center}, {@code scale}. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name());
        config.put("axis", -1);
        config.put("momentum", momentum);
        config.put("epsilon", epsilon);
        config.put("center", center);
        config.put("scale", scale);
        return config;
    }

    /** The layer {@link #config()} describes; {@code axis} must be −1 (or the last axis, 1). */
    public static BatchNormalization fromConfig(Map<String, Object> config) {
        String type = "BatchNormalization";
        Configs.checkKeys(type, config, "name", "axis", "momentum", "epsilon", "center", "scale");
        Object axis = config.get("axis");
        if (axis != null && !(axis instanceof Number n && (n.intValue() == -1 || n.intValue() == 1))) {
            throw new IllegalArgumentException(type + ": only the last axis is supported. Received: axis=" + axis);
        }
        BatchNormalization layer = new BatchNormalization(Configs.number(type, config, "momentum", 0.99),
                Configs.number(type, config, "epsilon", 1e-3), Configs.bool(type, config, "center", true),
                Configs.bool(type, config, "scale", true));
        String name = Configs.string(type, config, "name", null);
        if (name != null) {
            layer.named(name);
        }
        return layer;
    }
}
