package io.kerasj.core;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Updates a model's parameters from their gradients, one step per batch.
 *
 * <p>State (moments, step count) belongs to the optimizer and lives in flat buffers laid out like
 * {@link Parameters#values()}; it is allocated at the first step and kept across {@code fit} calls.
 */
public interface Optimizer {

    /** The Keras name: "adam", "sgd". */
    String name();

    /** Applies one update to {@code parameters.values()} from {@code parameters.gradients()}. */
    void step(Parameters parameters);

    /**
     * The learning rate of the next update: the constant one (which callbacks such as a scheduler change between
     * epochs), or a {@link LearningRateSchedule}'s value at {@link #iterations()}.
     */
    double learningRate();

    /**
     * Sets a constant learning rate.
     *
     * @throws IllegalStateException when the optimizer follows a {@link LearningRateSchedule}, as Keras refuses
     */
    void setLearningRate(double learningRate);

    /** Number of updates applied so far (Keras's {@code iterations}). */
    long iterations();

    /**
     * The hyper-parameters as a Keras-style config (JSON values under Keras's keys: {@code "learning_rate"},
     * {@code "beta_1"}, ...), from which the factory registered under {@link #name()} in a {@link Catalog}
     * recreates the optimizer. The learning rate is the current one (a scheduler may have changed it).
     */
    default Map<String, Object> config() {
        return Map.of("learning_rate", learningRate());
    }

    /**
     * Copies of the optimizer's state arrays by name (Adam: "m", "v", and "v_hat" with amsgrad; SGD with
     * momentum: "velocity"), each a flat [n] array laid out like {@link Parameters#values()}; empty before
     * the first step or for a stateless rule. The step count is {@link #iterations()}.
     */
    default Map<String, INDArray> state() {
        return Map.of();
    }

    /**
     * Restores a state from {@link #state()} and {@link #iterations()}, so that the next step is the one the
     * saved optimizer would have taken. The arrays are copied; an empty map means "no state yet".
     *
     * @throws IllegalArgumentException for missing or unexpected names, or arrays of different lengths
     */
    default void setState(Map<String, INDArray> state, long iterations) {
        throw new UnsupportedOperationException("Optimizer " + name() + " cannot restore a saved state");
    }
}
