package io.kerasj.core;

import java.util.Map;

/**
 * A learning rate that changes with the optimizer's step, as Keras's
 * {@code keras.optimizers.schedules.LearningRateSchedule}: pass one wherever an optimizer takes a learning rate,
 * {@code new SGD(new ExponentialDecay(0.1, 1000, 0.96))}. The optimizer evaluates it at its {@link
 * Optimizer#iterations()} before each update: step 0 for the first update, as Keras does.
 *
 * <p>An optimizer with a schedule refuses {@link Optimizer#setLearningRate}, as Keras refuses to set a float learning
 * rate on one: callbacks such as {@code ReduceLROnPlateau} and {@code LearningRateScheduler} need a constant rate.
 * The built-in schedules are in {@code io.kerasj.optimizers.schedules}; a schedule saved with a model is recreated by
 * the factory registered under its {@link #className()} in a {@link Catalog}.
 */
public interface LearningRateSchedule {

    /** The learning rate at {@code step}, counted from 0 (Keras's {@code __call__(step)}); finite and >= 0. */
    double learningRate(long step);

    /** The Keras class name it is saved under: "ExponentialDecay". */
    String className();

    /** The arguments under Keras's keys ({@code "initial_learning_rate"}, ...), as Keras's {@code get_config()}. */
    Map<String, Object> config();
}
