package io.kerasj.metrics;

import io.kerasj.core.Metric;
import io.kerasj.engine.Backends;
import io.kerasj.ops.Ops;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@link TopKCategoricalAccuracy} and {@link SparseTopKCategoricalAccuracy} share: the fraction of rows
 * whose target class is among the k largest predictions. The target is a one-hot row (its first largest column) or,
 * for the sparse one, a class id ([m] or [m, 1]). Ties at the k-th place count in, as TensorFlow's {@code in_top_k}:
 * the target is in the top k when fewer than k classes score strictly higher.
 */
abstract class TopKAccuracy implements Metric {

    private final String name;
    private final int k;
    private final boolean sparse;
    private long correct;
    private long total;

    /**
     * @param k      &gt; 0
     * @param name   the name it is logged under
     * @param sparse whether targets are class ids rather than one-hot rows
     */
    TopKAccuracy(int k, String name, boolean sparse) {
        if (k <= 0) {
            throw new IllegalArgumentException(name + ": k must be a positive integer. Received: k=" + k);
        }
        this.name = name;
        this.k = k;
        this.sparse = sparse;
    }

    public int k() { return k; }

    @Override public String name() { return name; }

    /** Keras's class name: "TopKCategoricalAccuracy" or "SparseTopKCategoricalAccuracy". */
    @Override public String className() {
        return sparse ? "SparseTopKCategoricalAccuracy" : "TopKCategoricalAccuracy";
    }

    /** {@code name} and {@code k}, Keras's keys. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        config.put("k", k);
        return config;
    }

    @Override public boolean higherIsBetter() { return true; }

    @Override public void reset() {
        correct = 0;
        total = 0;
    }

    @Override public void update(INDArray yTrue, INDArray yPred) {
        update(Backends.standalone(), yTrue, yPred);
    }

    @Override public void update(Ops ops, INDArray yTrue, INDArray yPred) {
        long rows = yPred.size(0);
        long expected = sparse ? rows : yPred.length();
        if (yPred.rank() != 2 || yTrue.length() != expected) {
            throw new IllegalArgumentException(name + ": expected predictions [m, classes] and "
                    + (sparse ? "class ids [m] or [m, 1]" : "one-hot targets of the predictions' shape")
                    + ", got predictions " + Arrays.toString(yPred.shape()) + " and targets "
                    + Arrays.toString(yTrue.shape()));
        }
        correct += ops.countTopKMatches(yPred, yTrue, k, sparse);
        total += rows;
    }

    @Override public double result() {
        return total == 0 ? 0.0 : (double) correct / total;
    }
}
