package io.kerasj.optimizers.schedules;

import io.kerasj.core.Configs;
import io.kerasj.core.LearningRateSchedule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link ExponentialDecay} and {@link InverseTimeDecay} share: Keras's arguments (initial_learning_rate,
 * decay_steps, decay_rate, staircase, name) and the time step / decaySteps, rounded down with {@code staircase}.
 */
abstract class TimeDecay implements LearningRateSchedule {

    final double initialLearningRate;
    final double decaySteps;
    final double decayRate;
    final boolean staircase;
    private final String name;

    TimeDecay(String type, double initialLearningRate, double decaySteps, double decayRate, boolean staircase,
              String name) {
        this.initialLearningRate = Arguments.finite(type, "initial_learning_rate", initialLearningRate);
        this.decaySteps = Arguments.positive(type, "decay_steps", decaySteps);
        this.decayRate = Arguments.finite(type, "decay_rate", decayRate);
        this.staircase = staircase;
        this.name = name == null ? type : name;
    }

    /** step / decaySteps, rounded down when {@code staircase}. */
    final double time(long step) {
        double p = step / decaySteps;
        return staircase ? Math.floor(p) : p;
    }

    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("initial_learning_rate", initialLearningRate);
        config.put("decay_steps", decaySteps);
        config.put("decay_rate", decayRate);
        config.put("staircase", staircase);
        config.put("name", name);
        return config;
    }

    /** A constructor of the five arguments, in Keras's order. */
    @FunctionalInterface
    interface Constructor<T> {
        T make(double initialLearningRate, double decaySteps, double decayRate, boolean staircase, String name);
    }

    /** The schedule a config describes; decay_steps and decay_rate are required, as in Keras. */
    static <T> T fromConfig(String type, Map<String, Object> config, Constructor<T> constructor) {
        Configs.checkKeys(type, config, "initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name");
        return constructor.make(Arguments.required(type, config, "initial_learning_rate"),
                Arguments.required(type, config, "decay_steps"), Arguments.required(type, config, "decay_rate"),
                Configs.bool(type, config, "staircase", false), Configs.string(type, config, "name", type));
    }

    @Override public String toString() {
        return className() + "(initialLearningRate=" + initialLearningRate + ", decaySteps=" + decaySteps
                + ", decayRate=" + decayRate + ", staircase=" + staircase + ")";
    }
}
