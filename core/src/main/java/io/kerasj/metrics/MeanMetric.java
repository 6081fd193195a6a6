package io.kerasj.metrics;

import io.kerasj.core.Metric;
import io.kerasj.engine.Backends;
import io.kerasj.ops.Ops;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The regression metrics, each a running mean over every entry seen since {@link #reset()}: Keras's
 * {@code MeanAbsoluteError} (mean |ŷ − y|), {@code MeanSquaredError} (mean (ŷ − y)²) and
 * {@code RootMeanSquaredError} (√ of that mean, taken at the end, not a mean of per-batch roots).
 */
public final class MeanMetric implements Metric {

    /** Which mean. */
    public enum Kind { ABSOLUTE_ERROR, SQUARED_ERROR, ROOT_SQUARED_ERROR }

    private final String name;
    private final Kind kind;
    private double total;
    private long count;
    /** ŷ − y, kept for the shape of the last batch: a step allocates nothing. */
    private INDArray difference;

    public MeanMetric(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    /** Keras's {@code MeanAbsoluteError()}, logged as "mean_absolute_error". */
    public static MeanMetric meanAbsoluteError() {
        return new MeanMetric("mean_absolute_error", Kind.ABSOLUTE_ERROR);
    }

    /** Keras's {@code MeanSquaredError()}, logged as "mean_squared_error". */
    public static MeanMetric meanSquaredError() {
        return new MeanMetric("mean_squared_error", Kind.SQUARED_ERROR);
    }

    /** Keras's {@code RootMeanSquaredError()}, logged as "root_mean_squared_error". */
    public static MeanMetric rootMeanSquaredError() {
        return new MeanMetric("root_mean_squared_error", Kind.ROOT_SQUARED_ERROR);
    }

    @Override public String name() { return name; }

    @Override public void reset() {
        total = 0;
        count = 0;
    }

    @Override public void update(INDArray yTrue, INDArray yPred) {
        update(Backends.standalone(), yTrue, yPred);
    }

    @Override public void update(Ops ops, INDArray yTrue, INDArray yPred) {
        if (yTrue.length() != yPred.length()) {
            throw new IllegalArgumentException(name + ": targets of shape " + Arrays.toString(yTrue.shape())
                    + " for predictions of shape " + Arrays.toString(yPred.shape()));
        }
        if (difference == null || !Arrays.equals(difference.shape(), yPred.shape())) {
            difference = yPred.ulike();
        }
        ops.sub(yPred, yTrue, difference);
        if (kind == Kind.ABSOLUTE_ERROR) {
            ops.abs(difference, difference);
            total += ops.sum(difference);
        } else {
            total += ops.sumSquares(difference);
        }
        count += yPred.length();
    }

    @Override public double result() {
        if (count == 0) {
            return 0.0;
        }
        double mean = total / count;
        return kind == Kind.ROOT_SQUARED_ERROR ? Math.sqrt(mean) : mean;
    }
}
