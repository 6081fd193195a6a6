package io.kerasj.optimizers.schedules;

import io.kerasj.core.Configs;
import io.kerasj.core.LearningRateSchedule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code InverseTimeDecay}: lr(step) = initialLearningRate / (1 + decayRate · step / decaySteps), with
 * ⌊step / decaySteps⌋ when {@code staircase}. Example: {@code new InverseTimeDecay(0.1, 1, 0.5)} gives 0.1, 0.0667,
 * 0.05 at steps 0, 1, 2.
 */
public final class InverseTimeDecay implements LearningRateSchedule {

    private final double initialLearningRate;
    private final double decaySteps;
    private final double decayRate;
    private final boolean staircase;
    private final String name;

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
        String type = "InverseTimeDecay";
        this.initialLearningRate = Arguments.finite(type, "initial_learning_rate", initialLearningRate);
        this.decaySteps = Arguments.positive(type, "decay_steps", decaySteps);
        this.decayRate = Arguments.finite(type, "decay_rate", decayRate);
        this.staircase = staircase;
        this.name = name == null ? type : name;
    }

    @Override public double learningRate(long step) {
        double p = step / decaySteps;
        return initialLearningRate / (1 + decayRate * (staircase ? Math.floor(p) : p));
    }

    @Override public String className() { return "InverseTimeDecay"; }

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
    public static InverseTimeDecay fromConfig(Map<String, Object> config) {
        String type = "InverseTimeDecay";
        Configs.checkKeys(type, config, "initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name");
        return new InverseTimeDecay(Arguments.required(type, config, "initial_learning_rate"),
                Arguments.required(type, config, "decay_steps"), Arguments.required(type, config, "decay_rate"),
                Configs.bool(type, config, "staircase", false), Configs.string(type, config, "name", type));
    }

    @Override public String toString() {
        return "InverseTimeDecay(initialLearningRate=" + initialLearningRate + ", decaySteps=" + decaySteps
                + ", decayRate=" + decayRate + ", staircase=" + staircase + ")";
    }
}
