package io.kerasj.layers;

import io.kerasj.core.Activation;
import io.kerasj.core.Configs;
import io.kerasj.core.Layer;
import io.kerasj.ops.Ops;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer without weights that only views its input in another shape ({@link Flatten}) or as it is
 * ({@link Input}): forward and backward are reshapes, which for the contiguous arrays a model passes are views, not
 * copies.
 */
abstract class ShapeLayer implements Layer {

    private final String typeName;
    private String name;
    private long[] declaredInputShape;
    private long[] inputShape;
    private long[] outputShape;
    private INDArray output;

    ShapeLayer(String typeName) {
        this.typeName = typeName;
    }

    /** The output shape for inputs of this shape. */
    abstract long[] outputShapeFor(long[] inputShape);

    void declareInputShape(long[] shape) {
        if (shape == null || shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException(typeName + ": the input shape must be one or more sizes > 0. Received: "
                    + (shape == null ? "null" : Arrays.toString(shape)));
        }
        declaredInputShape = shape.clone();
    }

    @Override public String name() { return name; }

    @Override public void setName(String name) { this.name = name; }

    @Override public String typeName() { return typeName; }

    @Override public long[] declaredInputShape() {
        return declaredInputShape == null ? null : declaredInputShape.clone();
    }

    @Override public void build(long[] inputShape, DataType dataType, Ops ops) {
        if (this.inputShape != null) {
            throw new IllegalStateException(typeName + " \"" + name + "\" is already built; a layer belongs to one model");
        }
        this.outputShape = outputShapeFor(inputShape.clone());
        this.inputShape = inputShape.clone();
    }

    @Override public long[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    @Override public long[] outputShape() {
        return outputShape == null ? null : outputShape.clone();
    }

    @Override public List<long[]> weightShapes() {
        return List.of();
    }

    @Override public void bind(List<INDArray> weights, List<INDArray> gradients) {
        if (!weights.isEmpty() || !gradients.isEmpty()) {
            throw new IllegalArgumentException(typeName + " \"" + name + "\" has no weights; given " + weights.size());
        }
    }

    @Override public void initialize(Random random) {}

    @Override public Activation activation() {
        return Activation.LINEAR;
    }

    @Override public INDArray forward(INDArray x, boolean training, boolean applyActivation) {
        boolean ok = inputShape != null && x.rank() == inputShape.length + 1;
        for (int d = 0; ok && d < inputShape.length; d++) {
            ok = x.size(d + 1) == inputShape[d];
        }
        if (!ok) {
            throw new IllegalArgumentException(typeName + " \"" + name + "\": expected input of shape (None, "
                    + (inputShape == null ? "?" : Arrays.toString(inputShape).replace("[", "").replace("]", ""))
                    + "), got shape " + Arrays.toString(x.shape()));
        }
        output = reshaped(x, outputShape);
        return output;
    }

    @Override public INDArray preActivation() {
        return output;
    }

    @Override public INDArray backward(INDArray gradOutput, boolean needInputGradient) {
        return needInputGradient ? reshaped(gradOutput, inputShape) : null;
    }

    @Override public INDArray backwardFromPreActivation(INDArray gradPreActivation, boolean needInputGradient) {
        return backward(gradPreActivation, needInputGradient);
    }

    /** {@code a} as [its rows, shape...]: itself when it has that shape already. */
    private static INDArray reshaped(INDArray a, long[] shape) {
        long[] full = new long[shape.length + 1];
        full[0] = a.size(0);
        System.arraycopy(shape, 0, full, 1, shape.length);
        return Arrays.equals(a.shape(), full) ? a : a.reshape('c', full);
    }

    /** {@code name}, and {@code batch_shape} [null, sizes...] when the input shape was declared. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        if (declaredInputShape != null) {
            config.put("batch_shape", batchShape(declaredInputShape));
        }
        return config;
    }

    static List<Object> batchShape(long[] shape) {
        List<Object> batch = new java.util.ArrayList<>();
        batch.add(null);
        for (long d : shape) {
            batch.add(d);
        }
        return batch;
    }

    /** The sizes after the batch axis of a saved {@code batch_shape}. */
    static long[] fromBatchShape(String type, Map<String, Object> config) {
        Object value = config.get("batch_shape");
        if (!(value instanceof List<?> list) || list.size() < 2 || list.get(0) != null) {
            throw new IllegalArgumentException(type + ": batch_shape must be a list [null, size, ...]. Received: "
                    + value);
        }
        long[] shape = new long[list.size() - 1];
        for (int i = 1; i < list.size(); i++) {
            Object d = list.get(i);
            if (!(d instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() <= 0
                    || n.longValue() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(type + ": batch_shape sizes must be positive integers. Received: "
                        + value);
            }
            shape[i - 1] = n.longValue();
        }
        return shape;
    }

    /** The name a saved config gives, or null. */
    static String savedName(String type, Map<String, Object> config) {
        return Configs.string(type, config, "name", null);
    }
}
