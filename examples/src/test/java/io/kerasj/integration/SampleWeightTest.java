package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Loss;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.losses.BinaryCrossentropy;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.losses.MeanSquaredError;
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.optimizers.SGD;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code sample_weight} and {@code class_weight}: the loss of a batch is Σ_i w_i·l_i / m ("sum_over_batch_size"),
 * its gradient that of this sum (checked by central differences in float64), metrics are not weighted, and class
 * weights weight training only.
 */
class SampleWeightTest {

    /** Dense(1), linear, kernel w and bias b, float64, with MSE and plain SGD. */
    private static Sequential line(double w, double b, double learningRate) {
        Sequential model = new Sequential(DataType.DOUBLE, new Dense(1).inputDim(1));
        model.compile(new SGD(learningRate), new MeanSquaredError());
        model.setWeights(List.of(Nd4j.createFromArray(new double[][] {{w}}), Nd4j.createFromArray(b)));
        return model;
    }

    private static INDArray column(double... values) {
        return Nd4j.createFromArray(values).reshape(values.length, 1);
    }

    /**
     * x = [1, 2, 3], targets 0, W = 1, b = 0: predictions 1, 2, 3 and squared errors 1, 4, 9. Weights [1, 0, 2] give
     * (1·1 + 0·4 + 2·9)/3 = 19/3, whatever the batches: in batches of 2, (1 + 0)/2·2 + 18/1·1 over 3 rows.
     */
    @Test
    void theWeightedLossIsTheSumOverTheBatchSize() {
        Sequential model = line(1, 0, 0.1);
        INDArray x = column(1, 2, 3);
        INDArray y = column(0, 0, 0);
        INDArray w = Nd4j.createFromArray(1.0, 0.0, 2.0);
        assertEquals(19.0 / 3, model.evaluate(x, y, 3, w).get("loss"), 1e-15);
        assertEquals(19.0 / 3, model.evaluate(x, y, 2, w).get("loss"), 1e-15);
        // Unweighted: (1 + 4 + 9)/3.
        assertEquals(14.0 / 3, model.evaluate(x, y, 3).get("loss"), 1e-15);
    }

    /**
     * One SGD step (learning rate 1) on the same three rows: ∂L/∂W = (2/3)·Σ w_i·x_i·(W·x_i + b) = (2/3)(1 + 0 + 18) =
     * 38/3 and ∂L/∂b = (2/3)(1 + 0 + 6) = 14/3, so W = 1 − 38/3 and b = −14/3; the reported loss is 19/3.
     */
    @Test
    void oneStepFollowsTheWeightedGradientByHand() {
        Sequential model = line(1, 0, 1.0);
        Map<String, Double> logs = model.trainOnBatch(column(1, 2, 3), column(0, 0, 0),
                Nd4j.createFromArray(1.0, 0.0, 2.0));
        assertEquals(19.0 / 3, logs.get("loss"), 1e-15);
        List<INDArray> weights = model.getWeights();
        assertEquals(1 - 38.0 / 3, weights.get(0).getDouble(0), 1e-14);
        assertEquals(-14.0 / 3, weights.get(1).getDouble(0), 1e-14);
    }

    /**
     * For each loss path (fused softmax + cross-entropy, sparse from logits, sigmoid + binary cross-entropy, plain
     * MSE), the step of SGD with learning rate 1 moves θ by −∂L_w/∂θ; that gradient is compared with central
     * differences of the weighted evaluate loss, in float64.
     */
    @Test
    void theGradientIsThatOfTheWeightedLossOnEveryPath() {
        Random random = new Random(7);
        int m = 6;
        INDArray x = Nd4j.rand(DataType.DOUBLE, m, 3).subi(0.5).muli(4);
        INDArray w = Nd4j.createFromArray(0.0, 1.0, 2.5, 0.25, 1.0, 4.0);
        INDArray ids = Nd4j.createFromArray(0.0, 2.0, 1.0, 2.0, 0.0, 1.0).reshape(m, 1);
        INDArray bits = Nd4j.createFromArray(0.0, 1.0, 1.0, 0.0, 1.0, 0.0).reshape(m, 1);
        checkGradient("softmax + categorical", () -> new Dense(3, Activation.SOFTMAX), new CategoricalCrossentropy(),
                x, Fixtures.oneHot(ids, 3).castTo(DataType.DOUBLE), w, random);
        checkGradient("sparse from logits", () -> new Dense(3), new SparseCategoricalCrossentropy(true), x, ids, w,
                random);
        checkGradient("sigmoid + binary", () -> new Dense(1, Activation.SIGMOID), new BinaryCrossentropy(), x, bits,
                w, random);
        checkGradient("mse, two outputs", () -> new Dense(2, Activation.TANH), new MeanSquaredError(), x,
                Nd4j.rand(DataType.DOUBLE, m, 2), w, random);
    }

