package io.kerasj.core;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * All trainable weights of a model in one flat buffer, with their gradients in a second buffer of the
 * same layout, so that an optimizer updates everything in a few native calls.
 *
 * @param values          flat [n] buffer of every weight, layer by layer in Keras order
 * @param gradients       flat [n] buffer of ∂L/∂values, same layout
 * @param valueViews      one view of {@code values} per weight tensor (kernel [in, out], bias [out], ...)
 * @param gradientViews   the matching views of {@code gradients}
 */
public record Parameters(INDArray values, INDArray gradients, List<INDArray> valueViews,
                         List<INDArray> gradientViews) {

    /** Total number of scalar parameters. */
    public long size() {
        return values.length();
    }
}
