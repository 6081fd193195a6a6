package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Initializer;
import io.kerasj.losses.MeanSquaredError;
import io.kerasj.optimizers.SGD;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Keras's validation_freq, validation_batch_size, and the *_on_batch methods. */
class FitOptionsTest {

    private static final INDArray X = Nd4j.createFromArray(new double[][] {{1}, {2}, {3}, {4}});
    private static final INDArray Y = Nd4j.createFromArray(new double[][] {{2}, {4}, {6}, {8}});

    /** y = w·x with w = 1 at first (Dense(1), ones, no bias), float64, SGD(0.01). */
    private static Sequential model() {
        Sequential model = new Sequential(DataType.DOUBLE,
                new Dense(1, Activation.LINEAR, false, Initializer.ONES).inputDim(1));
        model.compile(new SGD(0.01), new MeanSquaredError());
        return model;
    }

    @Test
    void validationRunsEveryFreqEpochsCountedFromOne() {
        History history = model().fit(X, Y, new FitOptions().epochs(5).batchSize(4).verbose(0).validationFreq(2)
                .validationData(X, Y));
        assertEquals(5, history.get("loss").size());
        // Validation after epochs 2 and 4 only; Keras's History then lists it for those epochs.
        assertEquals(2, history.get("val_loss").size());
    }

    /**
     * The validation loss is a mean over all rows whatever its batch size: by hand, with w = 1 the errors are
     * x − 2x = −x, so the loss is (1 + 4 + 9 + 16)/4 = 7.5 before training; the same with 1, 3 or 4 rows a batch.
     */
    @Test
    void theValidationBatchSizeDoesNotChangeTheMean() {
        for (int size : new int[] {1, 3, 4}) {
            Sequential model = model();
            model.build(1);
            assertEquals(7.5, model.evaluate(X, Y, size).get("loss"), 1e-15, "batches of " + size);
        }
        History history = model().fit(X, Y, new FitOptions().epochs(1).batchSize(4).verbose(0).validationBatchSize(3)
                .validationData(X, Y));
        assertFalse(history.get("val_loss").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> model().fit(X, Y, new FitOptions().validationFreq(0)));
    }

    /**
     * trainOnBatch is one step: L = 7.5 at w = 1 with ∂L/∂w = (2/4)·Σ(w·x − y)·x = −(1 + 4 + 9 + 16)/2 = −15, so
     * SGD(0.01) moves w to 1.15; testOnBatch then reports Σ(0.85·x)²/4 = 0.7225·7.5 = 5.41875 without changing w.
     */
    @Test
    void onBatchMethodsAreOneStepOneEvaluationAndOnePrediction() {
        Sequential model = model();
        Map<String, Double> trained = model.trainOnBatch(X, Y);
        assertEquals(7.5, trained.get("loss"), 1e-15);
        assertEquals(1.15, model.getWeights().get(0).getDouble(0), 1e-15);
        assertEquals(5.41875, model.testOnBatch(X, Y).get("loss"), 1e-12);
        assertEquals(1.15, model.getWeights().get(0).getDouble(0), 1e-15);
        assertArrayEquals(new double[] {1.15, 2.3, 3.45, 4.6}, model.predictOnBatch(X).reshape(4).toDoubleVector(),
                1e-14);
        assertTrue(model.optimizer().iterations() == 1, "one optimizer step");
        assertEquals(List.of("loss"), List.copyOf(trained.keySet()));
    }
}
