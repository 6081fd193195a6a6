package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.*;

import io.kerasj.callbacks.LambdaCallback;
import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Sequential;
import io.kerasj.data.Dataset;
import io.kerasj.datasets.DatasetException;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Initializer;
import io.kerasj.losses.MeanSquaredError;
import io.kerasj.optimizers.SGD;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * fit, evaluate and predict on a {@link Dataset}, and stepsPerEpoch, on y = w·x with w = 1 at first (Dense(1),
 * ones, no bias), float64, MSE, SGD(0.01), x = 1, 2, 3, 4 and y = 2x. By hand: on a batch B the loss is
 * (w − 2)²·mean_B(x²) and ∂L/∂w = 2(w − 2)·mean_B(x²).
 * <ul>
 *   <li>one batch {1, 2, 3, 4}: mean x² = 7.5; at w = 1 the loss is 7.5, the gradient −15, so w becomes 1.15</li>
 *   <li>batches {1, 2} then {3, 4}: mean x² = 2.5 and 12.5; loss 2.5 at w = 1, gradient −5, w = 1.05; then loss
 *   0.95²·12.5 = 11.28125, gradient 2·(−0.95)·12.5 = −23.75, w = 1.2875</li>
 * </ul>
 */
class DatasetFitTest {

    private static final INDArray X = Nd4j.createFromArray(new double[][] {{1}, {2}, {3}, {4}});
    private static final INDArray Y = Nd4j.createFromArray(new double[][] {{2}, {4}, {6}, {8}});

    private static Sequential model() {
        Sequential model = new Sequential(DataType.DOUBLE,
                new Dense(1, Activation.LINEAR, false, Initializer.ONES).inputDim(1));
        model.compile(new SGD(0.01), new MeanSquaredError());
        return model;
    }

    private static double weight(Sequential model) {
        return model.getWeights().get(0).getDouble(0, 0);
    }

    /** The four samples in order, as samples of a length the dataset does not know. */
    private static Dataset unknownLength() {
        return Dataset.fromSamples(() -> IntStream.rangeClosed(1, 4)
                .mapToObj(i -> new Dataset.Sample(new double[] {i}, new double[] {2 * i})).iterator());
    }

