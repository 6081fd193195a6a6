package io.kerasj.core;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of a {@link Sequential} model: forward, backward, parameters.
 *
 * <p>Life cycle: the model names the layer, calls {@link #build} once the input width is known, hands
 * it views into the model's flat parameter and gradient buffers ({@link #bind}), and then calls
 * {@link #forward} and {@link #backward} every step. Returned arrays are buffers the layer owns and
 * reuses for the next call with the same batch size: read them before the next call, never keep them.
 *
 * <p>A layer's last operation is its {@link #activation()}. The model may read the pre-activation
 * z instead of the output a and hand back ∂L/∂z through {@link #backwardFromPreActivation}: that is how a
 * softmax output and a cross-entropy loss fuse (see {@link Objective}).
 */
public interface Layer {

    /** The layer's name, unique within its model ("dense", "dense_1", ...); null until assigned. */
    String name();

    /** Sets the name; the model calls this for layers created without one. */
    void setName(String name);

    /** A short type name for summaries and saved configs, as Keras's class names ("Dense"). */
    String typeName();

    /** The input width declared on the layer, or -1 if it is to be inferred from the data. */
    int declaredInputWidth();

    /** Fixes the input width; called once, before {@link #bind}. */
    void build(int inputWidth);

    /** The input width fixed by {@link #build}, or -1 before it. */
    int inputWidth();

    /** The output width (the number of units). */
    int outputWidth();

    /** The shapes of this layer's weights, in Keras order (Dense: kernel [in, out], then bias [out]). */
    List<long[]> weightShapes();

    /**
     * Gives the layer its weights and their gradients: one view each, per {@link #weightShapes()}, into the
     * model's flat buffers (which the optimizer updates in one pass).
     */
    void bind(List<INDArray> weights, List<INDArray> gradients);

    /** Draws initial weights into the bound views from the given seeded source. */
    void initialize(java.util.Random random);

    /** The activation applied last; {@link Activation#LINEAR} if none. */
    Activation activation();

    /**
     * Computes the output a = activation(z) for a batch {@code x} of shape [m, inputWidth], and keeps z and a
     * for the backward pass. The returned [m, outputWidth] array is the layer's buffer.
     */
    default INDArray forward(INDArray x) {
        return forward(x, true);
    }

    /**
     * As {@link #forward(INDArray)}; with {@code applyActivation} false the layer stops at z and returns its
     * output buffer as it was, for the caller to fill: the fused softmax/cross-entropy writes softmax(z) there
     * as it computes the loss (see {@link Objective}).
     */
    INDArray forward(INDArray x, boolean applyActivation);

    /** The pre-activation z of the last {@link #forward} call, shape [m, outputWidth]. */
    INDArray preActivation();

    /**
     * Back-propagates ∂L/∂a of the last forward call: writes the weight gradients into the bound gradient
     * views and returns ∂L/∂x (the layer's buffer), or null when {@code needInputGradient} is false (the first
     * layer has no one to pass it to).
     */
    INDArray backward(INDArray gradOutput, boolean needInputGradient);

    /** As {@link #backward}, but given ∂L/∂z directly, skipping the activation's derivative. */
    INDArray backwardFromPreActivation(INDArray gradPreActivation, boolean needInputGradient);

    /** The data type the layer's buffers are allocated in; set by the model before the first forward. */
    void setDataType(DataType dataType);

    /**
     * A second layer of this configuration, built and typed as this one but with buffers of its own and not yet
     * bound: the model binds it to this layer's weights and to gradient views of its own, so that a second core
     * can carry other rows of a large batch forward and back at the same time. Layers without one return null,
     * the default; a model with such a layer works through large batches on one core.
     */
    default Layer replica() {
        return null;
    }

    /**
     * The layer's Keras-style configuration, from which the factory registered for {@link #typeName()} in a
     * {@link Catalog} recreates it when a saved model is loaded: JSON values only (String, Number, Boolean,
     * null) under snake_case keys, including the layer's {@code "name"}. Layers that cannot be saved keep
     * this default, which refuses.
     */
    default Map<String, Object> config() {
        throw new UnsupportedOperationException("Layer \"" + name() + "\" (" + typeName()
                + ") cannot be saved: it does not implement config()");
    }
}
