package io.kerasj.core;

import io.kerasj.engine.Backends;
import io.kerasj.ops.Ops;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss: one formula, reduced by the mean over the batch (Keras's default "sum_over_batch_size"), written with
 * {@link Ops} so that it runs on either engine.
 *
 * <p>Arguments come in Keras's order, targets first. {@code yPred} is [m, k]; the shape of {@code yTrue}
 * depends on the loss (one-hot [m, k], or class ids [m, 1] for the sparse form).
 *
 * <p>A loss keeps no state from call to call: the two halves of a large batch may call it from two threads at
 * once, on different rows (see {@link Layer#replica()}).
 */
public interface Loss {

    /** The Keras name, as accepted by {@code compile}: "categorical_crossentropy", ... */
    String name();

    /**
     * The mean loss over the batch, and ∂L/∂yPred written into {@code grad} (same shape as {@code yPred}) unless it
     * is null. The gradient includes the 1/m of the batch mean, so that it matches the value exactly.
     */
    double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad);

    /** The mean loss over the batch, on the engine of the ND4J backend in use. */
    default double compute(INDArray yTrue, INDArray yPred) {
        return compute(Backends.standalone(), yTrue, yPred, null);
    }

    /** Writes ∂L/∂yPred into {@code grad}, on the engine of the ND4J backend in use. */
    default void gradient(INDArray yTrue, INDArray yPred, INDArray grad) {
        compute(Backends.standalone(), yTrue, yPred, grad);
    }

    /**
     * Each sample's loss l_i, whose mean over the batch {@link #compute} returns, written into {@code out} (m
     * elements): what sample and class weights multiply, as Keras's losses with reduction "none". This default
     * computes one row at a time, which serves any loss at the cost of m small calls; a loss may override it with
     * one pass over the batch.
     */
    default void perSample(Ops ops, INDArray yTrue, INDArray yPred, INDArray out) {
        int m = (int) yPred.size(0);
        if (out.length() != m) {
            throw new IllegalArgumentException(name() + ".perSample: " + m + " samples into " + out.length()
                    + " elements");
        }
        double[] values = new double[m];
        for (int i = 0; i < m; i++) {
            values[i] = compute(ops, Utils.rows(yTrue, i, i + 1), Utils.rows(yPred, i, i + 1), null);
        }
        ops.write(values, out);
    }

    /**
     * The fused training step's call (see {@link Objective}), for a loss reading logits: {@link #compute} on logits
     * z, and the model's output link(z) written into {@code output} unless it is null (no metric reads it). A loss
     * may override it to compute link(z) in the same pass as the loss; this default applies the link separately.
     */
    default double computeWithOutput(Ops ops, INDArray yTrue, INDArray logits, INDArray grad, INDArray output) {
        if (!fromLogits() || link() == null) {
            throw new IllegalStateException(name() + ": computeWithOutput is for a loss reading logits");
        }
        if (output != null) {
            link().forward(ops, logits, output);
        }
        return compute(ops, yTrue, logits, grad);
    }

    /**
     * Rejects targets this loss cannot read, with a message naming the row and value, before training
     * starts. {@code outputWidth} is the model's output width k. NaN and infinite values are rejected before.
     */
    void checkTargets(INDArray yTrue, int outputWidth);

    /**
     * The output activation whose outputs this loss reads as probabilities and can instead read as
     * logits (softmax for the categorical cross-entropies, sigmoid for the binary one), or null.
     */
    default Activation link() {
        return null;
    }

    /** True when {@code yPred} is read as logits (pre-activations), as Keras's {@code from_logits}. */
    default boolean fromLogits() {
        return false;
    }

    /** The same loss, with the same options, reading logits; only called when {@link #link()} is not null. */
    default Loss onLogits() {
        throw new UnsupportedOperationException(name() + " has no logits form");
    }

    /**
     * The loss's options as a Keras-style config (JSON values under snake_case keys, e.g.
     * {@code {"from_logits": false, "label_smoothing": 0.0}}), from which the factory registered under
     * {@link #name()} in a {@link Catalog} recreates it. Default: no options.
     */
    default Map<String, Object> config() {
        return Map.of();
    }
}
