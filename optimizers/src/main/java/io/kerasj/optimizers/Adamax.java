package io.kerasj.optimizers;

import io.kerasj.core.BaseOptimizer;
import io.kerasj.core.Configs;
import io.kerasj.core.LearningRateSchedule;
import io.kerasj.ops.Ops;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adamax, Adam with the infinity norm (Kingma and Ba, 2015, section 7), with Keras 3's update rule, for step
 * t = 1, 2, …:
 * <pre>
 * m ← m + (1 − β1)·(g − m)
 * u ← max(β2·u, |g|)
 * θ ← θ − lr·m / ((1 − β1^t)·(u + ε))
 * </pre>
 * Defaults as Keras: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, no weight decay.
 */
public final class Adamax extends BaseOptimizer {

    private static final List<String> NAMES = List.of("momentum", "norm");

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    /** m and u; one scratch array. */
    private final StateArrays arrays;

    public Adamax() {
        this(0.001);
    }

    public Adamax(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public Adamax(LearningRateSchedule learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    public Adamax(double learningRate, double beta1, double beta2, double epsilon) {
        this(learningRate, beta1, beta2, epsilon, 0.0, 0.0, 0.0);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public Adamax(LearningRateSchedule learningRate, double beta1, double beta2, double epsilon) {
        this(learningRate, beta1, beta2, epsilon, 0.0, 0.0, 0.0);
    }

    /** With a constant learning rate &gt; 0. */
    public Adamax(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                  double clipNorm, double clipValue) {
        this(constant(learningRate), beta1, beta2, epsilon, weightDecay, clipNorm, clipValue);
    }

    /**
     * @param weightDecay decoupled weight decay, θ ← θ − lr·wd·θ before each update (0 = off)
     * @param clipNorm    rescale each weight tensor's gradient to at most this norm (0 = off)
     * @param clipValue   clip each gradient element to [−clipValue, clipValue] (0 = off); not with clipNorm
     */
    public Adamax(LearningRateSchedule learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                  double clipNorm, double clipValue) {
        super(learningRate, weightDecay, clipNorm, clipValue);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 <= 1)) {
            throw new IllegalArgumentException("Adamax: beta1 must be in [0, 1) and beta2 in [0, 1]. Received: beta1="
                    + beta1 + ", beta2=" + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adamax: epsilon must be > 0. Received: epsilon=" + epsilon);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.arrays = new StateArrays("Adamax", NAMES, 0.0, 1);
    }

    @Override public String name() { return "adamax"; }

    public double beta1() { return beta1; }

    public double beta2() { return beta2; }

    public double epsilon() { return epsilon; }

    @Override protected void update(Ops ops, INDArray theta, INDArray g, long t) {
        INDArray[] a = arrays.forStep(theta);
        INDArray m = a[0];
        INDArray u = a[1];
        INDArray d = a[2];
        ops.sub(g, m, d);
        ops.scale(d, 1 - beta1, d);
        ops.add(m, d, m);
        ops.scale(u, beta2, u);
        ops.abs(g, d);
        ops.maximum(u, d, u);
        ops.addScalar(u, epsilon, d);
        ops.scale(d, 1 - Math.pow(beta1, t), d);
        ops.scale(m, learningRate(), g);   // the gradient buffer is scratch: g becomes the step
        ops.div(g, d, g);
        ops.sub(theta, g, theta);
    }

    @Override public String toString() {
        return "Adamax(learningRate=" + learningRate() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon="
                + epsilon + ")";
    }

    /** {@link BaseOptimizer#config()} plus {@code beta_1}, {@code beta_2} and {@code epsilon}. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = super.config();
        config.put("beta_1", beta1);
        config.put("beta_2", beta2);
        config.put("epsilon", epsilon);
        return config;
    }

    /** The optimizer {@link #config()} describes; absent keys take Keras's defaults. */
    public static Adamax fromConfig(Map<String, Object> config) {
        String type = "Adamax";
        Configs.checkKeys(type, config, "learning_rate", "beta_1", "beta_2", "epsilon", "weight_decay", "clipnorm",
                "clipvalue");
        return new Adamax(learningRate(type, config, 0.001),
                Configs.number(type, config, "beta_1", 0.9),
                Configs.number(type, config, "beta_2", 0.999),
                Configs.number(type, config, "epsilon", 1e-7),
                Configs.number(type, config, "weight_decay", 0.0),
                Configs.number(type, config, "clipnorm", 0.0),
                Configs.number(type, config, "clipvalue", 0.0));
    }

    /** "momentum" (m) and "norm" (u), Keras's names, after the first step. */
    @Override public Map<String, INDArray> state() {
        return arrays.state();
    }

    @Override protected void restoreState(Map<String, INDArray> state) {
        arrays.restore(state);
    }
}
