package io.kerasj.metrics;

/**
 * Keras's {@code TopKCategoricalAccuracy(k=5)}: the fraction of rows whose one-hot target's class is among the k
 * largest predictions (ties at the k-th place count in, as TensorFlow's {@code in_top_k}); logged as
 * "top_k_categorical_accuracy". Example: predictions [0.1, 0.5, 0.4] and target class 2 are right for k = 2, wrong
 * for k = 1.
 */
public final class TopKCategoricalAccuracy extends TopKAccuracy {

    /** k = 5, as Keras. */
    public TopKCategoricalAccuracy() {
        this(5);
    }

    /** @param k &gt; 0 */
    public TopKCategoricalAccuracy(int k) {
        super(k, "top_k_categorical_accuracy", false);
    }

    @Override public String toString() {
        return "TopKCategoricalAccuracy(k=" + k() + ")";
    }
}
