package io.kerasj.callbacks;

import io.kerasj.core.Callback;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A callback made of functions, as Keras's {@code LambdaCallback}: any of them may be null (nothing happens).
 *
 * <pre>{@code
 * new LambdaCallback((epoch, logs) -> System.out.println(epoch + ": " + logs.get("loss")))
 * }</pre>
 */
public final class LambdaCallback implements Callback {

    private final BiConsumer<Integer, Map<String, Double>> onEpochBegin;
    private final BiConsumer<Integer, Map<String, Double>> onEpochEnd;
    private final BiConsumer<Integer, Map<String, Double>> onBatchBegin;
    private final BiConsumer<Integer, Map<String, Double>> onBatchEnd;
    private final Consumer<Map<String, Double>> onTrainBegin;
    private final Consumer<Map<String, Double>> onTrainEnd;

    /** Only an end-of-epoch function, the common case. */
    public LambdaCallback(BiConsumer<Integer, Map<String, Double>> onEpochEnd) {
        this(null, onEpochEnd, null, null, null, null);
    }

    /** Keras's argument order: epoch begin and end, batch begin and end, train begin and end. */
    public LambdaCallback(BiConsumer<Integer, Map<String, Double>> onEpochBegin,
                          BiConsumer<Integer, Map<String, Double>> onEpochEnd,
                          BiConsumer<Integer, Map<String, Double>> onBatchBegin,
                          BiConsumer<Integer, Map<String, Double>> onBatchEnd,
                          Consumer<Map<String, Double>> onTrainBegin,
                          Consumer<Map<String, Double>> onTrainEnd) {
        this.onEpochBegin = onEpochBegin;
        this.onEpochEnd = onEpochEnd;
        this.onBatchBegin = onBatchBegin;
        this.onBatchEnd = onBatchEnd;
        this.onTrainBegin = onTrainBegin;
        this.onTrainEnd = onTrainEnd;
    }

    @Override public void onEpochBegin(int epoch, Map<String, Double> logs) {
        if (onEpochBegin != null) {
            onEpochBegin.accept(epoch, logs);
        }
    }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (onEpochEnd != null) {
            onEpochEnd.accept(epoch, logs);
        }
    }

    @Override public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        if (onBatchBegin != null) {
            onBatchBegin.accept(batch, logs);
        }
    }

    @Override public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        if (onBatchEnd != null) {
            onBatchEnd.accept(batch, logs);
        }
    }

    @Override public void onTrainBegin(Map<String, Double> logs) {
        if (onTrainBegin != null) {
            onTrainBegin.accept(logs);
        }
    }

    @Override public void onTrainEnd(Map<String, Double> logs) {
        if (onTrainEnd != null) {
            onTrainEnd.accept(logs);
        }
    }
}
