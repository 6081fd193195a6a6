package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.Callback;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Initializer;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import io.kerasj.optimizers.SGD;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class TrainingTest {

    private static Sequential blobsModel(long seed, DataType type) {
        return new Sequential(type,
                new Dense(12, Activation.RELU, Initializer.HE_UNIFORM).inputDim(2),
                new Dense(8, Activation.RELU, Initializer.HE_UNIFORM),
                new Dense(4, Activation.SOFTMAX)).setSeed(seed);
    }

    /**
     * Cross-entropy and accuracy written out here from the model's probabilities, independently of the loss and
     * metric classes: the mean of −log p[i, y_i], and the fraction of rows whose argmax is y_i.
     */
    private static double[] crossEntropyAndAccuracy(Sequential model, INDArray x, INDArray ids) {
        INDArray p = model.predict(x);
        double loss = 0;
        int right = 0;
        for (int i = 0; i < p.rows(); i++) {
            double[] row = p.getRow(i).toDoubleVector();
            int y = ids.getInt(i);
            loss -= Math.log(row[y]);
            int best = 0;
            for (int c = 1; c < row.length; c++) {
                best = row[c] > row[best] ? c : best;
            }
            right += best == y ? 1 : 0;
        }
        return new double[] {loss / p.rows(), (double) right / p.rows()};
    }

    private static INDArray rows(INDArray a, long from, long to) {
        return a.rank() == 1 ? a.get(NDArrayIndex.interval(from, to))
                : a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    @Test
    void reachesNinetyNinePercentOnFourSeparatedClusters() {
        INDArray[] train = Fixtures.blobs(750, 1, DataType.FLOAT);
        INDArray[] test = Fixtures.blobs(250, 2, DataType.FLOAT);
        Sequential model = blobsModel(7, DataType.FLOAT);
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        model.fit(train[0], train[1], new FitOptions().epochs(10).batchSize(5).verbose(0));
        Map<String, Double> result = model.evaluate(test[0], test[1]);
        assertTrue(result.get("accuracy") >= 0.99, result.toString());
    }

    /** "rmsprop" is Keras's default in compile; the Adam family trains as well by name at Keras's defaults. */
    @ParameterizedTest
    @ValueSource(strings = {"rmsprop", "nadam", "adamax", "adamw"})
    void optimizersByNameReachNinetyNinePercentOnFourSeparatedClusters(String optimizer) {
        INDArray[] train = Fixtures.blobs(750, 1, DataType.FLOAT);
        INDArray[] test = Fixtures.blobs(250, 2, DataType.FLOAT);
        Sequential model = blobsModel(7, DataType.FLOAT);
        model.compile(optimizer, "sparse_categorical_crossentropy", "accuracy");
        assertEquals(optimizer, model.optimizer().name());
        model.fit(train[0], train[1], new FitOptions().epochs(10).batchSize(5).verbose(0));
        Map<String, Double> result = model.evaluate(test[0], test[1]);
        assertTrue(result.get("accuracy") >= 0.99, optimizer + ": " + result);
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndHistory() {
        INDArray[] data = Fixtures.blobs(100, 4, DataType.FLOAT);
        FitOptions options = new FitOptions().epochs(3).batchSize(8).validationSplit(0.2).verbose(0);
        List<History> histories = new ArrayList<>();
        List<INDArray> weights = new ArrayList<>();
        for (long seed : new long[] {5, 5, 6}) {
            Sequential model = blobsModel(seed, DataType.FLOAT);
            model.compile(new Adam(), new SparseCategoricalCrossentropy(), "accuracy");
            histories.add(model.fit(data[0], data[1], options));
            weights.add(model.parameters().values().dup());
        }
        assertEquals(histories.get(0).history(), histories.get(1).history());
        assertArrayEquals(weights.get(0).toDoubleVector(), weights.get(1).toDoubleVector());
        assertNotEquals(weights.get(0), weights.get(2));
    }

    /**
     * With one batch holding every row, shuffling cannot change what is learned (it only reorders the terms of
     * the batch's sums): the rows are read in place, so shuffled and unshuffled training agree exactly.
     */
    @Test
    void oneBatchOfEveryRowTrainsTheSameShuffledOrNot() {
        INDArray[] data = Fixtures.blobs(64, 4, DataType.DOUBLE);
        List<History> histories = new ArrayList<>();
        List<INDArray> weights = new ArrayList<>();
        for (boolean shuffle : new boolean[] {true, false}) {
            Sequential model = blobsModel(3, DataType.DOUBLE);
            model.compile(new Adam(0.01), new SparseCategoricalCrossentropy(), "accuracy");
            histories.add(model.fit(data[0], data[1],
                    new FitOptions().epochs(4).batchSize(100).shuffle(shuffle).verbose(0)));
            weights.add(model.parameters().values().dup());
        }
        assertEquals(histories.get(0).history(), histories.get(1).history());
        assertArrayEquals(weights.get(0).toDoubleVector(), weights.get(1).toDoubleVector());
    }

    @Test
    void epochLossIsTheBatchSizeWeightedMean() {
        // With a learning rate of 1e-300 the weights never change (θ − 1e-300·g rounds to θ in float64), so the
        // epoch's loss must equal the loss over all 30 samples, whatever the batches: 4 of 7 and a last one of 2.
        // An unweighted mean of the five batch means would differ.
        INDArray[] data = Fixtures.blobs(30, 8, DataType.DOUBLE);
        Sequential model = blobsModel(3, DataType.DOUBLE);
        model.compile(new SGD(1e-300), new SparseCategoricalCrossentropy());
        model.build(2);
        double expected = model.evaluate(data[0], data[1], 30).get("loss");
        assertEquals(crossEntropyAndAccuracy(model, data[0], data[1])[0], expected, 1e-12);
        History history = model.fit(data[0], data[1], new FitOptions().epochs(1).batchSize(7).verbose(0));
        assertEquals(expected, history.get("loss").get(0), 1e-13);
    }

    @Test
    void validationSplitTakesTheLastSamplesBeforeShuffling() {
        INDArray[] data = Fixtures.blobs(50, 9, DataType.DOUBLE);
        Sequential model = blobsModel(4, DataType.DOUBLE);
        model.compile(new Adam(), new SparseCategoricalCrossentropy(), "accuracy");
        History history = model.fit(data[0], data[1], new FitOptions().epochs(1).batchSize(4).validationSplit(0.3).verbose(0));
        // floor(50 · 0.7) = 35 training samples; rows 35..49 validate, with the weights at the end of the epoch, in
        // batches of the training batch size, as Keras.
        Map<String, Double> expected = model.evaluate(rows(data[0], 35, 50), rows(data[1], 35, 50), 4);
        assertEquals(expected.get("loss"), history.get("val_loss").get(0), 0.0);
        assertEquals(expected.get("accuracy"), history.get("val_accuracy").get(0), 0.0);
        double[] byHand = crossEntropyAndAccuracy(model, rows(data[0], 35, 50), rows(data[1], 35, 50));
        assertEquals(byHand[0], history.get("val_loss").get(0), 1e-12);
        assertEquals(byHand[1], history.get("val_accuracy").get(0), 0.0);
    }

    @Test
    void optimizerStateSurvivesAcrossFitCalls() {
        INDArray[] data = Fixtures.blobs(40, 10, DataType.DOUBLE);
        Sequential once = blobsModel(2, DataType.DOUBLE);
        Sequential twice = blobsModel(2, DataType.DOUBLE);
        once.compile(new Adam(0.01), new SparseCategoricalCrossentropy());
        twice.compile(new Adam(0.01), new SparseCategoricalCrossentropy());
        once.fit(data[0], data[1], new FitOptions().epochs(2).batchSize(8).shuffle(false).verbose(0));
        twice.fit(data[0], data[1], new FitOptions().epochs(1).batchSize(8).shuffle(false).verbose(0));
        twice.fit(data[0], data[1], new FitOptions().epochs(1).batchSize(8).shuffle(false).verbose(0));
        assertEquals(10, twice.optimizer().iterations());
        assertArrayEquals(once.parameters().values().toDoubleVector(), twice.parameters().values().toDoubleVector());
    }

    @Test
    void validationDataIsEvaluatedEveryEpoch() {
        INDArray[] train = Fixtures.blobs(40, 15, DataType.DOUBLE);
        INDArray[] val = Fixtures.blobs(12, 16, DataType.DOUBLE);
        Sequential model = blobsModel(4, DataType.DOUBLE);
        model.compile(new Adam(), new SparseCategoricalCrossentropy(), "accuracy");
        History history = model.fit(train[0], train[1],
                new FitOptions().epochs(2).batchSize(8).validationData(val[0], val[1]).verbose(0));
        assertEquals(2, history.get("val_loss").size());
        assertEquals(model.evaluate(val[0], val[1], 8).get("loss"), history.get("val_loss").get(1), 0.0);
        assertEquals(crossEntropyAndAccuracy(model, val[0], val[1])[0], history.get("val_loss").get(1), 1e-12);
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), List.copyOf(history.history().keySet()));
    }

    @Test
    void integerLabelArraysAndJavaArraysAreAccepted() {
        INDArray[] data = Fixtures.blobs(20, 17, DataType.FLOAT);
        Sequential model = blobsModel(4, DataType.FLOAT);
        model.compile(new Adam(), new SparseCategoricalCrossentropy(), "accuracy");
        History fromInts = model.fit(data[0], data[1].castTo(DataType.INT), new FitOptions().epochs(1).verbose(0));
        assertEquals(1, fromInts.get("loss").size());
        double[][] rows = data[0].castTo(DataType.DOUBLE).toDoubleMatrix();
        History fromJava = model.fit(rows, data[1].toIntVector(), new FitOptions().epochs(1).verbose(0));
        assertTrue(Double.isFinite(fromJava.get("loss").get(0)));
    }

    @Test
    void aColumnSliceOfALargerArrayTrainsLikeItsCopy() {
        // Features taken as columns 1..2 of a wider array are not contiguous; fit copies them instead of failing.
        INDArray[] data = Fixtures.blobs(20, 18, DataType.FLOAT);
        INDArray wide = org.nd4j.linalg.factory.Nd4j.hstack(data[1].reshape(20, 1), data[0]);
        INDArray slice = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));
        Sequential fromSlice = blobsModel(5, DataType.FLOAT);
        Sequential fromCopy = blobsModel(5, DataType.FLOAT);
        fromSlice.compile(new Adam(), new SparseCategoricalCrossentropy());
        fromCopy.compile(new Adam(), new SparseCategoricalCrossentropy());
        fromSlice.fit(slice, data[1], new FitOptions().epochs(2).batchSize(4).verbose(0));
        fromCopy.fit(slice.dup('c'), data[1], new FitOptions().epochs(2).batchSize(4).verbose(0));
        assertArrayEquals(fromCopy.parameters().values().toDoubleVector(), fromSlice.parameters().values().toDoubleVector());
    }

    @Test
    void aCallbackCanStopTraining() {
        INDArray[] data = Fixtures.blobs(20, 11, DataType.FLOAT);
        Sequential model = blobsModel(1, DataType.FLOAT);
        model.compile(new Adam(), new SparseCategoricalCrossentropy());
        List<Integer> seen = new ArrayList<>();
        Callback stopAfterTwo = new Callback() {
            private Sequential model;

            @Override public void setModel(Sequential model) { this.model = model; }

            @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
                seen.add(epoch);
                if (epoch == 1) {
                    model.setStopTraining(true);
                }
            }
        };
        History history = model.fit(data[0], data[1], new FitOptions().epochs(10).verbose(0).callbacks(stopAfterTwo));
        assertEquals(List.of(0, 1), seen);
        assertEquals(List.of(0, 1), history.epochs());
    }

    @Test
    void predictReturnsProbabilitiesAfterSoftmaxAndLogitsAfterLinear() {
        INDArray[] data = Fixtures.blobs(16, 12, DataType.FLOAT);
        Sequential softmax = blobsModel(1, DataType.FLOAT);
        INDArray p = softmax.predict(data[0]);
        for (int i = 0; i < 16; i++) {
            assertEquals(1.0, p.getRow(i).sumNumber().doubleValue(), 1e-6);
            assertTrue(p.getRow(i).minNumber().doubleValue() >= 0);
        }
        Sequential linear = new Sequential(new Dense(4, Activation.LINEAR, Initializer.ONES).inputDim(2));
        INDArray z = linear.predict(data[0]);
        // With a kernel of ones and zero bias, each logit is x0 + x1 (tens, for these clusters).
        assertEquals(data[0].getDouble(0, 0) + data[0].getDouble(0, 1), z.getDouble(0, 0), 1e-4);
    }

    @Test
    void compileResolvesKerasNames() {
        Sequential model = blobsModel(1, DataType.FLOAT);
        model.compile("sgd", "categorical_crossentropy", "accuracy");
        assertEquals("sgd", model.optimizer().name());
        assertEquals("categorical_crossentropy", model.loss().name());
        assertEquals(List.of("accuracy"), model.metricNames());
        assertTrue(model.objective().readsPreActivation());
        model.compile(new Adam(), "mse");
        assertEquals("mean_squared_error", model.loss().name());
    }

    @Test
    void verboseTwoPrintsOneKerasLinePerEpoch() {
        INDArray[] data = Fixtures.blobs(30, 13, DataType.FLOAT);
        Sequential model = blobsModel(1, DataType.FLOAT);
        model.compile(new Adam(), new CategoricalCrossentropy(), "accuracy");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        History history;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            history = model.fit(data[0], Fixtures.oneHot(data[1], 4),
                    new FitOptions().epochs(2).batchSize(10).validationSplit(0.2).verbose(2));
        } finally {
            System.setOut(original);
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(4, lines.length, captured.toString());
        assertEquals("Epoch 1/2", lines[0]);
        assertEquals("Epoch 2/2", lines[2]);
        // 24 training samples in batches of 10: 3 steps.
        assertTrue(lines[3].startsWith("3/3 "), lines[3]);
        String loss = String.format(java.util.Locale.ROOT, "loss: %.4f", history.get("loss").get(1));
        String valAccuracy = String.format(java.util.Locale.ROOT, "val_accuracy: %.4f", history.get("val_accuracy").get(1));
        assertTrue(lines[3].contains(loss) && lines[3].contains(valAccuracy), lines[3]);
        assertTrue(lines[3].contains("/step"), lines[3]);
    }

    @Test
    void aSingleClassValidationSplitIsWarnedAbout() {
        // Sorted by class, ten of each: the last 20% (8 samples) are all class 3, the classic trap.
        INDArray[] data = Fixtures.blobs(40, 14, DataType.FLOAT);
        float[] labels = new float[40];
        for (int i = 0; i < 40; i++) {
            labels[i] = i / 10;
        }
        INDArray sortedY = org.nd4j.linalg.factory.Nd4j.createFromArray(labels);
        Sequential model = blobsModel(1, DataType.FLOAT);
        model.compile(new Adam(), new SparseCategoricalCrossentropy());
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            model.fit(data[0], sortedY, new FitOptions().epochs(1).validationSplit(0.2).verbose(0));
        } finally {
            System.setErr(original);
        }
        String err = captured.toString(StandardCharsets.UTF_8);
        assertTrue(err.contains("single class") && err.contains("shuffle"), err);
    }
}
