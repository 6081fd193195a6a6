package io.kerasj.callbacks;

import io.kerasj.core.Callback;
import io.kerasj.core.Sequential;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Sets the optimizer's learning rate at the start of every epoch from a schedule, as Keras's
 * {@code LearningRateScheduler}. The schedule gets the epoch (from 0, so a resumed run continues the schedule
 * at {@code initialEpoch}) and the current rate:
 *
 * <pre>{@code
 * new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1))
 * new LearningRateScheduler(epoch -> 0.01 / (1 + epoch))
 * }</pre>
 */
public final class LearningRateScheduler implements Callback {

    /** The rate for an epoch, given the epoch (from 0) and the current rate. */
    @FunctionalInterface
    public interface Schedule {
        double learningRate(int epoch, double currentLearningRate);
    }

    private final Schedule schedule;
    private Sequential model;

    public LearningRateScheduler(Schedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException("LearningRateScheduler: schedule must not be null");
        }
        this.schedule = schedule;
    }

    /** A schedule of the epoch alone. */
    public LearningRateScheduler(IntToDoubleFunction schedule) {
        this(schedule == null ? null : (Schedule) (epoch, lr) -> schedule.applyAsDouble(epoch));
    }

    @Override public void setModel(Sequential model) {
        this.model = model;
    }

    @Override public void onEpochBegin(int epoch, Map<String, Double> logs) {
        double rate = schedule.learningRate(epoch, model.optimizer().learningRate());
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule returned " + rate + " for epoch "
                    + epoch + "; it must return a positive finite learning rate");
        }
        model.optimizer().setLearningRate(rate);
    }

    /** Adds the epoch's learning rate to the logs as "learning_rate", as Keras does. */
    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put("learning_rate", model.optimizer().learningRate());
    }
}
