package io.kerasj.metrics;

/**
 * Keras's {@code SparseTopKCategoricalAccuracy(k=5)}: {@link TopKCategoricalAccuracy} for class-id targets ([m] or
 * [m, 1]); logged as "sparse_top_k_categorical_accuracy". An id outside [0, classes) is never right.
 */
public final class SparseTopKCategoricalAccuracy extends TopKAccuracy {

    /** k = 5, as Keras. */
    public SparseTopKCategoricalAccuracy() {
        this(5);
    }

    /** @param k &gt; 0 */
    public SparseTopKCategoricalAccuracy(int k) {
        super(k, "sparse_top_k_categorical_accuracy", true);
    }

    @Override public String toString() {
        return "SparseTopKCategoricalAccuracy(k=" + k() + ")";
    }
}
