package io.kerasj.optimizers.schedules;

import java.util.Map;

/**
 * Keras's {@code InverseTimeDecay}: lr(step) = initialLearningRate / (1 + decayRate · step / decaySteps), with
 * ⌊step / decaySteps⌋ when {@code staircase}. Example: {@code new InverseTimeDecay(0.1, 1, 0.5)} gives 0.1, 0.0667,
 * 0.05 at steps 0, 1, 2.
 */
public final class InverseTimeDecay extends TimeDecay {

    public InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    public InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate, boolean staircase) {
        this(initialLearningRate, decaySteps, decayRate, staircase, "InverseTimeDecay");
    }

    /**
     * @param initialLearningRate the rate at step 0
     * @param decaySteps          &gt; 0: the time unit of the decay
     * @param decayRate           how fast the rate falls per decaySteps steps
     * @param staircase           whether step / decaySteps is rounded down (a step function)
     * @param name                Keras's name of the schedule, kept in its config
     */
    public InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate, boolean staircase,
                            String name) {
        super("InverseTimeDecay", initialLearningRate, decaySteps, decayRate, staircase, name);
    }

    @Override public double learningRate(long step) {
        return initialLearningRate / (1 + decayRate * time(step));
    }

    @Override public String className() { return "InverseTimeDecay"; }

    /** The schedule {@link #config()} describes; decay_steps and decay_rate are required, as in Keras. */
    public static InverseTimeDecay fromConfig(Map<String, Object> config) {
        return fromConfig("InverseTimeDecay", config, InverseTimeDecay::new);
    }
}
