package io.kerasj.layers;

import io.kerasj.core.Activation;
import io.kerasj.core.BaseLayer;
import io.kerasj.core.Configs;
import io.kerasj.data.Dataset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code Normalization(axis=-1)}: each feature of vectors [m, n] shifted and scaled by statistics learnt
 * once, before training, with {@link #adapt(INDArray)}:
 * <pre>
 * y = (x − mean) / max(√variance, ε),   ε = 1e-7 (Keras's backend epsilon)
 * </pre>
 * mean and variance (the population variance, over the rows given to {@code adapt}) are non-trainable weights:
 * saved and loaded with the model, never trained. ∂L/∂x = ∂L/∂y / max(√variance, ε).
 *
 * <pre>{@code
 * Normalization norm = new Normalization();
 * norm.adapt(xTrain);                               // as Keras's layer.adapt(x_train)
 * Sequential model = new Sequential(norm, new Dense(16, Activation.RELU), new Dense(1));
 * }</pre>
 */
public final class Normalization extends BaseLayer {

    /** Keras's {@code backend.epsilon()}: the smallest standard deviation divided by. */
    static final double EPSILON = 1e-7;

    private double[] mean;
    private double[] variance;
    /** Scratch of one row, made at the first call: a step allocates nothing. */
    private INDArray row;
    private INDArray unit;
    private INDArray inverseStd;

    /** Statistics to come from {@link #adapt(INDArray)}. */
    public Normalization() {
        super("Normalization", Activation.LINEAR);
    }

    /** With known statistics, as Keras's {@code Normalization(mean=..., variance=...)}. */
    public Normalization(double[] mean, double[] variance) {
        this();
        set(mean, variance);
    }

    /**
     * Learns each feature's mean and population variance from {@code data} [m, n], as Keras's {@code adapt}. May be
     * called before the model is built (the statistics are written into its weights then) or after.
     */
    public Normalization adapt(INDArray data) {
        if (data == null || data.rank() != 2 || data.size(0) == 0) {
            throw new IllegalArgumentException("Normalization" + (name() == null ? "" : " \"" + name() + "\"")
                    + ": adapt expects data of shape [samples, features] with at least one sample, got "
                    + (data == null ? "null" : Arrays.toString(data.shape())));
        }
        INDArray wide = data.castTo(DataType.DOUBLE);
        double[] mu = wide.mean(0).toDoubleVector();
        double[] var = wide.sub(wide.mean(true, 0)).muli(wide.sub(wide.mean(true, 0))).mean(0).toDoubleVector();
        set(mu, var);
        return this;
    }

    /**
     * Learns each feature's mean and population variance in one pass over a {@link Dataset}'s features (targets, if
     * any, are not read), as Keras's {@code adapt(dataset)}: for data that does not fit in memory. The statistics
     * are those of {@link #adapt(INDArray)} on the same rows. Each batch's mean and sum of squared deviations are
     * computed in float64 and merged into the running ones with Chan et al.'s update, which, unlike Σx² − (Σx)²/n,
     * keeps its precision when the mean is large against the spread:
     * <pre>
     * δ = mean_b − mean_a,  n = n_a + n_b,  mean = mean_a + δ·n_b/n,  M2 = M2_a + M2_b + δ²·n_a·n_b/n
     * </pre>
     */
    public Normalization adapt(Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException(who() + ": adapt expects a dataset, got null");
        }
        if (data.cardinality() == Dataset.INFINITE) {
            throw new IllegalArgumentException(who() + ": adapt reads one whole pass, but the dataset repeats without end");
        }
        long n = 0;
        double[] mu = null;
        double[] m2 = null;
        try (Dataset.Cursor cursor = data.open(DataType.DOUBLE, 0, 0)) {
            while (cursor.hasNext()) {
                INDArray x = cursor.next().x();
                if (x.rank() != 2) {
                    throw new IllegalArgumentException(who() + ": adapt expects batches of shape [samples, features], "
                            + "got " + Arrays.toString(x.shape()));
                }
                double[][] rows = x.toDoubleMatrix();
                if (mu == null) {
                    mu = new double[rows[0].length];
                    m2 = new double[rows[0].length];
                } else if (rows[0].length != mu.length) {
                    throw new IllegalArgumentException(who() + ": adapt got a batch of " + rows[0].length
                            + " features after batches of " + mu.length);
                }
                long nb = rows.length;
                for (int j = 0; j < mu.length; j++) {
                    double sum = 0;
                    for (double[] row : rows) {
                        sum += row[j];
                    }
                    double meanB = sum / nb;
                    double m2B = 0;
                    for (double[] row : rows) {
                        double d = row[j] - meanB;
                        m2B += d * d;
                    }
                    double delta = meanB - mu[j];
                    double total = n + nb;
                    mu[j] += delta * nb / total;
                    m2[j] += m2B + delta * delta * ((double) n * nb / total);
                }
                n += nb;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException(who() + ": adapt got an empty dataset; it needs at least one sample");
        }
        double[] var = new double[mu.length];
        for (int j = 0; j < var.length; j++) {
            var[j] = m2[j] / n;
        }
        set(mu, var);
        return this;
    }

    private String who() {
        return "Normalization" + (name() == null ? "" : " \"" + name() + "\"");
    }

    private void set(double[] mu, double[] var) {
        if (mu == null || var == null || mu.length != var.length || mu.length == 0) {
            throw new IllegalArgumentException("Normalization: mean and variance must be non-empty and of one length. "
                    + "Received: " + (mu == null ? "null" : mu.length) + " and " + (var == null ? "null" : var.length));
        }
        for (int j = 0; j < mu.length; j++) {
            if (!Double.isFinite(mu[j]) || !(var[j] >= 0) || Double.isInfinite(var[j])) {
                throw new IllegalArgumentException("Normalization: feature " + j + " has mean " + mu[j]
                        + " and variance " + var[j] + "; both must be finite, the variance >= 0");
            }
        }
        long[] declared = inputShape();
        if (declared != null && declared[0] != mu.length) {
            throw new IllegalArgumentException("Normalization \"" + name() + "\": built for " + declared[0]
                    + " features, adapted to " + mu.length);
        }
        mean = mu.clone();
        variance = var.clone();
        if (weight(0) != null) {
            ops().write(mean, weight(0));
            ops().write(variance, weight(1));
        }
    }

    /** The mean and variance, as adapted or given (null before). */
    public List<double[]> statistics() {
        return mean == null ? null : List.of(mean.clone(), variance.clone());
    }

    public Normalization named(String name) {
        setName(name);
        return this;
    }

    @Override protected long[] build(long[] inputShape) {
        if (inputShape.length != 1) {
            throw new IllegalArgumentException("Normalization \"" + name() + "\": expected inputs of shape "
                    + "(None, features), got " + shapeText(inputShape) + "; put a Flatten layer before it");
        }
        if (mean != null && mean.length != inputShape[0]) {
            throw new IllegalArgumentException("Normalization \"" + name() + "\": adapted to " + mean.length
                    + " features, but its inputs have " + inputShape[0]);
        }
        addWeight("mean", inputShape, false);
        addWeight("variance", inputShape, false);
        return inputShape;
    }

    /** Writes the adapted statistics; without them, a mean of 0 and a variance of 1 until loaded or adapted. */
    @Override public void initialize(Random random) {
        if (mean != null) {
            ops().write(mean, weight(0));
            ops().write(variance, weight(1));
        } else {
            weight(0).assign(0);
            weight(1).assign(1);
        }
    }

    @Override protected void call(INDArray x, INDArray z, boolean training) {
        if (row == null) {
            row = weight(0).ulike();
            inverseStd = row.ulike();
            unit = row.ulike();
            double[] ones = new double[(int) unit.length()];
            Arrays.fill(ones, 1.0);
            ops().write(ones, unit);
        }
        // 1 / max(√variance, ε), then (x − mean) ⊙ that.
        ops().sqrt(weight(1), inverseStd);
        ops().clip(inverseStd, EPSILON, Double.MAX_VALUE, inverseStd);
        ops().div(unit, inverseStd, inverseStd);
        ops().scale(weight(0), -1, row);
        ops().addRowVector(x, row, z);
        ops().mulRowVector(z, inverseStd, z);
    }

    @Override protected void backward(INDArray x, INDArray gradZ, INDArray gradX) {
        if (gradX != null) {
            ops().mulRowVector(gradZ, inverseStd, gradX);
        }
    }

    @Override public String toString() {
        return "Normalization(" + (name() == null ? "" : "name=" + name()) + ")";
    }

    /** {@code name} and {@code axis} (−1): the statistics are weights, saved with the others. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name());
        config.put("axis", -1);
        return config;
    }

    /** The layer {@link #config()} describes, its statistics to come from the saved weights. */
    public static Normalization fromConfig(Map<String, Object> config) {
        Configs.checkKeys("Normalization", config, "name", "axis");
        Object axis = config.get("axis");
        if (axis != null && !(axis instanceof Number n && (n.intValue() == -1 || n.intValue() == 1))) {
            throw new IllegalArgumentException("Normalization: only the last axis is supported. Received: axis=" + axis);
        }
        Normalization layer = new Normalization();
        String name = Configs.string("Normalization", config, "name", null);
        if (name != null) {
            layer.named(name);
        }
        return layer;
    }
}
