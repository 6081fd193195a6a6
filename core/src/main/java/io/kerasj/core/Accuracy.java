package io.kerasj.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fraction of samples predicted right. Which comparison applies is read from the shapes, as Keras's
 * "accuracy" does: a single output column is binary (threshold 0.5, as Keras, even for logits); integer
 * targets [m] or [m, 1] against k &gt; 1 outputs are sparse (id == argmax); one-hot [m, k] targets are
 * categorical (argmax == argmax).
 */
final class Accuracy implements Metric {

    enum Kind { FROM_SHAPES, CATEGORICAL, SPARSE, BINARY }

    private final String name;
    private final Kind kind;
    private long correct;
    private long total;

    Accuracy(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    @Override public String name() { return name; }

    @Override public void reset() {
        correct = 0;
        total = 0;
    }

    @Override public void update(INDArray yTrue, INDArray yPred) {
        long m = yPred.rows();
        long k = yPred.columns();
        Kind resolved = kind != Kind.FROM_SHAPES ? kind
                : k == 1 ? Kind.BINARY
                : yTrue.rank() == 1 || yTrue.columns() == 1 ? Kind.SPARSE
                : Kind.CATEGORICAL;
        switch (resolved) {
            case BINARY -> {
                INDArray predicted = yPred.reshape(m).gt(0.5).castTo(yTrue.dataType());
                correct += predicted.eq(yTrue.reshape(m)).castTo(org.nd4j.linalg.api.buffer.DataType.INT)
                        .sumNumber().longValue();
            }
            case SPARSE -> {
                INDArray predicted = yPred.argMax(1).castTo(yTrue.dataType());
                correct += predicted.eq(yTrue.reshape(m)).castTo(org.nd4j.linalg.api.buffer.DataType.INT)
                        .sumNumber().longValue();
            }
            default -> correct += yPred.argMax(1).eq(yTrue.argMax(1))
                    .castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        }
        total += m;
    }

    @Override public double result() {
        return total == 0 ? 0.0 : (double) correct / total;
    }
}
