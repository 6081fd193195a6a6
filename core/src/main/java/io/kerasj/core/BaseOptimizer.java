package io.kerasj.core;

import io.kerasj.ops.Ops;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every Keras optimizer shares: the learning rate, the step counter, optional gradient clipping
 * ({@code clipNorm}: each weight tensor's gradient rescaled to at most this L2 norm, as Keras's
 * {@code clipnorm}; {@code clipValue}: every element clipped to [−v, v]) and optional decoupled weight decay
 * ({@code weightDecay}, Keras's {@code weight_decay}: θ ← θ − lr·wd·θ on every trainable weight, after clipping
 * and before the update, as Keras 3 applies it to every optimizer). Subclasses implement the paper's update on
 * the flat buffers.
 *
 * <p>The learning rate is a constant or a {@link LearningRateSchedule}, evaluated at {@link #iterations()} before each
 * update (step 0 first, as Keras); {@link #learningRate()} is the rate of the next update, or of the one in progress
 * while {@link #update} runs.
 */
public abstract class BaseOptimizer implements Optimizer {

    /** The constant rate, or the schedule's rate for the next (or current) step. */
    private double learningRate;
    /** Null for a constant rate. */
    private final LearningRateSchedule schedule;
    private final double clipNorm;
    private final double clipValue;
    private final double weightDecay;
    private long iterations;

    /**
     * @param learningRate > 0
     * @param clipNorm     > 0, or 0 for none
     * @param clipValue    > 0, or 0 for none; at most one of clipNorm and clipValue may be set
     */
    protected BaseOptimizer(double learningRate, double clipNorm, double clipValue) {
        this(learningRate, 0.0, clipNorm, clipValue);
    }

    /**
     * @param learningRate > 0
     * @param weightDecay  >= 0, 0 for none (Keras's None): θ ← θ − lr·wd·θ before each update
     * @param clipNorm     > 0, or 0 for none
     * @param clipValue    > 0, or 0 for none; at most one of clipNorm and clipValue may be set
     */
    protected BaseOptimizer(double learningRate, double weightDecay, double clipNorm, double clipValue) {
        this(constant(learningRate), weightDecay, clipNorm, clipValue);
    }

    /**
     * @param learningRate a schedule, or {@link #constant(double)} for a fixed rate &gt; 0
     * @param weightDecay  >= 0, 0 for none (Keras's None): θ ← θ − lr·wd·θ before each update
     * @param clipNorm     > 0, or 0 for none
     * @param clipValue    > 0, or 0 for none; at most one of clipNorm and clipValue may be set
     */
    protected BaseOptimizer(LearningRateSchedule learningRate, double weightDecay, double clipNorm,
                            double clipValue) {
        if (learningRate == null) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + ": learningRate must be a number or a LearningRateSchedule. Received: null");
        }
        if (learningRate instanceof Constant constant) {
            this.schedule = null;
            setLearningRate(constant.value());
        } else {
            this.schedule = learningRate;
            this.learningRate = scheduled(0);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + ": weightDecay must be a finite number >= 0 (0 = off). Received: weightDecay=" + weightDecay);
        }
        this.weightDecay = weightDecay;
        if (!(clipNorm >= 0) || !(clipValue >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + ": clipNorm and clipValue must be >= 0 (0 = off). Received: clipNorm=" + clipNorm
                    + ", clipValue=" + clipValue);
        }
        if (clipNorm > 0 && clipValue > 0) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + ": set clipNorm or clipValue, not both. Received: clipNorm=" + clipNorm
                    + ", clipValue=" + clipValue);
        }
        this.clipNorm = clipNorm;
        this.clipValue = clipValue;
    }

    @Override
    public final void step(Parameters parameters) {
        Ops ops = parameters.ops();
        clip(parameters, ops);
        if (weightDecay > 0) {
            // Decoupled from the gradient (Loshchilov and Hutter): the weights shrink whatever the rule does next.
            ops.scale(parameters.values(), 1 - learningRate * weightDecay, parameters.values());
        }
        iterations++;
        update(ops, parameters.values(), parameters.gradients(), iterations);
        if (schedule != null) {
            learningRate = scheduled(iterations);
        }
    }

    /** The schedule's rate at {@code step}, checked: a NaN or negative rate would silently wreck the weights. */
    private double scheduled(long step) {
        double rate = schedule.learningRate(step);
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalStateException(getClass().getSimpleName() + ": the learning rate schedule "
                    + schedule.className() + " gave " + rate + " at step " + step
                    + "; a learning rate must be finite and >= 0");
        }
        return rate;
    }

    /**
     * Applies the update for step {@code t} (1 for the first step) to the flat {@code values} in place, with the
     * model's engine. {@code gradients} may be used as scratch space.
     */
    protected abstract void update(Ops ops, INDArray values, INDArray gradients, long t);

    /** Clips the gradients, as configured: every element, or each weight tensor's norm. */
    private void clip(Parameters parameters, Ops ops) {
        if (clipValue > 0) {
            ops.clip(parameters.gradients(), -clipValue, clipValue, parameters.gradients());
        } else if (clipNorm > 0) {
            for (INDArray tensor : parameters.gradientViews()) {
                double norm = Math.sqrt(ops.sumSquares(tensor));
                if (norm > clipNorm) {
                    ops.scale(tensor, clipNorm / norm, tensor);
                }
            }
        }
    }

    @Override public double learningRate() { return learningRate; }

    /**
     * Sets a constant rate, as Keras's {@code optimizer.learning_rate = value}.
     *
     * @throws IllegalStateException when the optimizer was made with a {@link LearningRateSchedule}, as Keras refuses
     */
    @Override
    public void setLearningRate(double learningRate) {
        if (schedule != null) {
            throw new IllegalStateException(getClass().getSimpleName() + " was created with the learning rate schedule "
                    + schedule.className() + ", so its learning rate cannot be set (to " + learningRate + "), as in "
                    + "Keras; create the optimizer with a number as learning rate to use callbacks that set it, "
                    + "such as ReduceLROnPlateau or LearningRateScheduler");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + ": learningRate must be a positive finite number. Received: learningRate=" + learningRate);
        }
        this.learningRate = learningRate;
    }

    @Override public long iterations() { return iterations; }

    /** The learning rate schedule, or null for a constant rate. */
    public LearningRateSchedule learningRateSchedule() { return schedule; }

    /** A fixed rate where a {@link LearningRateSchedule} is expected, for the constructors taking a number. */
    protected static LearningRateSchedule constant(double learningRate) {
        return new Constant(learningRate);
    }

    /** A number, wrapped for the constructor that also takes a schedule; the base checks it. */
    private record Constant(double value) implements LearningRateSchedule {
        @Override public double learningRate(long step) { return value; }

        @Override public String className() { return "Constant"; }

        @Override public Map<String, Object> config() { return Map.of(); }
    }

    /**
     * The learning rate of a {@link #config()} for a {@code fromConfig} factory: a number, a schedule as
     * {@code {"class_name": "ExponentialDecay", "config": {...}}} (Keras's serialized form, whose "module" and
     * "registered_name" are accepted and ignored) made by a {@link Catalog}, or {@code fallback} when absent.
     */
    protected static LearningRateSchedule learningRate(String type, Map<String, Object> config, double fallback) {
        Object value = config.get("learning_rate");
        if (!(value instanceof Map<?, ?> map)) {
            return constant(Configs.number(type, config, "learning_rate", fallback));
        }
        Map<String, Object> serialized = new LinkedHashMap<>();
        map.forEach((k, v) -> serialized.put(String.valueOf(k), v));
        Configs.checkKeys(type + " learning_rate", serialized, "class_name", "config", "module", "registered_name");
        if (!(serialized.get("class_name") instanceof String className)
                || !(serialized.get("config") instanceof Map<?, ?> inner)) {
            throw new IllegalArgumentException(type + ": learning_rate must be a number or {\"class_name\": ..., "
                    + "\"config\": {...}}. Received: " + value);
        }
        Map<String, Object> scheduleConfig = new LinkedHashMap<>();
        inner.forEach((k, v) -> scheduleConfig.put(String.valueOf(k), v));
        return Catalog.schedule(className, scheduleConfig);
    }

    public double clipNorm() { return clipNorm; }

    public double clipValue() { return clipValue; }

    /** The decoupled weight decay, 0 when off. */
    public double weightDecay() { return weightDecay; }

    /**
     * {@code learning_rate} (the current rate, or the schedule as {@code {"class_name", "config"}}),
     * {@code weight_decay}, {@code clipnorm} and {@code clipvalue} (null when off, as Keras writes them);
     * subclasses add their own hyper-parameters.
     */
    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        if (schedule == null) {
            config.put("learning_rate", learningRate);
        } else {
            Map<String, Object> serialized = new LinkedHashMap<>();
            serialized.put("class_name", schedule.className());
            serialized.put("config", new TreeMap<>(schedule.config()));
            config.put("learning_rate", serialized);
        }
        config.put("weight_decay", weightDecay > 0 ? weightDecay : null);
        config.put("clipnorm", clipNorm > 0 ? clipNorm : null);
        config.put("clipvalue", clipValue > 0 ? clipValue : null);
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> state, long iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException(name() + ": iterations must be >= 0. Received: " + iterations);
        }
        restoreState(state);
        this.iterations = iterations;
        if (schedule != null) {
            learningRate = scheduled(iterations);
        }
    }

    /**
     * Takes copies of the state arrays named as {@link #state()} names them; an empty map clears the state.
     * The default is for rules without state, and accepts only an empty map.
     */
    protected void restoreState(Map<String, INDArray> state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException(name() + " keeps no state arrays, but was given " + state.keySet());
        }
    }

    /**
     * Checks that {@code state} holds exactly {@code names}, as flat arrays of one common length, so that an
     * optimizer (or the holder of its state arrays) can then copy them.
     */
    public static void checkState(String optimizer, Map<String, INDArray> state, String... names) {
        if (!state.keySet().equals(Set.of(names))) {
            throw new IllegalArgumentException(optimizer + ": expected state arrays " + List.of(names)
                    + ", got " + state.keySet());
        }
        long length = state.get(names[0]).length();
        for (String name : names) {
            INDArray a = state.get(name);
            if (a.rank() != 1 || a.length() != length) {
                throw new IllegalArgumentException(optimizer + ": state array \"" + name + "\" has shape "
                        + Arrays.toString(a.shape()) + "; expected a flat array of length " + length);
            }
        }
    }
}
