package io.kerasj.core;

import io.kerasj.metrics.AUC;
import io.kerasj.metrics.Accuracy;
import io.kerasj.metrics.MeanMetric;
import io.kerasj.metrics.PrecisionRecall;
import io.kerasj.metrics.SparseTopKCategoricalAccuracy;
import io.kerasj.metrics.TopKCategoricalAccuracy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
     * The Keras class name under which {@link #config()} is saved with the model ("AUC", "Precision"), or null for a
     * metric its name alone recreates through {@link #get}, the default.
     */
    default String className() {
        return null;
    }

    /**
     * The metric's options under Keras's keys ({@code {"name": "auc", "num_thresholds": 50, "curve": "PR", ...}}),
     * saved with the model's compile configuration so that a loaded model computes the same metric; null, the
     * default, saves the name alone. A metric of your own is saved by name and skipped, with a warning, on load.
     */
    default Map<String, Object> config() {
        return null;
    }

    /** What a saved model holds for {@code metric}: its name, or {@code {"class_name": ..., "config": {...}}}. */
    static Object serialize(Metric metric) {
        Map<String, Object> config = metric.config();
        if (config == null) {
            return metric.name();
        }
        Map<String, Object> serialized = new LinkedHashMap<>();
        serialized.put("class_name", metric.className());
        serialized.put("config", new TreeMap<>(config));
        return serialized;
    }

    /**
     * The metric a {@link #serialize} entry describes: a name for {@link #get}, or a built-in metric's class name
     * and config ("Precision", "Recall", "AUC", "TopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy").
     *
     * @throws IllegalArgumentException for an unknown name or class, or a bad config
     */
    static Metric deserialize(Object entry) {
        if (entry instanceof String name) {
            return get(name);
        }
        if (!(entry instanceof Map<?, ?> map) || !(map.get("class_name") instanceof String className)
                || !(map.get("config") instanceof Map<?, ?> inner)) {
            throw new IllegalArgumentException("A saved metric must be a name or {\"class_name\": ..., \"config\": "
                    + "{...}}. Received: " + entry);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        inner.forEach((k, v) -> config.put(String.valueOf(k), v));
        return switch (className) {
            case "Precision", "Recall" -> PrecisionRecall.fromConfig(className, config);
            case "AUC" -> AUC.fromConfig(config);
            case "TopKCategoricalAccuracy" -> new TopKCategoricalAccuracy(topK(className, config));
            case "SparseTopKCategoricalAccuracy" -> new SparseTopKCategoricalAccuracy(topK(className, config));
            default -> throw new IllegalArgumentException("Unknown metric class \"" + className + "\"; known: "
                    + "Precision, Recall, AUC, TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy");
        };
    }

    private static int topK(String className, Map<String, Object> config) {
        Configs.checkKeys(className, config, "name", "k");
        return Configs.integer(className, config, "k", 5);
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
