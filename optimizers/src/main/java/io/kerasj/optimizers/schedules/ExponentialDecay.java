package io.kerasj.optimizers.schedules;

import java.util.Map;

/**
 * Keras's {@code ExponentialDecay}: lr(step) = initialLearningRate · decayRate^(step / decaySteps), with
 * ⌊step / decaySteps⌋ when {@code staircase} (the rate then drops every decaySteps steps). Example:
 * {@code new ExponentialDecay(0.1, 1000, 0.96)} gives 0.1 at step 0 and 0.096 at step 1000.
 */
public final class ExponentialDecay extends TimeDecay {

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
        super("ExponentialDecay", initialLearningRate, decaySteps, decayRate, staircase, name);
    }

    @Override public double learningRate(long step) {
        return initialLearningRate * Math.pow(decayRate, time(step));
    }

    @Override public String className() { return "ExponentialDecay"; }

    /** The schedule {@link #config()} describes; decay_steps and decay_rate are required, as in Keras. */
    public static ExponentialDecay fromConfig(Map<String, Object> config) {
        return fromConfig("ExponentialDecay", config, ExponentialDecay::new);
    }
}