    private static boolean prefetchThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("kerasj-prefetch-") && t.isAlive());
    }

    private static String stdout(Runnable run) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneEpochOfTwoBatchesMatchesTheHandComputedSteps() {
        Sequential model = model();
        History history = model.fit(Dataset.fromArrays(X, Y).batch(2), new FitOptions().verbose(0));
        assertEquals(1.2875, weight(model), 1e-12);
        // Keras's epoch loss: the batch-size-weighted mean of the batch losses, (2·2.5 + 2·11.28125)/4.
        assertEquals((2.5 + 11.28125) / 2, history.get("loss").get(0), 1e-12);
        assertFalse(prefetchThreadAlive());
    }

    @Test
    void stepsPerEpochReadsOnWhereThePreviousEpochStopped() {
        Sequential model = model();
        History history = model.fit(Dataset.fromArrays(X, Y).batch(2), new FitOptions().epochs(2).stepsPerEpoch(1)
                .verbose(0));
        // Epoch 1 is batch {1, 2}, epoch 2 batch {3, 4}: not {1, 2} again.
        assertEquals(List.of(2.5, 11.28125), rounded(history.get("loss")));
        assertEquals(1.2875, weight(model), 1e-12);
    }

    @Test
    void stepsPerEpochWithArraysDoesAsKerasToo() {
        Sequential model = model();
        History history = model.fit(X, Y, new FitOptions().epochs(2).batchSize(2).stepsPerEpoch(1).shuffle(false)
                .verbose(0));
        assertEquals(List.of(2.5, 11.28125), rounded(history.get("loss")));
        assertEquals(1.2875, weight(model), 1e-12);
    }

    /**
     * Keras: when the data runs out within an epoch of stepsPerEpoch batches, that epoch ends there and the next one
     * starts a new pass. Two batches a pass and stepsPerEpoch 3: each epoch is the two batches.
     */
    @Test
    void anEpochThatRunsOutOfDataEndsAndTheNextStartsANewPass() {
        for (Dataset data : List.of(Dataset.fromArrays(X, Y).batch(2), unknownLength().batch(2))) {
            Sequential model = model();
            List<Integer> steps = new java.util.ArrayList<>();
            int[] count = new int[1];
            model.fit(data, new FitOptions().epochs(2).stepsPerEpoch(3).verbose(0).callbacks(new LambdaCallback(null,
                    (e, logs) -> {
                        steps.add(count[0]);
                        count[0] = 0;
                    }, null, (b, logs) -> count[0]++, null, null)));
            assertEquals(List.of(2, 2), steps);
        }
    }

    @Test
    void aRepeatedDatasetNeedsStepsPerEpochAndThenCrossesPasses() {
        Dataset repeated = Dataset.fromArrays(X, Y).batch(2).repeat();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model().fit(repeated, new FitOptions().verbose(0)));
        assertTrue(e.getMessage().contains("stepsPerEpoch"), e.getMessage());
        Sequential model = model();
        // Three batches an epoch over passes of two: epoch 1 is {1,2}, {3,4}, {1,2}.
        model.fit(repeated, new FitOptions().stepsPerEpoch(3).verbose(0));
        // After w = 1.2875, batch {1, 2}: w += 0.01·2·(2 − w)·2.5 = 0.05·(0.7125).
        assertEquals(1.2875 + 0.05 * (2 - 1.2875), weight(model), 1e-12);
        assertFalse(prefetchThreadAlive());
    }

    @Test
    void validationOnADatasetIsTheLossAfterTheEpoch() {
        Sequential model = model();
        History history = model.fit(Dataset.fromArrays(X, Y).batch(4), new FitOptions().verbose(0)
                .validationData(Dataset.fromArrays(X, Y).batch(3)));
        // w = 1.15 after the epoch: 7.5·(2 − 1.15)² = 5.41875.
        assertEquals(5.41875, history.get("val_loss").get(0), 1e-12);
    }

    @Test
    void evaluateAndPredictReadOnePassInOrder() {
        Sequential model = model();
        model.build(1);
        assertEquals(7.5, model.evaluate(Dataset.fromArrays(X, Y).batch(3)).get("loss"), 1e-12);
        INDArray predicted = model.predict(Dataset.fromArrays(X, null).batch(3));
        assertArrayEquals(new long[] {4, 1}, predicted.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4}, predicted.reshape(4).toDoubleVector(), 0.0);
    }

    /** As Keras: the end of the first pass over data of unknown length gives the count (ProgbarLoggerTest draws the rest). */
    @Test
    void anUnknownLengthIsCountedByTheEndOfTheFirstEpoch() {
        String out = stdout(() -> model().fit(unknownLength().batch(2), new FitOptions().epochs(2).verbose(2)));
        List<String> lines = out.lines().toList();
        assertEquals("Epoch 1/2", lines.get(0));
        assertTrue(lines.get(1).startsWith("2/2 [==============================] - "), lines.get(1));
        assertEquals("Epoch 2/2", lines.get(2));
        assertTrue(lines.get(3).startsWith("2/2 [==============================] - "), lines.get(3));
    }

    @Test
    void evaluateAndPredictPrintTheirProgressLineWhenVerbose() {
        Sequential model = model();
        model.build(1);
        String evaluated = stdout(() -> model.evaluate(X, Y, 2, 2));
        assertTrue(evaluated.startsWith("2/2 [==============================] - ") && evaluated.contains("loss: 7.5000"),
                evaluated);
        assertFalse(evaluated.contains("Epoch"));
        assertEquals("", stdout(() -> model.evaluate(X, Y, 2)));
        String predicted = stdout(() -> model.predict(X, 1, 2));
        assertTrue(predicted.startsWith("4/4 [==="), predicted);
        String streamed = stdout(() -> model.evaluate(unknownLength().batch(3), 2));
        assertTrue(streamed.startsWith("2/2 [===") && streamed.contains("loss: 7.5000"), streamed);
    }

    @Test
    void aFailingReaderStopsFitWithItsCauseAndLeavesNoThread() {
        IllegalStateException broken = new IllegalStateException("sensor 3 unplugged");
        Dataset failing = Dataset.fromSamples(() -> new Iterator<Dataset.Sample>() {
            int i;

            @Override public boolean hasNext() {
                return true;
            }

            @Override public Dataset.Sample next() {
                if (++i == 7) {
                    throw broken;
                }
                return new Dataset.Sample(new double[] {1}, new double[] {2});
            }
        }).batch(2);
        DatasetException e = assertThrows(DatasetException.class, () -> model().fit(failing,
                new FitOptions().verbose(0)));
        assertSame(broken, e.getCause());
        assertFalse(prefetchThreadAlive());
    }

    @Test
    void stoppingTrainingMidPassEndsTheReader() {
        Sequential model = model();
        Dataset endless = Dataset.fromArrays(X, Y).batch(1).repeat();
        model.fit(endless, new FitOptions().epochs(5).stepsPerEpoch(100).verbose(0).callbacks(new LambdaCallback(null, null, null,
                (b, logs) -> model.setStopTraining(b == 2), null, null)));
        assertFalse(prefetchThreadAlive());
    }

    /**
     * Sample weights go with their rows into the batches of stepsPerEpoch: weights [1, 1, 0, 0], epoch 1 on batch
     * {1, 2} as above (loss 2.5, w = 1.05), epoch 2 on batch {3, 4} whose weights are 0: Σ w·l / m = 0 and no step.
     */
    @Test
    void stepsPerEpochKeepsTheSampleWeightsOfEachBatch() {
        Sequential model = model();
        History history = model.fit(X, Y, new FitOptions().epochs(2).batchSize(2).stepsPerEpoch(1).shuffle(false)
                .sampleWeight(Nd4j.createFromArray(1.0, 1.0, 0.0, 0.0)).verbose(0));
        assertEquals(List.of(2.5, 0.0), rounded(history.get("loss")));
        assertEquals(1.05, weight(model), 1e-12);
    }

    /** classWeight weights a dataset's batches as it weights arrays' (the array loop is the reference). */
    @Test
    void classWeightAppliesToADatasetAsToArrays() {
        INDArray[] blobs = Fixtures.blobs(64, 4, DataType.DOUBLE);
        java.util.Map<Integer, Double> classWeight = java.util.Map.of(0, 3.0, 2, 0.5);
        Sequential streamed = classifier();
        streamed.fit(Dataset.fromArrays(blobs[0], blobs[1]).batch(16), new FitOptions().epochs(2).verbose(0)
                .classWeight(classWeight));
        Sequential inMemory = classifier();
        inMemory.fit(blobs[0], blobs[1], new FitOptions().epochs(2).batchSize(16).shuffle(false).verbose(0)
                .classWeight(classWeight));
        assertArrayEquals(inMemory.getWeights().get(0).ravel().toDoubleVector(),
                streamed.getWeights().get(0).ravel().toDoubleVector(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> classifier().fit(
                Dataset.fromArrays(blobs[0], blobs[1]).batch(16), new FitOptions().sampleWeight(Nd4j.ones(64))));
        assertTrue(e.getMessage().startsWith("fit: sampleWeight is for arrays"), e.getMessage());
    }

    private static Sequential classifier() {
        Sequential model = new Sequential(DataType.DOUBLE, new Dense(4, Activation.SOFTMAX).inputDim(2)).setSeed(9);
        model.compile(new SGD(0.01), new io.kerasj.losses.SparseCategoricalCrossentropy());
        return model;
    }

    @Test
    void misuseIsRefusedWithTheReason() {
        IllegalArgumentException unbatched = assertThrows(IllegalArgumentException.class,
                () -> model().fit(Dataset.fromArrays(X, Y), new FitOptions()));
        assertTrue(unbatched.getMessage().startsWith("fit: the dataset gives single samples; call batch(batchSize)"),
                unbatched.getMessage());
        IllegalArgumentException split = assertThrows(IllegalArgumentException.class,
                () -> model().fit(Dataset.fromArrays(X, Y).batch(2), new FitOptions().validationSplit(0.2)));
        assertTrue(split.getMessage().contains("validationSplit is only for arrays"), split.getMessage());
        IllegalArgumentException noTargets = assertThrows(IllegalArgumentException.class,
                () -> model().fit(Dataset.fromArrays(X, null).batch(2), new FitOptions().verbose(0)));
        assertEquals("fit: dataset batch 0 has no targets; fit needs batches of (x, y)", noTargets.getMessage());
        IllegalArgumentException steps = assertThrows(IllegalArgumentException.class,
                () -> model().fit(X, Y, new FitOptions().stepsPerEpoch(-1)));
        assertTrue(steps.getMessage().contains("stepsPerEpoch must be >= 0"), steps.getMessage());
        assertFalse(prefetchThreadAlive());
    }

    private static List<Double> rounded(List<Double> values) {
        return values.stream().map(v -> Math.round(v * 1e9) / 1e9).toList();
    }
}
