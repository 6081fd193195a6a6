package io.kerasj.metrics;

import io.kerasj.core.Configs;
import io.kerasj.core.Metric;
import io.kerasj.engine.Backends;
import io.kerasj.ops.Ops;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code AUC}: the area under the ROC or precision-recall curve, estimated from the confusion counts at
 * {@code numThresholds} thresholds, as Keras places them: −ε, 1/(n−1), 2/(n−1), …, (n−2)/(n−1), 1 + ε (ε = 1e-7), so
 * that every prediction in [0, 1] passes the first and none the last. A prediction p passes threshold t when
 * p &gt; t; predictions are clipped to [0, 1], and a target counts as positive when nonzero. All outputs are
 * flattened into one binary problem (Keras's {@code multi_label=False}).
 *
 * <p>From the true/false positive/negative counts TP_i, FP_i, TN_i, FN_i at threshold i:
 * <pre>
 * ROC, "interpolation":  Σ_i (FPR_i − FPR_{i+1}) · (TPR_i + TPR_{i+1}) / 2     (the trapezoid rule)
 * PR, "interpolation":   Davis and Goadrich's interpolation, as Keras's interpolate_pr_auc: with P = TP + FP,
 *                        slope = ΔTP/ΔP, intercept = TP_{i+1} − slope·P_{i+1},
 *                        Σ_i slope·(ΔTP + intercept·ln(P_i/P_{i+1})) / (TP_{i+1} + FN_{i+1})
 * "minoring"/"majoring": the Riemann sum with the smaller/larger of the two heights
 * </pre>
 * with divisions by zero giving 0, as Keras's {@code divide_no_nan}. Defaults as Keras: 200 thresholds, "ROC",
 * "interpolation", logged as "auc". Outputs are read as probabilities: with logits, use a sigmoid output.
 */
public final class AUC implements Metric {

    /** Keras's {@code backend.epsilon()}, which places the end thresholds just outside [0, 1]. */
    private static final double EPSILON = 1e-7;

    private final int numThresholds;
    private final String curve;
    private final String summationMethod;
    private final String name;
    /** Counts per bucket of the batches seen, accumulated into counts per threshold by {@link #result()}. */
    private final double[] positives;
    private final double[] negatives;
    private long nanPredictions;

    /** Keras's {@code AUC()}: 200 thresholds, ROC, interpolation, logged as "auc". */
    public AUC() {
        this(200);
    }

    public AUC(int numThresholds) {
        this(numThresholds, "ROC");
    }

    /** @param curve "ROC" or "PR" (any case) */
    public AUC(int numThresholds, String curve) {
        this(numThresholds, curve, "interpolation", "auc");
    }

    /**
     * @param numThresholds   &gt; 1, Keras's {@code num_thresholds}
     * @param curve           "ROC" or "PR" (any case)
     * @param summationMethod "interpolation", "minoring" or "majoring" (any case)
     * @param name            the name it is logged under
     */
    public AUC(int numThresholds, String curve, String summationMethod, String name) {
        if (numThresholds <= 1) {
            throw new IllegalArgumentException("AUC: argument `num_thresholds` must be an integer > 1. Received: "
                    + "num_thresholds=" + numThresholds);
        }
        String c = curve == null ? "" : curve.toUpperCase(Locale.ROOT);
        if (!c.equals("ROC") && !c.equals("PR")) {
            throw new IllegalArgumentException("AUC: invalid curve \"" + curve + "\"; expected \"ROC\" or \"PR\"");
        }
        String s = summationMethod == null ? "" : summationMethod.toLowerCase(Locale.ROOT);
        if (!s.equals("interpolation") && !s.equals("minoring") && !s.equals("majoring")) {
            throw new IllegalArgumentException("AUC: invalid summation method \"" + summationMethod
                    + "\"; expected \"interpolation\", \"majoring\" or \"minoring\"");
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("AUC: name must not be empty");
        }
        this.numThresholds = numThresholds;
        this.curve = c;
        this.summationMethod = s;
        this.name = name;
        this.positives = new double[numThresholds];
        this.negatives = new double[numThresholds];
    }

    public int numThresholds() { return numThresholds; }

    /** "ROC" or "PR". */
    public String curve() { return curve; }

    /** "interpolation", "minoring" or "majoring". */
    public String summationMethod() { return summationMethod; }

    /** The thresholds, as Keras's {@code thresholds}: −ε, then i/(n−1) for i = 1 … n−2, then 1 + ε. */
    public double[] thresholds() {
        double[] t = new double[numThresholds];
        t[0] = 0.0 - EPSILON;
        for (int i = 1; i < numThresholds - 1; i++) {
            t[i] = (double) i / (numThresholds - 1);
        }
        t[numThresholds - 1] = 1.0 + EPSILON;
        return t;
    }

    @Override public String name() { return name; }

    @Override public String className() { return "AUC"; }

    /** {@code name}, {@code num_thresholds}, {@code curve}, {@code summation_method}: Keras's keys. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        config.put("num_thresholds", numThresholds);
        config.put("curve", curve);
        config.put("summation_method", summationMethod);
        return config;
    }

    /** The AUC a {@link #config()} describes; absent keys take Keras's defaults. */
    public static AUC fromConfig(Map<String, Object> config) {
        String type = "AUC";
        Configs.checkKeys(type, config, "name", "num_thresholds", "curve", "summation_method");
        return new AUC(Configs.integer(type, config, "num_thresholds", 200),
                Configs.string(type, config, "curve", "ROC"),
                Configs.string(type, config, "summation_method", "interpolation"),
                Configs.string(type, config, "name", "auc"));
    }

    @Override public boolean higherIsBetter() { return true; }

    @Override public void reset() {
        Arrays.fill(positives, 0);
        Arrays.fill(negatives, 0);
        nanPredictions = 0;
    }

    @Override public void update(INDArray yTrue, INDArray yPred) {
        update(Backends.standalone(), yTrue, yPred);
    }

    @Override public void update(Ops ops, INDArray yTrue, INDArray yPred) {
        PrecisionRecall.checkTargets(name, yTrue, yPred);
        nanPredictions += ops.thresholdBuckets(yPred, yTrue, positives, negatives);
    }

    /** The area; NaN once a NaN prediction was seen, 0 before any. */
    @Override public double result() {
        if (nanPredictions > 0) {
            return Double.NaN;
        }
        // Threshold i is passed by the predictions in buckets i and above: counts per threshold are suffix sums.
        int n = numThresholds;
        double[] tp = new double[n];
        double[] fp = new double[n];
        double after = 0;
        double afterNegative = 0;
        for (int i = n - 1; i >= 0; i--) {
            after += positives[i];
            afterNegative += negatives[i];
            tp[i] = after;
            fp[i] = afterNegative;
        }
        double totalPositive = tp[0];
        double totalNegative = fp[0];
        if (curve.equals("PR") && summationMethod.equals("interpolation")) {
            return interpolatedPrAuc(tp, fp, totalPositive);
        }
        double area = 0;
        for (int i = 0; i < n - 1; i++) {
            double x0;
            double x1;
            double y0;
            double y1;
            double recall0 = divideNoNan(tp[i], totalPositive);
            double recall1 = divideNoNan(tp[i + 1], totalPositive);
            if (curve.equals("ROC")) {
                x0 = divideNoNan(fp[i], totalNegative);
                x1 = divideNoNan(fp[i + 1], totalNegative);
                y0 = recall0;
                y1 = recall1;
            } else {
                x0 = recall0;
                x1 = recall1;
                y0 = divideNoNan(tp[i], tp[i] + fp[i]);
                y1 = divideNoNan(tp[i + 1], tp[i + 1] + fp[i + 1]);
            }
            double height = switch (summationMethod) {
                case "minoring" -> Math.min(y0, y1);
                case "majoring" -> Math.max(y0, y1);
                default -> (y0 + y1) / 2;
            };
            area += (x0 - x1) * height;
        }
        return area;
    }

    /** Keras's {@code interpolate_pr_auc}, term by term; TP + FN is the total of positives at every threshold. */
    private double interpolatedPrAuc(double[] tp, double[] fp, double totalPositive) {
        double area = 0;
        for (int i = 0; i < numThresholds - 1; i++) {
            double dtp = tp[i] - tp[i + 1];
            double p0 = tp[i] + fp[i];
            double p1 = tp[i + 1] + fp[i + 1];
            double slope = divideNoNan(dtp, Math.max(p0 - p1, 0));
            double intercept = tp[i + 1] - slope * p1;
            double ratio = p0 > 0 && p1 > 0 ? divideNoNan(p0, Math.max(p1, 0)) : 1.0;
            area += divideNoNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(totalPositive, 0));
        }
        return area;
    }

    /** a / b, or 0 when b is 0, as Keras's {@code divide_no_nan}. */
    private static double divideNoNan(double a, double b) {
        return b == 0 ? 0.0 : a / b;
    }

    @Override public String toString() {
        return "AUC(numThresholds=" + numThresholds + ", curve=" + curve + ", summationMethod=" + summationMethod
                + ", name=" + name + ")";
    }
}
