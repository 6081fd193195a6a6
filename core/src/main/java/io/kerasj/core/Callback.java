package io.kerasj.core;

import java.util.Map;

/**
 * Hooks into {@link Sequential#fit}, as Keras's callbacks. {@code logs} maps names ("loss", "accuracy",
 * "val_loss", ...) to values: running means over the epoch so far at batch end, the epoch's values at
 * epoch end. To stop training, call {@link Sequential#setStopTraining(boolean)} on the model.
 *
 * <p>As in Keras, {@code fit} calls the callbacks in the order given, then its own progress line, and the
 * epoch's {@link History} records the logs after every callback has seen them: a callback may add a key at epoch
 * end ({@code ReduceLROnPlateau} and {@code LearningRateScheduler} add "learning_rate"), and the callbacks after
 * it, the progress line and the history see it.
 */
public interface Callback {

    /** Called once by {@code fit} before training starts. */
    default void setModel(Sequential model) {}

    default void onTrainBegin(Map<String, Double> logs) {}

    default void onTrainEnd(Map<String, Double> logs) {}

    /** {@code epoch} counts from 0, as in Keras (the progress line shows epoch + 1). */
    default void onEpochBegin(int epoch, Map<String, Double> logs) {}

    default void onEpochEnd(int epoch, Map<String, Double> logs) {}

    default void onTrainBatchBegin(int batch, Map<String, Double> logs) {}

    default void onTrainBatchEnd(int batch, Map<String, Double> logs) {}
}
