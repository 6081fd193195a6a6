package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Loss;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Initializer;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * "Softmax output + cross-entropy" and "linear output + cross-entropy from logits" are the same model:
 * from the same weights they must produce the same losses and the same weights, step after step.
 */
class FusedPathTest {

    private static Sequential model(Activation output, long seed, DataType type) {
        return new Sequential(type,
                new Dense(12, Activation.RELU, Initializer.HE_UNIFORM).inputDim(2),
                new Dense(8, Activation.RELU, Initializer.HE_UNIFORM),
                new Dense(4, output)).setSeed(seed);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void softmaxOutputAndLogitsOutputTrainIdentically(DataType type) {
        INDArray[] data = Fixtures.blobs(200, 3, type);
        INDArray y = Fixtures.oneHot(data[1], 4);
        Sequential probabilities = model(Activation.SOFTMAX, 21, type);
        Sequential logits = model(Activation.LINEAR, 21, type);
        probabilities.compile(new Adam(0.01), new CategoricalCrossentropy());
        logits.compile(new Adam(0.01), new CategoricalCrossentropy(true));
        probabilities.build(2);
        logits.build(2);
        assertArrayEquals(probabilities.parameters().values().toDoubleVector(), logits.parameters().values().toDoubleVector());
        for (int epoch = 0; epoch < 5; epoch++) {
            FitOptions oneEpoch = new FitOptions().epochs(epoch + 1).initialEpoch(epoch).batchSize(16).verbose(0);
            History a = probabilities.fit(data[0], y, oneEpoch);
            History b = logits.fit(data[0], y, oneEpoch);
            assertEquals(a.get("loss"), b.get("loss"), "epoch " + epoch);
            // Bit-identical: the same loss object runs on the same logits in both models.
            assertArrayEquals(probabilities.parameters().values().toDoubleVector(), logits.parameters().values().toDoubleVector(), "epoch " + epoch);
        }
        // predict differs only by the softmax the first model applies.
        INDArray p = probabilities.predict(data[0]);
        INDArray z = logits.predict(data[0]);
        INDArray softmaxOfZ = z.ulike();
        Activation.SOFTMAX.forward(z, softmaxOfZ);
        assertTrue(p.equalsWithEps(softmaxOfZ, 1e-6));
        assertTrue(Transforms.abs(z, true).maxNumber().doubleValue() > 1.0, "logits should not look like probabilities");
    }

    /**
     * The fused step skips the output layer's softmax and has the loss write it, only for the metrics: they must
     * see what predict gives. One full batch, so the epoch's accuracy is that of the weights before its update;
     * the expected accuracy is counted here from predict's probabilities.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void trainingMetricsSeeTheSoftmaxThatPredictGives(DataType type) {
        INDArray[] data = Fixtures.blobs(300, 5, type);
        Sequential model = model(Activation.SOFTMAX, 9, type);
        model.compile(new Adam(0.01), new SparseCategoricalCrossentropy(), "accuracy");
        model.build(2);
        INDArray p = model.predict(data[0]);
        int right = 0;
        for (int i = 0; i < 300; i++) {
            int best = 0;
            for (int c = 1; c < 4; c++) {
                best = p.getDouble(i, c) > p.getDouble(i, best) ? c : best;
            }
            right += best == data[1].getInt(i) ? 1 : 0;
        }
        assertTrue(right > 0 && right < 300, "an untrained model should be partly right: " + right);
        History history = model.fit(data[0], data[1], new FitOptions().epochs(1).batchSize(300).verbose(0));
        assertEquals(right / 300.0, history.get("accuracy").get(0), 1e-12);
    }

    @Test
    void sparseAndOneHotTargetsTrainIdentically() {
        INDArray[] data = Fixtures.blobs(120, 5, DataType.DOUBLE);
        Sequential sparse = model(Activation.SOFTMAX, 2, DataType.DOUBLE);
        Sequential oneHot = model(Activation.SOFTMAX, 2, DataType.DOUBLE);
        sparse.compile(new Adam(), new SparseCategoricalCrossentropy(), "accuracy");
        oneHot.compile(new Adam(), new CategoricalCrossentropy(), "accuracy");
        History a = sparse.fit(data[0], data[1], new FitOptions().epochs(3).batchSize(10).verbose(0));
        History b = oneHot.fit(data[0], Fixtures.oneHot(data[1], 4), new FitOptions().epochs(3).batchSize(10).verbose(0));
        for (int i = 0; i < 3; i++) {
            assertEquals(b.get("loss").get(i), a.get("loss").get(i), 1e-12);
            assertEquals(b.get("accuracy").get(i), a.get("accuracy").get(i), 0.0);
        }
        assertTrue(sparse.parameters().values().equalsWithEps(oneHot.parameters().values(), 1e-12));
    }

    @Test
    void softmaxOutputWithFromLogitsIsRejectedAtCompile() {
        Sequential model = model(Activation.SOFTMAX, 1, DataType.FLOAT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.compile(new Adam(), new SparseCategoricalCrossentropy(true)));
        assertTrue(e.getMessage().contains("applied twice"), e.getMessage());
        assertTrue(e.getMessage().contains("fromLogits=false") && e.getMessage().contains("linear output"), e.getMessage());
    }

    @Test
    void fusedTrainingStaysExactWhereTheClippedFormSaturates() {
        // A confident wrong prediction: logits [0, 40] for class 0. The clipped probability form would report
        // −log(1e-7) = 16.12 and a zero gradient; the model's fused loss is the exact 40.0000000000000042.
        Sequential model = new Sequential(DataType.DOUBLE, new Dense(2, Activation.SOFTMAX, Initializer.ZEROS).inputDim(1));
        model.build(1);
        model.setWeights(List.of(Nd4j.createFromArray(new double[][] {{0, 0}}), Nd4j.createFromArray(new double[] {0, 40})));
        Loss loss = new CategoricalCrossentropy();
        model.compile(new Adam(), loss);
        INDArray x = Nd4j.createFromArray(new double[][] {{1}});
        INDArray y = Nd4j.createFromArray(new double[][] {{1, 0}});
        assertEquals(40 + Math.log1p(Math.exp(-40)), model.evaluate(x, y).get("loss"), 1e-12);
        double value = model.computeGradients(x, y);
        assertEquals(40 + Math.log1p(Math.exp(-40)), value, 1e-12);
        // ∂L/∂b = softmax(z) − t = [−1, 1] (to 1e-17), not the clipped form's zero.
        INDArray biasGradient = model.parameters().gradientViews().get(1);
        assertEquals(-1.0, biasGradient.getDouble(0), 1e-15);
        assertEquals(1.0, biasGradient.getDouble(1), 1e-15);
        assertFalse(Double.isNaN(value));
    }
}
