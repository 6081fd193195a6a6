package io.kerasj.core;

import io.kerasj.metrics.AUC;
import io.kerasj.metrics.Accuracy;
import io.kerasj.metrics.MeanMetric;
import io.kerasj.metrics.PrecisionRecall;
import io.kerasj.metrics.SparseTopKCategoricalAccuracy;
import io.kerasj.metrics.TopKCategoricalAccuracy;
import java.util.List;
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

    /** The names {@link #get} knows. */
    List<String> NAMES = List.of("accuracy", "acc", "categorical_accuracy", "sparse_categorical_accuracy",
            "binary_accuracy", "precision", "recall", "mae", "mean_absolute_error", "mse", "mean_squared_error",
            "root_mean_squared_error", "auc", "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy");

    /**
     * The metric with this Keras name: "accuracy"/"acc", "categorical_accuracy", "sparse_categorical_accuracy",
     * "binary_accuracy", "precision", "recall", "mae"/"mean_absolute_error", "mse"/"mean_squared_error",
     * "root_mean_squared_error", "auc" (ROC, 200 thresholds), "top_k_categorical_accuracy",
     * "sparse_top_k_categorical_accuracy" (k = 5). As in Keras, the metric is logged under the name given.
     */
    static Metric get(String name) {
        if (name == null) {
            throw new IllegalArgumentException("Metric name is null; expected one of " + NAMES);
        }
        return switch (name) {
            case "accuracy", "acc" -> new Accuracy(name, Accuracy.Kind.FROM_SHAPES);
            case "categorical_accuracy" -> new Accuracy(name, Accuracy.Kind.CATEGORICAL);
            case "sparse_categorical_accuracy" -> new Accuracy(name, Accuracy.Kind.SPARSE);
            case "binary_accuracy" -> new Accuracy(name, Accuracy.Kind.BINARY);
            case "precision" -> PrecisionRecall.precision();
            case "recall" -> PrecisionRecall.recall();
            case "mae", "mean_absolute_error" -> new MeanMetric(name, MeanMetric.Kind.ABSOLUTE_ERROR);
            case "mse", "mean_squared_error" -> new MeanMetric(name, MeanMetric.Kind.SQUARED_ERROR);
            case "root_mean_squared_error" -> new MeanMetric(name, MeanMetric.Kind.ROOT_SQUARED_ERROR);
            case "auc" -> new AUC();
            case "top_k_categorical_accuracy" -> new TopKCategoricalAccuracy();
            case "sparse_top_k_categorical_accuracy" -> new SparseTopKCategoricalAccuracy();
            default -> throw new IllegalArgumentException("Unknown metric \"" + name + "\"; expected one of " + NAMES);
        };
    }

    /**
     * Whether a higher value is better (accuracies, precision, recall): what {@code mode="auto"} of the callbacks
     * watching it reads. By default, from the name as Keras infers it.
     */
    default boolean higherIsBetter() {
        return higherIsBetter(name());
    }

    /** Whether a log key names a metric where higher is better: accuracy, AUC, precision or recall, and not a loss. */
    static boolean higherIsBetter(String key) {
        String name = key.startsWith("val_") ? key.substring(4) : key;
        return !name.endsWith("loss") && (name.contains("acc") || name.contains("auc") || name.contains("precision")
                || name.contains("recall"));
    }
}
