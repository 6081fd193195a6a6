package io.kerasj.optimizers;

import io.kerasj.core.BaseOptimizer;
import io.kerasj.core.Configs;
import io.kerasj.core.LearningRateSchedule;
import io.kerasj.ops.Ops;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Nadam, Adam with Nesterov momentum (Dozat, 2016), in Keras 3's momentum-cache form, for step t = 1, 2, …:
 * <pre>
 * μ_t = β1·(1 − ½·0.96^t)            P_t = μ_1·μ_2·…·μ_t   (the momentum cache, P_0 = 1)
 * m ← m + (1 − β1)·(g − m)
 * v ← v + (1 − β2)·(g² − v)
 * m̂ = μ_{t+1}·m / (1 − P_{t+1}) + (1 − μ_t)·g / (1 − P_t)
 * v̂ = v / (1 − β2^t)
 * θ ← θ − lr·m̂ / (√v̂ + ε)
 * </pre>
 * Defaults as Keras: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, no weight decay. P_t depends on t
 * alone, so it is recomputed from the step count after a restore rather than saved.
 */
public final class Nadam extends BaseOptimizer {

    private static final List<String> NAMES = List.of("momentum", "velocity");

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    /** m and v; one scratch array. */
    private final StateArrays arrays;
    /** P_t for t = {@link #cacheStep}, carried from step to step as Keras carries its u_product variable. */
    private double cache = 1.0;
    private long cacheStep;

    public Nadam() {
        this(0.001);
    }

    public Nadam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public Nadam(LearningRateSchedule learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    public Nadam(double learningRate, double beta1, double beta2, double epsilon) {
        this(learningRate, beta1, beta2, epsilon, 0.0, 0.0, 0.0);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public Nadam(LearningRateSchedule learningRate, double beta1, double beta2, double epsilon) {
        this(learningRate, beta1, beta2, epsilon, 0.0, 0.0, 0.0);
    }

    /** With a constant learning rate &gt; 0. */
    public Nadam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                 double clipNorm, double clipValue) {
        this(constant(learningRate), beta1, beta2, epsilon, weightDecay, clipNorm, clipValue);
    }

    /**
     * @param weightDecay decoupled weight decay, θ ← θ − lr·wd·θ before each update (0 = off)
     * @param clipNorm    rescale each weight tensor's gradient to at most this norm (0 = off)
     * @param clipValue   clip each gradient element to [−clipValue, clipValue] (0 = off); not with clipNorm
     */
    public Nadam(LearningRateSchedule learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                 double clipNorm, double clipValue) {
        super(learningRate, weightDecay, clipNorm, clipValue);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Nadam: beta1 and beta2 must be in [0, 1). Received: beta1=" + beta1
                    + ", beta2=" + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Nadam: epsilon must be > 0. Received: epsilon=" + epsilon);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.arrays = new StateArrays("Nadam", NAMES, 0.0, 1);
    }

    @Override public String name() { return "nadam"; }

    public double beta1() { return beta1; }

    public double beta2() { return beta2; }

    public double epsilon() { return epsilon; }

    /** μ_t = β1·(1 − ½·0.96^t). */
    private double mu(long t) {
        return beta1 * (1 - 0.5 * Math.pow(0.96, t));
    }

    @Override protected void update(Ops ops, INDArray theta, INDArray g, long t) {
        if (cacheStep != t - 1) {   // after a restore: rebuild P_{t−1} in the order the steps would have
            cache = 1.0;
            for (long s = 1; s < t; s++) {
                cache *= mu(s);
            }
        }
        double muT = mu(t);
        double muNext = mu(t + 1);
        cache *= muT;
        cacheStep = t;
        double cacheNext = cache * muNext;

        INDArray[] a = arrays.forStep(theta);
        INDArray m = a[0];
        INDArray v = a[1];
        INDArray d = a[2];
        ops.sub(g, m, d);
        ops.scale(d, 1 - beta1, d);
        ops.add(m, d, m);
        ops.square(g, d);
        ops.sub(d, v, d);
        ops.scale(d, 1 - beta2, d);
        ops.add(v, d, v);
        // The gradient buffer is scratch from here: g becomes m̂, then the step.
        ops.scale(g, (1 - muT) / (1 - cache), g);
        ops.scale(m, muNext / (1 - cacheNext), d);
        ops.add(d, g, g);
        ops.scale(v, 1 / (1 - Math.pow(beta2, t)), d);
        ops.sqrt(d, d);
        ops.addScalar(d, epsilon, d);
        ops.scale(g, learningRate(), g);
        ops.div(g, d, g);
        ops.sub(theta, g, theta);
    }

    @Override public String toString() {
        return "Nadam(learningRate=" + learningRate() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon="
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
    public static Nadam fromConfig(Map<String, Object> config) {
        String type = "Nadam";
        Configs.checkKeys(type, config, "learning_rate", "beta_1", "beta_2", "epsilon", "weight_decay", "clipnorm",
                "clipvalue");
        return new Nadam(learningRate(type, config, 0.001),
                Configs.number(type, config, "beta_1", 0.9),
                Configs.number(type, config, "beta_2", 0.999),
                Configs.number(type, config, "epsilon", 1e-7),
                Configs.number(type, config, "weight_decay", 0.0),
                Configs.number(type, config, "clipnorm", 0.0),
                Configs.number(type, config, "clipvalue", 0.0));
    }

    /** "momentum" (m) and "velocity" (v), Keras's names, after the first step. */
    @Override public Map<String, INDArray> state() {
        return arrays.state();
    }

    @Override protected void restoreState(Map<String, INDArray> state) {
        arrays.restore(state);
        cacheStep = -1;   // P is rebuilt from the step count at the next step
    }
}
