package io.kerasj.core;

import io.kerasj.ops.Ops;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A model's weights: the trainable ones in one flat buffer, with their gradients in a second buffer of the same
 * layout, so that an optimizer updates everything in a few calls; the non-trainable ones (a layer's moving
 * statistics) in a third, which only their layers change.
 *
 * @param values         flat [n] buffer of every trainable weight, layer by layer in Keras order
 * @param gradients      flat [n] buffer of ∂L/∂values, same layout
 * @param valueViews     one view of {@code values} per trainable weight tensor (kernel [in, out], bias [out], ...)
 * @param gradientViews  the matching views of {@code gradients}
 * @param nonTrainable   flat buffer of every non-trainable weight (empty for a model without any)
 * @param weights        every weight tensor in Keras's {@code get_weights()} order: layer by layer, each layer's
 *                       trainable weights and then its non-trainable ones
 * @param ops            the model's engine, which the optimizer updates the buffers with
 */
public record Parameters(INDArray values, INDArray gradients, List<INDArray> valueViews,
                         List<INDArray> gradientViews, INDArray nonTrainable, List<INDArray> weights, Ops ops) {

    /** Trainable weights only (a custom training loop's, or an optimizer test's), updated with {@code ops}. */
    public Parameters(INDArray values, INDArray gradients, List<INDArray> valueViews, List<INDArray> gradientViews,
            Ops ops) {
        this(values, gradients, valueViews, gradientViews, Nd4j.zeros(values.dataType(), 0), valueViews, ops);
    }

    /** The number of trainable scalar parameters. */
    public long size() {
        return values.length();
    }

    /**
     * Views of {@code flat} from element {@code offset} on, one per shape, in C order: how a layer's weights are laid
     * out in the flat buffers.
     */
    public static List<INDArray> split(INDArray flat, long offset, List<long[]> shapes) {
        List<INDArray> views = new ArrayList<>();
        for (long[] shape : shapes) {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            views.add(flat.get(NDArrayIndex.interval(offset, offset + n)).reshape('c', shape));
            offset += n;
        }
        return views;
    }

    /** The number of non-trainable scalar parameters. */
    public long nonTrainableSize() {
        return nonTrainable.length();
    }
}
