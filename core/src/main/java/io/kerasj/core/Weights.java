package io.kerasj.core;

import io.kerasj.ops.Ops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model's weights laid out in its flat buffers ({@link Parameters}): building the layers in turn for their input
 * shapes, binding each to its views, drawing the initial values; and the summary table that counts them.
 */
final class Weights {

    private Weights() {}

    /**
     * Builds {@code layers} for inputs of {@code inputShape} on {@code engine}, allocates their weights and draws them
     * from {@code seed}.
     */
    static Parameters build(List<Layer> layers, long[] inputShape, DataType dataType, Ops engine, long seed) {
        List<List<long[]>> trainableShapes = new ArrayList<>();
        List<List<long[]>> fixedShapes = new ArrayList<>();
        long[] shape = inputShape;
        for (Layer layer : layers) {
            long[] layerDeclared = layer.declaredInputShape();
            if (layer != layers.get(0) && layerDeclared != null && !Arrays.equals(layerDeclared, shape)) {
                throw new IllegalArgumentException("Layer \"" + layer.name() + "\": declared input shape (None, "
                        + joined(layerDeclared) + ") but the previous layer outputs (None, " + joined(shape) + ")");
            }
            layer.build(shape, dataType, engine);
            trainableShapes.add(layer.weightShapes());
            fixedShapes.add(layer.nonTrainableWeightShapes());
            shape = layer.outputShape();
        }
        INDArray values = Nd4j.zeros(dataType, count(trainableShapes));
        INDArray gradients = Nd4j.zeros(dataType, count(trainableShapes));
        INDArray fixed = Nd4j.zeros(dataType, count(fixedShapes));
        List<INDArray> valueViews = new ArrayList<>();
        List<INDArray> gradientViews = new ArrayList<>();
        List<INDArray> weights = new ArrayList<>();
        Random random = new Random(seed);
        long trainableOffset = 0;
        long fixedOffset = 0;
        for (int i = 0; i < layers.size(); i++) {
            List<INDArray> own = Parameters.split(values, trainableOffset, trainableShapes.get(i));
            List<INDArray> ownGradients = Parameters.split(gradients, trainableOffset, trainableShapes.get(i));
            List<INDArray> ownFixed = Parameters.split(fixed, fixedOffset, fixedShapes.get(i));
            trainableOffset += count(List.of(trainableShapes.get(i)));
            fixedOffset += count(List.of(fixedShapes.get(i)));
            List<INDArray> all = new ArrayList<>(own);
            all.addAll(ownFixed);
            Layer layer = layers.get(i);
            layer.bind(all, ownGradients);
            layer.initialize(random);
            valueViews.addAll(own);
            gradientViews.addAll(ownGradients);
            weights.addAll(all);
        }
        return new Parameters(values, gradients, List.copyOf(valueViews), List.copyOf(gradientViews), fixed,
                List.copyOf(weights), engine);
    }

    /** The number of scalars in these shapes, checked against the largest array ND4J can hold. */
    static long count(List<List<long[]>> shapesByLayer) {
        long total = 0;
        for (List<long[]> shapes : shapesByLayer) {
            for (long[] shape : shapes) {
                total = Math.addExact(total, Arrays.stream(shape).reduce(1, Math::multiplyExact));
            }
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Sequential: the model has " + total + " weights, more than one "
                    + "array can hold (2^31 − 1)");
        }
        return total;
    }


    /** What {@link Sequential#summaryText()} returns. */
    static String summary(List<Layer> layers, Parameters parameters) {
        StringBuilder s = new StringBuilder();
        String rule = "_".repeat(65) + "\n";
        String thick = "=".repeat(65) + "\n";
        s.append("Model: \"sequential\"\n").append(rule);
        s.append(String.format(Locale.ROOT, "%-29s%-25s%s%n", " Layer (type)", "Output Shape", "Param #"));
        s.append(thick);
        long trainable = 0;
        long fixed = 0;
        List<Layer> shown = layers.stream().filter(l -> !"InputLayer".equals(l.typeName())).toList();
        for (int i = 0; i < shown.size(); i++) {
            Layer layer = shown.get(i);
            long own = parameters == null ? 0 : size(layer.weightShapes());
            long ownFixed = parameters == null ? 0 : size(layer.nonTrainableWeightShapes());
            trainable += own;
            fixed += ownFixed;
            long[] out = layer.outputShape();
            s.append(String.format(Locale.ROOT, "%-29s%-25s%s%n", " " + layer.name() + " (" + layer.typeName() + ")",
                    out == null ? "?" : BaseLayer.shapeText(out),
                    parameters == null ? "?" : String.format(Locale.ROOT, "%,d", own + ownFixed)));
            s.append(i + 1 < shown.size() ? "\n" : "");
        }
        s.append(thick);
        if (parameters == null) {
            s.append("Total params: ? (build the model first)\nTrainable params: ?\nNon-trainable params: ?\n");
        } else {
            s.append(String.format(Locale.ROOT, "Total params: %,d%nTrainable params: %,d%nNon-trainable params: %,d%n",
                    trainable + fixed, trainable, fixed));
        }
        return s.append(rule).toString();
    }

    private static long size(List<long[]> shapes) {
        return shapes.stream().mapToLong(shape -> Arrays.stream(shape).reduce(1, (a, b) -> a * b)).sum();
    }

    static String joined(long[] shape) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.toString();
    }
}
