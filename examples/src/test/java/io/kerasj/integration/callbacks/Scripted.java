package io.kerasj.integration.callbacks;

import io.kerasj.core.Activation;
import io.kerasj.core.Callback;
import io.kerasj.core.Sequential;
import io.kerasj.core.Utils;
import io.kerasj.layers.Dense;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.optimizers.SGD;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A small compiled model, its data, and helpers to drive a callback with scripted epoch logs. */
final class Scripted {

    private Scripted() {}

    /** A built, compiled 2 → 4 → 3 softmax classifier trained with SGD(lr). */
    static Sequential model(double learningRate) {
        Sequential model = new Sequential(new Dense(4, Activation.TANH).inputDim(2), new Dense(3, Activation.SOFTMAX))
                .setSeed(8);
        model.compile(new SGD(learningRate), new CategoricalCrossentropy(), "accuracy");
        model.build(2);
        return model;
    }

    /** 60 samples of three interleaved blobs. */
    static INDArray x() {
        Random r = new Random(3);
        double[][] x = new double[60][2];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = (i % 3) * 2 + r.nextGaussian();
            x[i][1] = (i % 3 == 1 ? 2 : 0) + r.nextGaussian();
        }
        return Utils.tensor(x);
    }

    static INDArray y() {
        int[] ids = new int[60];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 3;
        }
        return Utils.toCategorical(ids, 3);
    }

    /** Epoch logs from alternating keys and values: {@code logs("val_loss", 0.5, "loss", 0.4)}. */
    static Map<String, Double> logs(Object... keysAndValues) {
        Map<String, Double> logs = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            logs.put((String) keysAndValues[i], ((Number) keysAndValues[i + 1]).doubleValue());
        }
        return logs;
    }

    /** Runs the callback through a training run whose epochs end with these values of {@code key}. */
    static void epochs(Callback callback, Sequential model, String key, double... values) {
        callback.setModel(model);
        callback.onTrainBegin(Map.of());
        for (int epoch = 0; epoch < values.length; epoch++) {
            callback.onEpochBegin(epoch, Map.of());
            callback.onEpochEnd(epoch, logs(key, values[epoch]));
        }
        callback.onTrainEnd(Map.of());
    }

    /** Every weight of the model set to {@code value}. */
    static void fill(Sequential model, double value) {
        model.setWeights(model.getWeights().stream().map(w -> Nd4j.valueArrayOf(w.shape(), value)).toList());
    }

    /** Every weight of the model, flattened, widened to double. */
    static double[] weights(Sequential model) {
        return weights(model.getWeights());
    }

    static double[] weights(List<INDArray> arrays) {
        return arrays.stream().flatMapToDouble(a -> java.util.Arrays.stream(
                a.dup('c').reshape(a.length()).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector()))
                .toArray();
    }

    /** What {@code action} writes to standard error, where the test's SLF4J binding (slf4j-simple) logs. */
    static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
