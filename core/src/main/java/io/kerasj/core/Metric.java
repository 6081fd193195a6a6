package io.kerasj.core;

import io.kerasj.metrics.Accuracy;
import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A quantity averaged over an epoch, such as accuracy; updated batch by batch, read at the end. */
public interface Metric {

    /** The name under which it appears in logs and {@link History}: "accuracy". */
    String name();

    /** Starts a new epoch. */
    void reset();

    /** Accumulates one batch; {@code yPred} is the model's output (probabilities, or logits for a linear output). */
    void update(INDArray yTrue, INDArray yPred);

    /** {@link #update(INDArray, INDArray)} with the model's engine, which the model calls; by default it is not used. */
    default void update(Ops ops, INDArray yTrue, INDArray yPred) {
        update(yTrue, yPred);
    }

    /** The value over everything accumulated since {@link #reset()}. */
    double result();

    /** The metric with this Keras name: "accuracy"/"acc", "categorical_accuracy", "sparse_categorical_accuracy", "binary_accuracy". */
    static Metric get(String name) {
        if (name == null) {
            throw new IllegalArgumentException("Metric name is null; expected one of [accuracy, categorical_accuracy, "
                    + "sparse_categorical_accuracy, binary_accuracy]");
        }
        return switch (name) {
            case "accuracy", "acc" -> new Accuracy(name, Accuracy.Kind.FROM_SHAPES);
            case "categorical_accuracy" -> new Accuracy(name, Accuracy.Kind.CATEGORICAL);
            case "sparse_categorical_accuracy" -> new Accuracy(name, Accuracy.Kind.SPARSE);
            case "binary_accuracy" -> new Accuracy(name, Accuracy.Kind.BINARY);
            default -> throw new IllegalArgumentException("Unknown metric \"" + name + "\"; expected one of "
                    + "[accuracy, categorical_accuracy, sparse_categorical_accuracy, binary_accuracy]");
        };
    }
}
