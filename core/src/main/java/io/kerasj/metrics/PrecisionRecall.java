package io.kerasj.metrics;

import io.kerasj.core.Configs;
import io.kerasj.core.Metric;
import io.kerasj.engine.Backends;
import io.kerasj.ops.Ops;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code Precision(thresholds=0.5)} and {@code Recall(thresholds=0.5)} for binary and multi-label outputs,
 * over every entry seen since {@link #reset()}: an entry is predicted positive when ŷ &gt; threshold, and is positive
 * when y &gt; 0. Precision = TP / (TP + FP), recall = TP / (TP + FN); 0 when nothing counts yet, as Keras's
 * {@code divide_no_nan}. Outputs are read as probabilities: with logits, use a sigmoid output (fused anyway).
 */
public final class PrecisionRecall implements Metric {

    private final String name;
    private final boolean precision;
    private final double threshold;
    private double truePositives;
    private double denominator;
    /** Masks of the last batch's shape, reused: a step allocates nothing. */
    private INDArray predicted;
    private INDArray actual;

    private PrecisionRecall(String name, boolean precision, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException(name + ": thresholds must be in [0, 1]. Received: thresholds="
                    + threshold);
        }
        this.name = name;
        this.precision = precision;
        this.threshold = threshold;
    }

    /** Keras's {@code Precision()}: threshold 0.5, logged as "precision". */
    public static PrecisionRecall precision() {
        return precision(0.5);
    }

    public static PrecisionRecall precision(double threshold) {
        return new PrecisionRecall("precision", true, threshold);
    }

    /** Keras's {@code Recall()}: threshold 0.5, logged as "recall". */
    public static PrecisionRecall recall() {
        return recall(0.5);
    }

    public static PrecisionRecall recall(double threshold) {
        return new PrecisionRecall("recall", false, threshold);
    }

    @Override public String name() { return name; }

    public double threshold() { return threshold; }

    /** Keras's class name: "Precision" or "Recall". */
    @Override public String className() { return precision ? "Precision" : "Recall"; }

    /** {@code name} and {@code thresholds}, Keras's keys. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        config.put("thresholds", threshold);
        return config;
    }

    /** The "Precision" or "Recall" a {@link #config()} describes; the threshold defaults to 0.5, as Keras. */
    public static PrecisionRecall fromConfig(String className, Map<String, Object> config) {
        Configs.checkKeys(className, config, "name", "thresholds");
        double threshold = Configs.number(className, config, "thresholds", 0.5);
        return "Precision".equals(className) ? precision(threshold) : recall(threshold);
    }

    @Override public void reset() {
        truePositives = 0;
        denominator = 0;
    }

    @Override public void update(INDArray yTrue, INDArray yPred) {
        update(Backends.standalone(), yTrue, yPred);
    }

    @Override public void update(Ops ops, INDArray yTrue, INDArray yPred) {
        checkTargets(name, yTrue, yPred);
        if (predicted == null || !Arrays.equals(predicted.shape(), yPred.shape())) {
            predicted = yPred.ulike();
            actual = yPred.ulike();
        }
        ops.greaterThan(yPred, threshold, predicted);
        ops.greaterThan(yTrue, 0, actual);
        // Predicted or actual positives, before the product turns the predicted mask into the true positives.
        denominator += ops.sum(precision ? predicted : actual);
        ops.mul(predicted, actual, predicted);
        truePositives += ops.sum(predicted);
    }

    /** The binary metrics' check: a 0/1 target per output. */
    static void checkTargets(String metric, INDArray yTrue, INDArray yPred) {
        if (yTrue.length() != yPred.length()) {
            throw new IllegalArgumentException(metric + ": expected targets of the predictions' shape "
                    + Arrays.toString(yPred.shape()) + " (0/1 per output), got " + Arrays.toString(yTrue.shape()));
        }
    }

    @Override public double result() {
        return denominator == 0 ? 0.0 : truePositives / denominator;
    }
}
