package io.kerasj.layers;

import io.kerasj.core.Configs;
import io.kerasj.core.Layer;
import java.util.Map;

/**
 * Flattens each sample into a vector: [m, d1, d2, ...] becomes [m, d1·d2·...], as Keras's {@code Flatten}, so that
 * {@code Input(28, 28)}, {@code Flatten()}, {@code Dense(128)} reads images as Keras users declare them. In C order,
 * as Keras's channels_last. Forward and backward are reshapes: views of contiguous arrays, no copy.
 */
public final class Flatten extends ShapeLayer {

    public Flatten() {
        super("Flatten");
    }

    /** Declares the input shape (Keras's {@code input_shape}), when it is the first layer. */
    public Flatten inputShape(long... shape) {
        declareInputShape(shape);
        return this;
    }

    public Flatten named(String name) {
        setName(name);
        return this;
    }

    @Override long[] outputShapeFor(long[] inputShape) {
        long size = 1;
        for (long d : inputShape) {
            size = Math.multiplyExact(size, d);
        }
        return new long[] {size};
    }

    @Override public Layer replica() {
        Flatten replica = new Flatten();
        replica.setName(name());
        replica.build(inputShape(), null, null);
        return replica;
    }

    @Override public String toString() {
        return "Flatten(" + (name() == null ? "" : "name=" + name()) + ")";
    }

    /** The layer {@link #config()} describes. */
    public static Flatten fromConfig(Map<String, Object> config) {
        Configs.checkKeys("Flatten", config, "name", "batch_shape", "data_format");
        Object format = config.get("data_format");
        if (format != null && !"channels_last".equals(format)) {
            throw new IllegalArgumentException("Flatten: only data_format \"channels_last\" is supported. Received: "
                    + format);
        }
        Flatten flatten = new Flatten();
        flatten.setName(savedName("Flatten", config));
        if (config.get("batch_shape") != null) {
            flatten.declareInputShape(fromBatchShape("Flatten", config));
        }
        return flatten;
    }
}
