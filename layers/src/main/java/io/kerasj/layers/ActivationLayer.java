package io.kerasj.layers;

import io.kerasj.core.Activation;
import io.kerasj.core.BaseLayer;
import io.kerasj.core.Configs;
import io.kerasj.core.Layer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Applies an activation to its input, as Keras's {@code layers.Activation("softmax")}: a = f(x), of the input's
 * shape, no weights. Its type name is Keras's, "Activation"; the Java class is named {@code ActivationLayer} so that
 * it does not hide {@link Activation}, the function it applies.
 */
public final class ActivationLayer extends BaseLayer {

    /** @param activation the function to apply */
    public ActivationLayer(Activation activation) {
        super("Activation", activation);
    }

    /** @param activation a Keras activation name ("relu", "softmax", "gelu", ...) */
    public ActivationLayer(String activation) {
        this(Activation.get(activation));
    }

    public ActivationLayer named(String name) {
        setName(name);
        return this;
    }

    @Override public ActivationLayer inputShape(long... shape) {
        super.inputShape(shape);
        return this;
    }

    @Override protected long[] build(long[] inputShape) {
        return inputShape;
    }

    /** z = x; the activation, applied after this by the base class, gives a = f(x). */
    @Override protected void call(INDArray x, INDArray z, boolean training) {
        ops().copy(x, z);
    }

    /** ∂L/∂x = ∂L/∂z: the activation's own backward has already turned ∂L/∂a into ∂L/∂z. */
    @Override protected void backward(INDArray x, INDArray gradZ, INDArray gradX) {
        if (gradX != null) {
            ops().copy(gradZ, gradX);
        }
    }

    @Override public Layer replica() {
        return replicaOf(new ActivationLayer(activation()));
    }

    @Override public String toString() {
        return "Activation(" + (name() == null ? "" : "name=" + name() + ", ") + activation().name() + ")";
    }

    /** {@code name} and {@code activation}, as Keras's keys. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name());
        config.put("activation", activation().name());
        return config;
    }

    /** The layer {@link #config()} describes. */
    public static ActivationLayer fromConfig(Map<String, Object> config) {
        Configs.checkKeys("Activation", config, "name", "activation");
        ActivationLayer layer = new ActivationLayer(Configs.string("Activation", config, "activation", "linear"));
        String name = Configs.string("Activation", config, "name", null);
        if (name != null) {
            layer.named(name);
        }
        return layer;
    }
}
