package io.kerasj.layers;

import io.kerasj.core.Configs;
import io.kerasj.core.Layer;
import java.util.Map;

/**
 * Declares the shape of a model's inputs, without the batch axis, as Keras 3's {@code keras.Input(shape=(28, 28))}
 * at the head of a {@code Sequential}: {@code new Sequential(new Input(28, 28), new Flatten(), new Dense(10))}.
 * It passes its input on unchanged; Keras's summaries leave it out, and so does {@code summary()}. Its type name is
 * Keras's class name, "InputLayer".
 */
public final class Input extends ShapeLayer {

    /** @param shape the sizes of one sample, each &gt; 0 */
    public Input(long... shape) {
        super("InputLayer");
        declareInputShape(shape);
    }

    public Input named(String name) {
        setName(name);
        return this;
    }

    @Override long[] outputShapeFor(long[] inputShape) {
        return inputShape;
    }

    @Override public Layer replica() {
        Input replica = new Input(declaredInputShape());
        replica.setName(name());
        replica.build(inputShape(), null, null);
        return replica;
    }

    @Override public String toString() {
        return "Input(shape=" + java.util.Arrays.toString(declaredInputShape()) + ")";
    }

    /** The layer {@link #config()} describes: {@code batch_shape} [null, sizes...] is required. */
    public static Input fromConfig(Map<String, Object> config) {
        Configs.checkKeys("InputLayer", config, "name", "batch_shape", "dtype", "sparse", "ragged");
        Input input = new Input(fromBatchShape("InputLayer", config));
        input.setName(savedName("InputLayer", config));
        return input;
    }
}