    private static void checkGradient(String what, Supplier<Dense> output, Loss loss, INDArray x, INDArray y,
            INDArray w, Random random) {
        Sequential model = new Sequential(DataType.DOUBLE, new Dense(4, Activation.TANH).inputDim(3), output.get());
        model.setSeed(random.nextLong());
        model.compile(new SGD(1.0), loss);
        model.build(3);
        List<INDArray> start = copies(model.getWeights());
        int m = (int) x.size(0);
        double[] numeric = numericGradient(model, start, x, y, w);
        model.setWeights(copies(start));
        model.trainOnBatch(x, y, w);
        List<INDArray> after = model.getWeights();
        int k = 0;
        for (int t = 0; t < start.size(); t++) {
            for (long j = 0; j < start.get(t).length(); j++, k++) {
                double analytic = start.get(t).getDouble(j) - after.get(t).getDouble(j);
                assertEquals(numeric[k], analytic, 1e-7 * Math.max(1, Math.abs(numeric[k])),
                        what + ": parameter " + k + " of " + m + "-row batch");
            }
        }
    }

    /** Central differences of the weighted loss, h = 1e-6, over every parameter in getWeights order. */
    private static double[] numericGradient(Sequential model, List<INDArray> start, INDArray x, INDArray y, INDArray w) {
        int count = start.stream().mapToInt(a -> (int) a.length()).sum();
        double[] gradient = new double[count];
        double h = 1e-6;
        int k = 0;
        for (int t = 0; t < start.size(); t++) {
            for (long j = 0; j < start.get(t).length(); j++, k++) {
                List<INDArray> plus = copies(start);
                plus.get(t).putScalar(j, start.get(t).getDouble(j) + h);
                model.setWeights(plus);
                double up = model.evaluate(x, y, (int) x.size(0), w).get("loss");
                List<INDArray> minus = copies(start);
                minus.get(t).putScalar(j, start.get(t).getDouble(j) - h);
                model.setWeights(minus);
                double down = model.evaluate(x, y, (int) x.size(0), w).get("loss");
                gradient[k] = (up - down) / (2 * h);
            }
        }
        return gradient;
    }

    private static List<INDArray> copies(List<INDArray> arrays) {
        return arrays.stream().map(INDArray::dup).toList();
    }

