package io.kerasj.core;

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

    /** The current learning rate (callbacks such as a scheduler change it between epochs). */
    double learningRate();

    void setLearningRate(double learningRate);

    /** Number of updates applied so far (Keras's {@code iterations}). */
    long iterations();
}
