package io.kerasj.optimizers;

import io.kerasj.core.BaseOptimizer;
import io.kerasj.core.Configs;
import io.kerasj.core.LearningRateSchedule;
import io.kerasj.ops.Ops;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * AdamW (Loshchilov and Hutter, 2019): {@link Adam} with decoupled weight decay, as Keras 3 defines it, for step
 * t = 1, 2, …:
 * <pre>
 * θ ← θ − lr·wd·θ                      (before the moments, on the weights alone)
 * m ← β1·m + (1 − β1)·g
 * v ← β2·v + (1 − β2)·g²
 * α_t = lr·√(1 − β2^t) / (1 − β1^t)
 * θ ← θ − α_t·m / (√v + ε)             (amsgrad: v̂ ← max(v̂, v) in place of v)
 * </pre>
 * Defaults as Keras: learningRate 0.001, weightDecay 0.004, beta1 0.9, beta2 0.999, epsilon 1e-7, amsgrad false.
 * Argument order as Keras's: the weight decay second.
 */
public final class AdamW extends BaseOptimizer {

    /** The Adam rule, without decay: this optimizer's {@link BaseOptimizer} applies the decay first. */
    private final Adam adam;

    public AdamW() {
        this(0.001);
    }

    public AdamW(double learningRate) {
        this(learningRate, 0.004);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public AdamW(LearningRateSchedule learningRate) {
        this(learningRate, 0.004);
    }

    public AdamW(double learningRate, double weightDecay) {
        this(learningRate, weightDecay, 0.9, 0.999, 1e-7, false);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public AdamW(LearningRateSchedule learningRate, double weightDecay) {
        this(learningRate, weightDecay, 0.9, 0.999, 1e-7, false);
    }

    public AdamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon,
                 boolean amsgrad) {
        this(learningRate, weightDecay, beta1, beta2, epsilon, amsgrad, 0.0, 0.0);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public AdamW(LearningRateSchedule learningRate, double weightDecay, double beta1, double beta2, double epsilon,
                 boolean amsgrad) {
        this(learningRate, weightDecay, beta1, beta2, epsilon, amsgrad, 0.0, 0.0);
    }

    /** With a constant learning rate &gt; 0. */
    public AdamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon,
                 boolean amsgrad, double clipNorm, double clipValue) {
        this(constant(learningRate), weightDecay, beta1, beta2, epsilon, amsgrad, clipNorm, clipValue);
    }

    /**
     * @param weightDecay >= 0: θ ← θ − lr·wd·θ before each update
     * @param clipNorm    rescale each weight tensor's gradient to at most this norm (0 = off)
     * @param clipValue   clip each gradient element to [−clipValue, clipValue] (0 = off); not with clipNorm
     */
    public AdamW(LearningRateSchedule learningRate, double weightDecay, double beta1, double beta2, double epsilon,
                 boolean amsgrad, double clipNorm, double clipValue) {
        super(learningRate, weightDecay, clipNorm, clipValue);
        try {
            // Its own rate is never read: this optimizer passes its current rate at every step.
            this.adam = new Adam(0.001, beta1, beta2, epsilon, amsgrad);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^Adam:", "AdamW:"), e);
        }
    }

    @Override public String name() { return "adamw"; }

    public double beta1() { return adam.beta1(); }

    public double beta2() { return adam.beta2(); }

    public double epsilon() { return adam.epsilon(); }

    public boolean amsgrad() { return adam.amsgrad(); }

    @Override protected void update(Ops ops, INDArray values, INDArray gradients, long t) {
        adam.update(ops, values, gradients, t, learningRate());
    }

    @Override public String toString() {
        return "AdamW(learningRate=" + learningRate() + ", weightDecay=" + weightDecay() + ", beta1=" + beta1()
                + ", beta2=" + beta2() + ", epsilon=" + epsilon() + ", amsgrad=" + amsgrad() + ")";
    }

    /**
     * {@link BaseOptimizer#config()} plus {@code beta_1}, {@code beta_2}, {@code epsilon}, {@code amsgrad};
     * {@code weight_decay} is always a number here, 0 included, since an absent one means 0.004.
     */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = super.config();
        config.put("weight_decay", weightDecay());
        config.put("beta_1", beta1());
        config.put("beta_2", beta2());
        config.put("epsilon", epsilon());
        config.put("amsgrad", amsgrad());
        return config;
    }

    /** The optimizer {@link #config()} describes; absent keys take Keras's defaults. */
    public static AdamW fromConfig(Map<String, Object> config) {
        String type = "AdamW";
        Configs.checkKeys(type, config, "learning_rate", "weight_decay", "beta_1", "beta_2", "epsilon", "amsgrad",
                "clipnorm", "clipvalue");
        return new AdamW(learningRate(type, config, 0.001),
                Configs.number(type, config, "weight_decay", 0.004),
                Configs.number(type, config, "beta_1", 0.9),
                Configs.number(type, config, "beta_2", 0.999),
                Configs.number(type, config, "epsilon", 1e-7),
                Configs.bool(type, config, "amsgrad", false),
                Configs.number(type, config, "clipnorm", 0.0),
                Configs.number(type, config, "clipvalue", 0.0));
    }

    /** "m" and "v" (and "v_hat" with amsgrad), as {@link Adam#state()}. */
    @Override public Map<String, INDArray> state() {
        return adam.state();
    }

    @Override protected void restoreState(Map<String, INDArray> state) {
        if (!state.isEmpty()) {
            if (amsgrad()) {
                checkState("AdamW", state, "m", "v", "v_hat");
            } else {
                checkState("AdamW", state, "m", "v");
            }
        }
        adam.setState(state, 0);   // the step count is this optimizer's; Adam's own stays unused
    }
}
