package io.kerasj.optimizers;

import io.kerasj.core.BaseOptimizer;
import io.kerasj.core.Configs;
import io.kerasj.core.LearningRateSchedule;
import io.kerasj.ops.Ops;
import io.kerasj.ops.Slots;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with Keras's rules:
 * <pre>
 * momentum = 0:  θ ← θ − lr·g
 * otherwise:     u ← momentum·u − lr·g;   θ ← θ + u                 (nesterov = false)
 *                                         θ ← θ + momentum·u − lr·g   (nesterov = true)
 * </pre>
 * Defaults as Keras: learningRate 0.01, momentum 0, nesterov false.
 */
public final class SGD extends BaseOptimizer {

    private final double momentum;
    private final boolean nesterov;
    /** u, made by the model's engine at the first step with momentum. */
    private Slots velocity;
    /** A restored velocity, copied into the engine's slots at the next step. */
    private INDArray restored;

    public SGD() {
        this(0.01);
    }

    public SGD(double learningRate) {
        this(learningRate, 0.0, false);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public SGD(LearningRateSchedule learningRate) {
        this(learningRate, 0.0, false);
    }

    public SGD(double learningRate, double momentum, boolean nesterov) {
        this(learningRate, momentum, nesterov, 0.0, 0.0);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public SGD(LearningRateSchedule learningRate, double momentum, boolean nesterov) {
        this(learningRate, momentum, nesterov, 0.0, 0.0);
    }

    /**
     * @param clipNorm  rescale each weight tensor's gradient to at most this norm (0 = off)
     * @param clipValue clip each gradient element to [−clipValue, clipValue] (0 = off); not with clipNorm
     */
    public SGD(double learningRate, double momentum, boolean nesterov, double clipNorm, double clipValue) {
        this(learningRate, momentum, nesterov, 0.0, clipNorm, clipValue);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public SGD(LearningRateSchedule learningRate, double momentum, boolean nesterov, double clipNorm,
               double clipValue) {
        this(learningRate, momentum, nesterov, 0.0, clipNorm, clipValue);
    }

    /** With a constant learning rate &gt; 0. */
    public SGD(double learningRate, double momentum, boolean nesterov, double weightDecay, double clipNorm,
               double clipValue) {
        this(constant(learningRate), momentum, nesterov, weightDecay, clipNorm, clipValue);
    }

    /**
     * @param weightDecay decoupled weight decay, θ ← θ − lr·wd·θ before each update (0 = off)
     * @param clipNorm    rescale each weight tensor's gradient to at most this norm (0 = off)
     * @param clipValue   clip each gradient element to [−clipValue, clipValue] (0 = off); not with clipNorm
     */
    public SGD(LearningRateSchedule learningRate, double momentum, boolean nesterov, double weightDecay,
               double clipNorm, double clipValue) {
        super(learningRate, weightDecay, clipNorm, clipValue);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("SGD: momentum must be in [0, 1]. Received: momentum=" + momentum);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override public String name() { return "sgd"; }

    public double momentum() { return momentum; }

    public boolean nesterov() { return nesterov; }

    @Override protected void update(Ops ops, INDArray theta, INDArray g, long t) {
        if (momentum > 0 && (velocity == null || velocity.size() != theta.length())) {
            velocity = ops.slots(1, theta.length(), theta.dataType());
            if (restored != null) {
                velocity.set(0, restored);
                restored = null;
            }
        }
        ops.sgd(theta, g, momentum > 0 ? velocity : null, learningRate(), momentum, nesterov);
    }

    @Override public String toString() {
        return "SGD(learningRate=" + learningRate() + ", momentum=" + momentum + ", nesterov=" + nesterov + ")";
    }

    /** {@link BaseOptimizer#config()} plus {@code momentum} and {@code nesterov}. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = super.config();
        config.put("momentum", momentum);
        config.put("nesterov", nesterov);
        return config;
    }

    /** The optimizer {@link #config()} describes; absent keys take Keras's defaults. */
    public static SGD fromConfig(Map<String, Object> config) {
        String type = "SGD";
        Configs.checkKeys(type, config, "learning_rate", "momentum", "nesterov", "weight_decay", "clipnorm",
                "clipvalue");
        return new SGD(learningRate(type, config, 0.01),
                Configs.number(type, config, "momentum", 0.0),
                Configs.bool(type, config, "nesterov", false),
                Configs.number(type, config, "weight_decay", 0.0),
                Configs.number(type, config, "clipnorm", 0.0),
                Configs.number(type, config, "clipvalue", 0.0));
    }

    /** "velocity" when momentum is used, once the first step has allocated it. */
    @Override public Map<String, INDArray> state() {
        if (restored != null) {
            return Map.of("velocity", restored.dup());
        }
        return velocity == null ? Map.of() : Map.of("velocity", velocity.get(0));
    }

    @Override protected void restoreState(Map<String, INDArray> state) {
        velocity = null;
        restored = null;
        if (state.isEmpty()) {
            return;
        }
        checkState("SGD", state, "velocity");
        restored = state.get("velocity").dup('c');
    }
}
