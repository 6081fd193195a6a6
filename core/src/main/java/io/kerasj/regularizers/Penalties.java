package io.kerasj.regularizers;

import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The elastic-net penalty l1·Σ|w| + l2·Σw² and its gradient l1·sign(w) + 2·l2·w, which L1, L2 and L1L2 share. */
final class Penalties {

    private Penalties() {}

    /** A factor as Keras validates it: a finite number &gt;= 0. */
    static double factor(String type, String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(type + ": invalid value for argument " + key
                    + ": expected a non-negative float. Received: " + key + "=" + value);
        }
        return value;
    }

    /** l1·Σ|w| + l2·Σw²; Σ|w| is taken through {@code scratch}, or without when l1 is 0. */
    static double penalty(Ops ops, INDArray w, double l1, double l2, INDArray scratch) {
        double value = 0;
        if (l1 > 0) {
            ops.abs(w, scratch);
            value += l1 * ops.sum(scratch);
        }
        if (l2 > 0) {
            value += l2 * ops.sumSquares(w);
        }
        return value;
    }

    /** gradient += l1·sign(w) + 2·l2·w (sign(0) = 0: the subgradient TensorFlow takes for |w| at 0). */
    static void addGradient(Ops ops, INDArray w, double l1, double l2, INDArray gradient, INDArray scratch) {
        if (l1 > 0) {
            ops.sign(w, scratch);
            ops.scale(scratch, l1, scratch);
            ops.add(gradient, scratch, gradient);
        }
        if (l2 > 0) {
            ops.scale(w, 2 * l2, scratch);
            ops.add(gradient, scratch, gradient);
        }
    }
}
