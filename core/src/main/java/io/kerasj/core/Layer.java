package io.kerasj.core;

import io.kerasj.ops.Ops;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of a {@link Sequential} model: forward, backward, weights. To write one, extend {@link BaseLayer}, which
 * needs only the shapes, forward and backward.
 *
 * <p>Life cycle: the model names the layer, calls {@link #build} once the input shape is known, hands it views into
 * the model's flat weight and gradient buffers ({@link #bind}), draws its initial weights ({@link #initialize}), and
 * then calls {@link #forward} and {@link #backward} every step. Shapes leave out the batch axis, as Keras's
 * {@code input_shape} does; arrays passed in and out have it first. Returned arrays are buffers the layer owns and
 * reuses for the next call with the same batch size: read them before the next call, never keep them.
 *
 * <p>A layer's last operation is its {@link #activation()}. The model may read the pre-activation z instead of the
 * output a and hand back ∂L/∂z through {@link #backwardFromPreActivation}: that is how a softmax output and a
 * cross-entropy loss fuse (see {@link Objective}).
 */
public interface Layer {

    /** The layer's name, unique within its model ("dense", "dense_1", ...); null until assigned. */
    String name();

    /** Sets the name; the model calls this for layers created without one. */
    void setName(String name);

    /** A short type name for summaries and saved configs, as Keras's class names ("Dense"). */
    String typeName();

    /** The input shape declared on the layer (Keras's {@code input_shape}, without the batch axis), or null. */
    long[] declaredInputShape();

    /**
     * Fixes the input shape (without the batch axis), the type of the layer's buffers and the engine it computes with;
     * called once, before {@link #bind}.
     */
    void build(long[] inputShape, DataType dataType, Ops ops);

    /** The input shape fixed by {@link #build} (without the batch axis), or null before it. */
    long[] inputShape();

    /** The output shape (without the batch axis), or null while it depends on an input shape not yet known. */
    long[] outputShape();

    /** The shapes of the trainable weights, in Keras order (Dense: kernel [in, out], then bias [out]); after build. */
    List<long[]> weightShapes();

    /** The shapes of the non-trainable weights (moving statistics), after the trainable ones in Keras order. */
    default List<long[]> nonTrainableWeightShapes() {
        return List.of();
    }

    /**
     * Gives the layer its weights: views into the model's flat buffers, per {@link #weightShapes()} and then
     * {@link #nonTrainableWeightShapes()} in {@code weights}, and the gradients of the trainable ones in
     * {@code gradients}. The optimizer updates the trainable ones; only the layer changes the others.
     */
    void bind(List<INDArray> weights, List<INDArray> gradients);

    /** Draws initial weights into the bound views from the given seeded source. */
    void initialize(Random random);

    /** The activation applied last; {@link Activation#LINEAR} if none. */
    Activation activation();

    /**
     * Computes the output a = activation(z) for a batch {@code x} of shape [m, inputShape...], and keeps what backward
     * needs; {@code training} is Keras's flag (true in {@code fit}, false in {@code evaluate} and {@code predict}),
     * which layers such as dropout read. With {@code applyActivation} false the layer stops at z and returns its
     * output buffer as it was, for the caller to fill: the fused softmax/cross-entropy writes softmax(z) there as it
     * computes the loss (see {@link Objective}).
     */
    INDArray forward(INDArray x, boolean training, boolean applyActivation);

    /** {@link #forward(INDArray, boolean, boolean)} with the activation applied. */
    default INDArray forward(INDArray x, boolean training) {
        return forward(x, training, true);
    }

    /** The pre-activation z of the last {@link #forward} call, shape [m, outputShape...]. */
    INDArray preActivation();

    /**
     * Back-propagates ∂L/∂a of the last forward call: writes the weight gradients into the bound gradient views and
     * returns ∂L/∂x (the layer's buffer), or null when {@code needInputGradient} is false (the first layer has no
     * one to pass it to).
     */
    INDArray backward(INDArray gradOutput, boolean needInputGradient);

    /** As {@link #backward}, but given ∂L/∂z directly, skipping the activation's derivative. */
    INDArray backwardFromPreActivation(INDArray gradPreActivation, boolean needInputGradient);

    /**
     * A second layer of this configuration, built as this one but with buffers of its own and not yet bound: the
     * model binds it to this layer's weights and to gradient views of its own, so that a second core can carry other
     * rows of a large batch forward and back at the same time. Layers without one return null, the default; a model
     * with such a layer works through large batches on one core.
     */
    default Layer replica() {
        return null;
    }

    /**
     * Whether, in training, each output row depends only on the same input row, as in Dense, Dropout and the
     * activations. A layer that computes over the batch returns false (BatchNormalization's batch statistics): the
     * model then never works a large batch through in chunks, which would give such a layer each chunk's statistics
     * instead of the batch's.
     */
    default boolean rowsIndependent() {
        return true;
    }

    /**
     * The layer's Keras-style configuration, from which the factory registered for {@link #typeName()} in a
     * {@link Catalog} recreates it when a saved model is loaded: JSON values only (String, Number, Boolean, null,
     * lists of numbers) under snake_case keys, including the layer's {@code "name"}. Layers that cannot be saved
     * keep this default, which refuses.
     */
    default Map<String, Object> config() {
        throw new UnsupportedOperationException("Layer \"" + name() + "\" (" + typeName()
                + ") cannot be saved: it does not implement config()");
    }
}
