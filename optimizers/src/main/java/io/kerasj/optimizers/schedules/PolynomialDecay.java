package io.kerasj.optimizers.schedules;

import io.kerasj.core.Configs;
import io.kerasj.core.LearningRateSchedule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code PolynomialDecay}: from initialLearningRate to endLearningRate over decaySteps steps,
 * <pre>
 * lr(step) = (initial − end) · (1 − s / D)^power + end
 *   without cycle: s = min(step, decaySteps), D = decaySteps          (then constant at end)
 *   with cycle:    s = step, D = decaySteps · ⌈step / decaySteps⌉ (D = decaySteps at step 0)
 * </pre>
 * Defaults as Keras: endLearningRate 1e-4, power 1 (linear), cycle false.
 */
public final class PolynomialDecay implements LearningRateSchedule {

    private final double initialLearningRate;
    private final double decaySteps;
    private final double endLearningRate;
    private final double power;
    private final boolean cycle;
    private final String name;

    public PolynomialDecay(double initialLearningRate, double decaySteps) {
        this(initialLearningRate, decaySteps, 1e-4);
    }

    public PolynomialDecay(double initialLearningRate, double decaySteps, double endLearningRate) {
        this(initialLearningRate, decaySteps, endLearningRate, 1.0, false);
    }

    public PolynomialDecay(double initialLearningRate, double decaySteps, double endLearningRate, double power,
                           boolean cycle) {
        this(initialLearningRate, decaySteps, endLearningRate, power, cycle, "PolynomialDecay");
    }

    /**
     * @param initialLearningRate the rate at step 0
     * @param decaySteps          &gt; 0: the steps to reach endLearningRate in
     * @param endLearningRate     the rate at decaySteps and after (without cycle)
     * @param power               the polynomial's power
     * @param cycle               whether to decay again, over a longer span, after each multiple of decaySteps
     * @param name                Keras's name of the schedule, kept in its config
     */
    public PolynomialDecay(double initialLearningRate, double decaySteps, double endLearningRate, double power,
                           boolean cycle, String name) {
        String type = "PolynomialDecay";
        this.initialLearningRate = Arguments.finite(type, "initial_learning_rate", initialLearningRate);
        this.decaySteps = Arguments.positive(type, "decay_steps", decaySteps);
        this.endLearningRate = Arguments.finite(type, "end_learning_rate", endLearningRate);
        this.power = Arguments.finite(type, "power", power);
        this.cycle = cycle;
        this.name = name == null ? type : name;
    }

    @Override public double learningRate(long step) {
        double s = step;
        double span = decaySteps;
        if (cycle) {
            // The first multiple of decaySteps not below the step; step 0 counts in the first span, as Keras.
            span = decaySteps * (step == 0 ? 1 : Math.ceil(s / decaySteps));
        } else {
            s = Math.min(s, decaySteps);
        }
        return (initialLearningRate - endLearningRate) * Math.pow(1 - s / span, power) + endLearningRate;
    }

    @Override public String className() { return "PolynomialDecay"; }

    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("initial_learning_rate", initialLearningRate);
        config.put("decay_steps", decaySteps);
        config.put("end_learning_rate", endLearningRate);
        config.put("power", power);
        config.put("cycle", cycle);
        config.put("name", name);
        return config;
    }

    /** The schedule {@link #config()} describes; absent keys after decay_steps take Keras's defaults. */
    public static PolynomialDecay fromConfig(Map<String, Object> config) {
        String type = "PolynomialDecay";
        Configs.checkKeys(type, config, "initial_learning_rate", "decay_steps", "end_learning_rate", "power", "cycle",
                "name");
        return new PolynomialDecay(Arguments.required(type, config, "initial_learning_rate"),
                Arguments.required(type, config, "decay_steps"),
                Configs.number(type, config, "end_learning_rate", 1e-4), Configs.number(type, config, "power", 1.0),
                Configs.bool(type, config, "cycle", false), Configs.string(type, config, "name", type));
    }

    @Override public String toString() {
        return "PolynomialDecay(initialLearningRate=" + initialLearningRate + ", decaySteps=" + decaySteps
                + ", endLearningRate=" + endLearningRate + ", power=" + power + ", cycle=" + cycle + ")";
    }
}
