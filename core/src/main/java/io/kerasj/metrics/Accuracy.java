package io.kerasj.metrics;

import io.kerasj.core.Metric;
import io.kerasj.engine.Backends;
import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fraction of predictions that are right. Which comparison applies is read from the shapes, as Keras's
 * "accuracy" does: a single output column is binary (threshold 0.5, as Keras, even for logits); integer targets
 * [m] or [m, 1] against k &gt; 1 outputs are sparse (id == argmax); one-hot [m, k] targets are categorical
 * (argmax == argmax). Binary accuracy counts every entry, as Keras averages it over all of them.
 */
public final class Accuracy implements Metric {

    /** Which comparison: from the shapes ("accuracy"), or the one a Keras name fixes. */
    public enum Kind { FROM_SHAPES, CATEGORICAL, SPARSE, BINARY }

    private final String name;
    private final Kind kind;
    private long correct;
    private long total;

    public Accuracy(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    @Override public String name() { return name; }

    @Override public void reset() {
        correct = 0;
        total = 0;
    }

    @Override public void update(INDArray yTrue, INDArray yPred) {
        update(Backends.standalone(), yTrue, yPred);
    }

    /**
     * The comparison for the last pair of arrays, kept with them: a training step passes the same buffers again and
     * again, and every ND4J shape query goes through several calls.
     */
    private INDArray lastTrue;
    private INDArray lastPred;
    private INDArray targets;
    private Kind resolved;
    private long rows;
    private long entries;

    @Override public void update(Ops ops, INDArray yTrue, INDArray yPred) {
        if (yTrue != lastTrue || yPred != lastPred) {
            rows = yPred.size(0);
            entries = yPred.length();
            long k = entries / Math.max(1, rows);
            resolved = kind != Kind.FROM_SHAPES ? kind
                    : k == 1 ? Kind.BINARY
                    : yTrue.length() == rows ? Kind.SPARSE
                    : Kind.CATEGORICAL;
            targets = resolved == Kind.SPARSE && yTrue.rank() == 1 ? yTrue.reshape(rows, 1) : yTrue;
            lastTrue = yTrue;
            lastPred = yPred;
        }
        switch (resolved) {
            case BINARY -> {
                correct += ops.countThresholdMatches(yPred, targets, 0.5);
                total += entries;
            }
            case SPARSE -> {
                correct += ops.countArgMaxMatches(yPred, targets, true);
                total += rows;
            }
            default -> {
                correct += ops.countArgMaxMatches(yPred, targets, false);
                total += rows;
            }
        }
    }

    @Override public double result() {
        return total == 0 ? 0.0 : (double) correct / total;
    }
}
