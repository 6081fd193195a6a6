package io.kerasj.optimizers.schedules;

import io.kerasj.core.Configs;
import io.kerasj.core.LearningRateSchedule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code ExponentialDecay}: lr(step) = initialLearningRate · decayRate^(step / decaySteps), with
 * ⌊step / decaySteps⌋ when {@code staircase} (the rate then drops every decaySteps steps). Example:
 * {@code new ExponentialDecay(0.1, 1000, 0.96)} gives 0.1 at step 0 and 0.096 at step 1000.
 */
public final class ExponentialDecay implements LearningRateSchedule {

    private final double initialLearningRate;
    private final double decaySteps;
    private final double decayRate;
    private final boolean staircase;
    private final String name;

    public ExponentialDecay(double initialLearningRate, double decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    public ExponentialDecay(double initialLearningRate, double decaySteps, double decayRate, boolean staircase) {
        this(initialLearningRate, decaySteps, decayRate, staircase, "ExponentialDecay");
    }

    /**
     * @param initialLearningRate the rate at step 0
     * @param decaySteps          &gt; 0: the rate is multiplied by decayRate every decaySteps steps
     * @param decayRate           the factor per decaySteps steps
     * @param staircase           whether the exponent is rounded down (a step function)
     * @param name                Keras's name of the schedule, kept in its config
     */
    public ExponentialDecay(double initialLearningRate, double decaySteps, double decayRate, boolean staircase,
                            String name) {
        String type = "ExponentialDecay";
        this.initialLearningRate = Arguments.finite(type, "initial_learning_rate", initialLearningRate);
        this.decaySteps = Arguments.positive(type, "decay_steps", decaySteps);
        this.decayRate = Arguments.finite(type, "decay_rate", decayRate);
        this.staircase = staircase;
        this.name = name == null ? type : name;
    }

    @Override public double learningRate(long step) {
        double p = step / decaySteps;
        return initialLearningRate * Math.pow(decayRate, staircase ? Math.floor(p) : p);
    }

    @Override public String className() { return "ExponentialDecay"; }

    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("initial_learning_rate", initialLearningRate);
        config.put("decay_steps", decaySteps);
        config.put("decay_rate", decayRate);
        config.put("staircase", staircase);
        config.put("name", name);
        return config;
    }

    /** The schedule {@link #config()} describes; decay_steps and decay_rate are required, as in Keras. */
    public static ExponentialDecay fromConfig(Map<String, Object> config) {
        String type = "ExponentialDecay";
        Configs.checkKeys(type, config, "initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name");
        return new ExponentialDecay(Arguments.required(type, config, "initial_learning_rate"),
                Arguments.required(type, config, "decay_steps"), Arguments.required(type, config, "decay_rate"),
                Configs.bool(type, config, "staircase", false), Configs.string(type, config, "name", type));
    }

    @Override public String toString() {
        return "ExponentialDecay(initialLearningRate=" + initialLearningRate + ", decaySteps=" + decaySteps
                + ", decayRate=" + decayRate + ", staircase=" + staircase + ")";
    }
}
