package io.kerasj.optimizers.schedules;

import io.kerasj.core.Configs;
import io.kerasj.core.LearningRateSchedule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code CosineDecay} (Loshchilov and Hutter, SGDR), with an optional linear warmup (Goyal et al.):
 * <pre>
 * without warmup (warmupTarget null):  s = min(step, decaySteps)
 *     lr = initialLearningRate · ((1 − alpha) · ½(1 + cos(π s / decaySteps)) + alpha)
 * with warmup:  s = min(step, warmupSteps + decaySteps)
 *     s &lt; warmupSteps:  lr = initialLearningRate + (warmupTarget − initialLearningRate) · s / warmupSteps
 *     otherwise:        lr = warmupTarget · ((1 − alpha) · ½(1 + cos(π (s − warmupSteps) / decaySteps)) + alpha)
 * </pre>
 * Defaults as Keras: alpha 0, no warmup (warmupTarget None, warmupSteps 0). Argument order as Keras's, the name
 * fourth.
 */
public final class CosineDecay implements LearningRateSchedule {

    private final double initialLearningRate;
    private final double decaySteps;
    private final double alpha;
    private final String name;
    private final Double warmupTarget;
    private final double warmupSteps;

    public CosineDecay(double initialLearningRate, double decaySteps) {
        this(initialLearningRate, decaySteps, 0.0);
    }

    public CosineDecay(double initialLearningRate, double decaySteps, double alpha) {
        this(initialLearningRate, decaySteps, alpha, "CosineDecay", null, 0);
    }

    /**
     * @param initialLearningRate the rate at step 0 (where the warmup starts, if any)
     * @param decaySteps          &gt; 0: the steps the cosine decay lasts
     * @param alpha               the final rate as a fraction of the rate the decay starts from
     * @param name                Keras's name of the schedule, kept in its config
     * @param warmupTarget        the rate the warmup reaches and the decay starts from; null for no warmup
     * @param warmupSteps         &gt;= 0: the steps of the linear warmup (used with a warmupTarget)
     */
    public CosineDecay(double initialLearningRate, double decaySteps, double alpha, String name, Double warmupTarget,
                       double warmupSteps) {
        String type = "CosineDecay";
        this.initialLearningRate = Arguments.finite(type, "initial_learning_rate", initialLearningRate);
        this.decaySteps = Arguments.positive(type, "decay_steps", decaySteps);
        this.alpha = Arguments.finite(type, "alpha", alpha);
        this.name = name == null ? type : name;
        this.warmupTarget = warmupTarget == null ? null : Arguments.finite(type, "warmup_target", warmupTarget);
        this.warmupSteps = Arguments.nonNegative(type, "warmup_steps", warmupSteps);
    }

    @Override public double learningRate(long step) {
        if (warmupTarget == null) {
            return decayed(Math.min(step, decaySteps), initialLearningRate);
        }
        double s = Math.min(step, warmupSteps + decaySteps);
        if (s < warmupSteps) {
            return initialLearningRate + (warmupTarget - initialLearningRate) * s / warmupSteps;
        }
        return decayed(s - warmupSteps, warmupTarget);
    }

    /** The cosine decay from {@code from} after s of decaySteps steps. */
    private double decayed(double s, double from) {
        double cosine = 0.5 * (1 + Math.cos(Math.PI * s / decaySteps));
        return from * ((1 - alpha) * cosine + alpha);
    }

    @Override public String className() { return "CosineDecay"; }

    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("initial_learning_rate", initialLearningRate);
        config.put("decay_steps", decaySteps);
        config.put("alpha", alpha);
        config.put("name", name);
        config.put("warmup_target", warmupTarget);
        config.put("warmup_steps", warmupSteps);
        return config;
    }

    /** The schedule {@link #config()} describes; absent keys after decay_steps take Keras's defaults. */
    public static CosineDecay fromConfig(Map<String, Object> config) {
        String type = "CosineDecay";
        Configs.checkKeys(type, config, "initial_learning_rate", "decay_steps", "alpha", "name", "warmup_target",
                "warmup_steps");
        Double warmupTarget = config.get("warmup_target") == null ? null
                : Configs.number(type, config, "warmup_target", 0.0);
        return new CosineDecay(Arguments.required(type, config, "initial_learning_rate"),
                Arguments.required(type, config, "decay_steps"), Configs.number(type, config, "alpha", 0.0),
                Configs.string(type, config, "name", type), warmupTarget,
                Configs.number(type, config, "warmup_steps", 0.0));
    }

    @Override public String toString() {
        return "CosineDecay(initialLearningRate=" + initialLearningRate + ", decaySteps=" + decaySteps + ", alpha="
                + alpha + ", warmupTarget=" + warmupTarget + ", warmupSteps=" + warmupSteps + ")";
    }
}
