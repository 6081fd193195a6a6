package io.kerasj.core;

import io.kerasj.ops.Ops;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every Keras optimizer shares: the learning rate, the step counter, optional gradient clipping
 * ({@code clipNorm}: each weight tensor's gradient rescaled to at most this L2 norm, as Keras's
 * {@code clipnorm}; {@code clipValue}: every element clipped to [−v, v]) and optional decoupled weight decay
 * ({@code weightDecay}, Keras's {@code weight_decay}: θ ← θ − lr·wd·θ on every trainable weight, after clipping
 * and before the update, as Keras 3 applies it to every optimizer). Subclasses implement the paper's update on
 * the flat buffers.
 */
public abstract class BaseOptimizer implements Optimizer {

    private double learningRate;
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
        setLearningRate(learningRate);
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

    @Override
    public void setLearningRate(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + ": learningRate must be a positive finite number. Received: learningRate=" + learningRate);
        }
        this.learningRate = learningRate;
    }

    @Override public long iterations() { return iterations; }

    public double clipNorm() { return clipNorm; }

    public double clipValue() { return clipValue; }

    /** The decoupled weight decay, 0 when off. */
    public double weightDecay() { return weightDecay; }

    /**
     * {@code learning_rate}, {@code weight_decay}, {@code clipnorm} and {@code clipvalue} (null when off, as Keras
     * writes them); subclasses add their own hyper-parameters.
     */
    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("learning_rate", learningRate);
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
     * Checks that {@code state} holds exactly {@code names}, as flat arrays of one common length, so a
     * subclass can then copy them.
     */
    protected static void checkState(String optimizer, Map<String, INDArray> state, String... names) {
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