    /**
     * A batch large enough to be worked through in chunks on two lanes (1,200 × 400 float64 = 3.84 MB against chunks
     * of 3 MB) weights each chunk's rows as one piece would: a few coordinates of its step against central
     * differences.
     */
    @Test
    void aChunkedBatchIsWeightedRowByRow() {
        int m = 1200;
        int n = 400;
        INDArray x = Fixtures.gaussian(3, DataType.DOUBLE, m, n);
        INDArray ids = Nd4j.create(DataType.DOUBLE, m, 1);
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            ids.putScalar(i, i % 3);
            w[i] = (i * 7) % 5 * 0.5;
        }
        INDArray weights = Nd4j.createFromArray(w);
        Sequential model = new Sequential(DataType.DOUBLE, new Dense(3).inputDim(n));
        model.setSeed(11);
        model.compile(new SGD(1.0), new SparseCategoricalCrossentropy(true));
        model.build(n);
        List<INDArray> start = copies(model.getWeights());
        model.trainOnBatch(x, ids, weights);
        List<INDArray> after = model.getWeights();
        double h = 1e-6;
        for (long j : new long[] {0, 5, 601, 1199}) {
            List<INDArray> plus = copies(start);
            plus.get(0).putScalar(j, start.get(0).getDouble(j) + h);
            model.setWeights(plus);
            double up = model.evaluate(x, ids, m, weights).get("loss");
            List<INDArray> minus = copies(start);
            minus.get(0).putScalar(j, start.get(0).getDouble(j) - h);
            model.setWeights(minus);
            double down = model.evaluate(x, ids, m, weights).get("loss");
            double numeric = (up - down) / (2 * h);
            double analytic = start.get(0).getDouble(j) - after.get(0).getDouble(j);
            assertEquals(numeric, analytic, 1e-7 * Math.max(1, Math.abs(numeric)), "kernel element " + j);
        }
    }

    /** Class weights are the sample weights of each row's class: argmax of one-hot rows, the value of id rows. */
    @Test
    void classWeightsAreTheWeightsOfEachRowsClass() {
        INDArray[] data = Fixtures.blobs(40, 5, DataType.DOUBLE);
        INDArray ids = data[1].reshape(data[1].length(), 1).castTo(DataType.DOUBLE);
        Map<Integer, Double> classWeight = Map.of(0, 0.5, 2, 3.0);   // class 1 and 3 weigh 1
        double[] byRow = new double[(int) ids.length()];
        for (int i = 0; i < byRow.length; i++) {
            int c = (int) ids.getDouble(i);
            byRow[i] = c == 0 ? 0.5 : c == 2 ? 3.0 : 1.0;
        }
        FitOptions common = new FitOptions().epochs(2).batchSize(8).verbose(0);
        List<INDArray> bySample = train(data[0], ids, new FitOptions().epochs(2).batchSize(8).verbose(0)
                .sampleWeight(Nd4j.createFromArray(byRow)), new SparseCategoricalCrossentropy(true));
        List<INDArray> byClassIds = train(data[0], ids, common.classWeight(classWeight),
                new SparseCategoricalCrossentropy(true));
        List<INDArray> byClassOneHot = train(data[0], Fixtures.oneHot(ids, 4).castTo(DataType.DOUBLE),
                new FitOptions().epochs(2).batchSize(8).verbose(0).classWeight(classWeight),
                new CategoricalCrossentropy(true));
        for (int t = 0; t < bySample.size(); t++) {
            assertTrue(bySample.get(t).equalsWithEps(byClassIds.get(t), 1e-13), "ids, weight " + t);
            assertTrue(bySample.get(t).equalsWithEps(byClassOneHot.get(t), 1e-12), "one-hot, weight " + t);
        }
    }

    private static List<INDArray> train(INDArray x, INDArray y, FitOptions options, Loss loss) {
        Sequential model = new Sequential(DataType.DOUBLE, new Dense(6, Activation.RELU).inputDim(2), new Dense(4));
        model.setSeed(3);
        model.compile(new SGD(0.05), loss);
        model.fit(x, y, options);
        return model.getWeights();
    }

    /**
     * Weights of 1 train exactly as no weights, to rounding; weights of 0 report a loss of exactly 0 and leave the
     * weights where they were, while accuracy, not weighted as Keras's metrics, still counts every row.
     */
    @Test
    void unitAndZeroWeightsAreNoWeightsAndNoTraining() {
        INDArray[] data = Fixtures.blobs(30, 9, DataType.DOUBLE);
        INDArray ids = data[1].reshape(data[1].length(), 1).castTo(DataType.DOUBLE);
        int m = (int) ids.length();
        List<INDArray> plain = train(data[0], ids, new FitOptions().epochs(2).batchSize(7).verbose(0),
                new SparseCategoricalCrossentropy(true));
        List<INDArray> ones = train(data[0], ids, new FitOptions().epochs(2).batchSize(7).verbose(0)
                .sampleWeight(Nd4j.ones(DataType.DOUBLE, m)), new SparseCategoricalCrossentropy(true));
        for (int t = 0; t < plain.size(); t++) {
            assertTrue(plain.get(t).equalsWithEps(ones.get(t), 1e-12), "weight " + t);
        }

        Sequential model = new Sequential(DataType.DOUBLE, new Dense(4).inputDim(2));
        model.setSeed(1);
        model.compile(new SGD(0.1), new SparseCategoricalCrossentropy(true), "accuracy");
        model.build(2);
        List<INDArray> before = copies(model.getWeights());
        double accuracy = model.evaluate(data[0], ids).get("accuracy");
        History history = model.fit(data[0], ids, new FitOptions().epochs(1).batchSize(8).verbose(0)
                .sampleWeight(Nd4j.zeros(DataType.DOUBLE, m)));
        assertEquals(0.0, history.get("loss").get(0));
        assertEquals(accuracy, history.get("accuracy").get(0), "metrics are not weighted");
        for (int t = 0; t < before.size(); t++) {
            assertTrue(before.get(t).equals(model.getWeights().get(t)), "zero weights move nothing");
        }
    }

    /**
     * Sample weights follow their rows into the validation split: zero weights on the last quarter make val_loss
     * exactly 0. Class weights do not (Keras applies them to training only): all-zero class weights make the
     * training loss 0 and leave val_loss positive.
     */
    @Test
    void validationKeepsSampleWeightsButNotClassWeights() {
        INDArray[] data = Fixtures.blobs(8, 4, DataType.DOUBLE);
        INDArray ids = data[1].reshape(data[1].length(), 1).castTo(DataType.DOUBLE);
        int m = (int) ids.length();
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = i < m * 3 / 4 ? 1.0 : 0.0;
        }
        Sequential model = new Sequential(DataType.DOUBLE, new Dense(4).inputDim(2));
        model.compile(new SGD(0.1), new SparseCategoricalCrossentropy(true));
        History split = model.fit(data[0], ids, new FitOptions().epochs(1).verbose(0).validationSplit(0.25)
                .sampleWeight(Nd4j.createFromArray(w)));
        assertEquals(0.0, split.get("val_loss").get(0));
        assertTrue(split.get("loss").get(0) > 0);

        History classes = model.fit(data[0], ids, new FitOptions().epochs(1).verbose(0).validationSplit(0.25)
                .classWeight(Map.of(0, 0.0, 1, 0.0, 2, 0.0, 3, 0.0)));
        assertEquals(0.0, classes.get("loss").get(0));
        assertTrue(classes.get("val_loss").get(0) > 0);

        History given = model.fit(data[0], ids, new FitOptions().epochs(1).verbose(0)
                .validationData(data[0], ids, Nd4j.zeros(DataType.DOUBLE, m)));
        assertEquals(0.0, given.get("val_loss").get(0));
    }

    @Test
    void badWeightsAreRefusedByName() {
        Sequential model = line(1, 0, 0.1);
        INDArray x = column(1, 2, 3);
        INDArray y = column(0, 0, 0);
        String both = assertThrows(IllegalArgumentException.class, () -> model.fit(x, y, new FitOptions()
                .sampleWeight(Nd4j.ones(3)).classWeight(Map.of(0, 2.0)))).getMessage();
        assertTrue(both.contains("sampleWeight") && both.contains("classWeight"), both);
        String length = assertThrows(IllegalArgumentException.class, () -> model.fit(x, y, new FitOptions()
                .sampleWeight(Nd4j.ones(4)))).getMessage();
        assertTrue(length.contains("sampleWeight") && length.contains("[3]") && length.contains("[4]"), length);
        String negative = assertThrows(IllegalArgumentException.class, () -> model.evaluate(x, y, 3,
                Nd4j.createFromArray(1.0, -1.0, 1.0))).getMessage();
        assertTrue(negative.contains("negative") && negative.contains("sample 1"), negative);
        String nan = assertThrows(IllegalArgumentException.class, () -> model.trainOnBatch(x, y,
                Nd4j.createFromArray(1.0, Double.NaN, 1.0))).getMessage();
        assertTrue(nan.contains("sampleWeight") && nan.contains("NaN"), nan);
        String classes = assertThrows(IllegalArgumentException.class, () -> new FitOptions()
                .classWeight(Map.of(1, -2.0))).getMessage();
        assertTrue(classes.contains("classWeight") && classes.contains("-2.0"), classes);
    }
}
