package io.kerasj.integration.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Initializer;
import io.kerasj.losses.MeanSquaredError;
import io.kerasj.optimizers.SGD;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Keras's {@code training} argument, and weights that are saved but not trained. */
class TrainingFlagAndStateTest {

    private static final INDArray X = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 6}});
    private static final INDArray Y = Nd4j.createFromArray(new double[][] {{0}, {1}});

    private static Sequential model(MeanTracker tracker) {
        Sequential model = new Sequential(DataType.DOUBLE, tracker,
                new Dense(1, Activation.LINEAR, Initializer.ONES)).setSeed(1);
        model.compile(new SGD(0.1), new MeanSquaredError());
        return model;
    }

    @Test
    void fitTrainsWithTheFlagSetAndValidatesEvaluatesAndPredictsWithout() {
        MeanTracker tracker = new MeanTracker();
        Sequential model = model(tracker);
        model.fit(X, Y, new FitOptions().epochs(2).batchSize(1).shuffle(false).verbose(0).validationData(X, Y));
        // Each epoch: two training steps of one row, then validation of the two rows in batches of one (the training
        // batch size, as Keras validates).
        assertEquals(List.of(true, true, false, false, true, true, false, false), tracker.trainingFlags);

        tracker.trainingFlags.clear();
        model.evaluate(X, Y);
        model.predict(X);
        assertEquals(List.of(false, false), tracker.trainingFlags);

        tracker.trainingFlags.clear();
        model.computeGradients(X, Y);
        assertEquals(List.of(true), tracker.trainingFlags);
    }

    /**
     * By hand: one step on both rows, mean x = [2, 4]: μ = ½·0 + ½·[2, 4] = [1, 2], written by the layer alone.
     * The optimizer moves only the trainable weights.
     */
    @Test
    void nonTrainableWeightsChangeOnlyByTheLayerAndComeAfterTheTrainableOnes() {
        Sequential model = model(new MeanTracker());
        model.fit(X, Y, new FitOptions().epochs(1).batchSize(2).verbose(0));
        List<INDArray> weights = model.getWeights();
        assertEquals(4, weights.size(), "bias, moving_mean, kernel, bias");
        assertArrayEquals(new double[] {1, 2}, weights.get(1).toDoubleVector(), 0.0);
        assertEquals(2 + 3, model.parameters().size(), "trainable: tracker bias 2, dense kernel 2 and bias 1");
        assertEquals(2, model.parameters().nonTrainableSize());
        assertEquals(7, model.countParams());

        // Not trained: evaluate and predict leave the moving mean as it was.
        model.evaluate(X, Y);
        model.predict(X);
        assertArrayEquals(new double[] {1, 2}, model.getWeights().get(1).toDoubleVector(), 0.0);
    }

    @Test
    void theSummaryCountsTrainableAndNonTrainableParameters() {
        Sequential model = model(new MeanTracker());
        model.build(2);
        String summary = model.summaryText();
        assertTrue(summary.contains("Total params: 7"), summary);
        assertTrue(summary.contains("Trainable params: 5"), summary);
        assertTrue(summary.contains("Non-trainable params: 2"), summary);
        assertTrue(summary.contains(" mean_tracker (MeanTracker)"), summary);
    }

    @Test
    void nonTrainableWeightsAreSavedAndLoaded(@TempDir Path dir) throws IOException {
        Sequential trained = model(new MeanTracker());
        trained.fit(X, Y, new FitOptions().epochs(3).batchSize(1).verbose(0));
        Path file = dir.resolve("weights.kjm");
        trained.saveWeights(file);

        Sequential fresh = model(new MeanTracker());
        fresh.build(2);
        fresh.loadWeights(file);
        List<INDArray> expected = trained.getWeights();
        List<INDArray> loaded = fresh.getWeights();
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).toDoubleVector(), loaded.get(i).toDoubleVector(), 0.0, "weight " + i);
        }
    }
}
