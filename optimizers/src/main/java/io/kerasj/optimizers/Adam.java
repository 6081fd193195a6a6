package io.kerasj.optimizers;

import io.kerasj.core.BaseOptimizer;
import io.kerasj.core.Configs;
import io.kerasj.core.LearningRateSchedule;
import io.kerasj.ops.Ops;
import io.kerasj.ops.Slots;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam (Kingma and Ba, 2015) with Keras's update rule, for step t = 1, 2, …:
 * <pre>
 * m ← β1·m + (1 − β1)·g
 * v ← β2·v + (1 − β2)·g²
 * α_t = lr·√(1 − β2^t) / (1 − β1^t)
 * θ ← θ − α_t·m / (√v + ε)          (amsgrad: v̂ ← max(v̂, v) in place of v)
 * </pre>
 * Defaults as Keras: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, amsgrad false.
 * The first step moves every weight with a nonzero gradient by about lr, whatever the gradient's scale.
 */
public final class Adam extends BaseOptimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final boolean amsgrad;
    /** m, v (and v̂ with amsgrad), made by the model's engine at the first step. */
    private Slots moments;
    /** A restored state, copied into the engine's slots at the next step. */
    private Map<String, INDArray> restored;
    /** The buffer the moments were last checked against: its length is not asked again step after step. */
    private INDArray sized;

    public Adam() {
        this(0.001);
    }

    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7, false);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public Adam(LearningRateSchedule learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7, false);
    }

    public Adam(double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
        this(learningRate, beta1, beta2, epsilon, amsgrad, 0.0, 0.0);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public Adam(LearningRateSchedule learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
        this(learningRate, beta1, beta2, epsilon, amsgrad, 0.0, 0.0);
    }

    /**
     * @param clipNorm  rescale each weight tensor's gradient to at most this norm (0 = off)
     * @param clipValue clip each gradient element to [−clipValue, clipValue] (0 = off); not with clipNorm
     */
    public Adam(double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad,
                double clipNorm, double clipValue) {
        this(learningRate, beta1, beta2, epsilon, amsgrad, 0.0, clipNorm, clipValue);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public Adam(LearningRateSchedule learningRate, double beta1, double beta2, double epsilon, boolean amsgrad,
                double clipNorm, double clipValue) {
        this(learningRate, beta1, beta2, epsilon, amsgrad, 0.0, clipNorm, clipValue);
    }

    /** With a constant learning rate &gt; 0. */
    public Adam(double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad,
                double weightDecay, double clipNorm, double clipValue) {
        this(constant(learningRate), beta1, beta2, epsilon, amsgrad, weightDecay, clipNorm, clipValue);
    }

    /**
     * @param weightDecay decoupled weight decay, θ ← θ − lr·wd·θ before each update (0 = off; {@link AdamW} is
     *                    Adam with a default of 0.004)
     * @param clipNorm    rescale each weight tensor's gradient to at most this norm (0 = off)
     * @param clipValue   clip each gradient element to [−clipValue, clipValue] (0 = off); not with clipNorm
     */
    public Adam(LearningRateSchedule learningRate, double beta1, double beta2, double epsilon, boolean amsgrad,
                double weightDecay, double clipNorm, double clipValue) {
        super(learningRate, weightDecay, clipNorm, clipValue);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam: beta1 and beta2 must be in [0, 1). Received: beta1=" + beta1
                    + ", beta2=" + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adam: epsilon must be > 0. Received: epsilon=" + epsilon);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.amsgrad = amsgrad;
    }

    @Override public String name() { return "adam"; }

    public double beta1() { return beta1; }

    public double beta2() { return beta2; }

    public double epsilon() { return epsilon; }

    public boolean amsgrad() { return amsgrad; }

    @Override protected void update(Ops ops, INDArray values, INDArray gradients, long t) {
        update(ops, values, gradients, t, learningRate());
    }

    /** The update of step t at the rate {@code learningRate}, which {@link AdamW} passes in. */
    void update(Ops ops, INDArray values, INDArray gradients, long t, double learningRate) {
        if (moments == null || (values != sized && moments.size() != values.length())) {
            moments = ops.slots(amsgrad ? 3 : 2, values.length(), values.dataType());
            if (restored != null) {
                for (int i = 0; i < moments.count(); i++) {
                    moments.set(i, restored.get(NAMES.get(i)));
                }
                restored = null;
            }
        }
        sized = values;
        double alpha = learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        ops.adam(values, gradients, moments, alpha, beta1, beta2, epsilon, amsgrad);
    }

    /** The names of the state arrays, in the order of the slots. */
    private static final List<String> NAMES = List.of("m", "v", "v_hat");

    @Override public String toString() {
        return "Adam(learningRate=" + learningRate() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon="
                + epsilon + ", amsgrad=" + amsgrad + ")";
    }

    /** {@link BaseOptimizer#config()} plus {@code beta_1}, {@code beta_2}, {@code epsilon}, {@code amsgrad}. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = super.config();
        config.put("beta_1", beta1);
        config.put("beta_2", beta2);
        config.put("epsilon", epsilon);
        config.put("amsgrad", amsgrad);
        return config;
    }

    /** The optimizer {@link #config()} describes; absent keys take Keras's defaults. */
    public static Adam fromConfig(Map<String, Object> config) {
        String type = "Adam";
        Configs.checkKeys(type, config, "learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad", "weight_decay",
                "clipnorm", "clipvalue");
        return new Adam(learningRate(type, config, 0.001),
                Configs.number(type, config, "beta_1", 0.9),
                Configs.number(type, config, "beta_2", 0.999),
                Configs.number(type, config, "epsilon", 1e-7),
                Configs.bool(type, config, "amsgrad", false),
                Configs.number(type, config, "weight_decay", 0.0),
                Configs.number(type, config, "clipnorm", 0.0),
                Configs.number(type, config, "clipvalue", 0.0));
    }

    /** "m" and "v" (and "v_hat" with amsgrad), in the model's type, once the first step has allocated them. */
    @Override public Map<String, INDArray> state() {
        if (restored != null) {
            return new LinkedHashMap<>(restored);
        }
        Map<String, INDArray> state = new LinkedHashMap<>();
        if (moments != null) {
            for (int i = 0; i < moments.count(); i++) {
                state.put(NAMES.get(i), moments.get(i));
            }
        }
        return state;
    }

    @Override protected void restoreState(Map<String, INDArray> state) {
        moments = null;
        sized = null;
        restored = null;
        if (state.isEmpty()) {
            return;
        }
        if (amsgrad) {
            checkState("Adam", state, "m", "v", "v_hat");
        } else {
            checkState("Adam", state, "m", "v");
        }
        restored = new LinkedHashMap<>(state);
    }
}
