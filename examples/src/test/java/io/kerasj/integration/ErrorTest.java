package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every misuse gets an exception whose message says what was expected and what arrived. */
class ErrorTest {

    private final INDArray x = Fixtures.gaussian(1, DataType.FLOAT, 10, 2);
    private final INDArray ids = Nd4j.createFromArray(new float[] {0, 1, 2, 3, 0, 1, 2, 3, 0, 1});

    private static Sequential compiled() {
        Sequential model = new Sequential(new Dense(8, Activation.RELU).inputDim(2), new Dense(4, Activation.SOFTMAX));
        model.compile(new Adam(), new SparseCategoricalCrossentropy(), "accuracy");
        return model;
    }

    private static String message(Class<? extends RuntimeException> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    @Test
    void fitBeforeCompile() {
        Sequential model = new Sequential(new Dense(4, Activation.SOFTMAX));
        String m = message(IllegalStateException.class, () -> model.fit(x, ids, new FitOptions().batchSize(4)));
        assertTrue(m.contains("not compiled") && m.contains("compile("), m);
    }

    @Test
    void inputWidthThatDoesNotMatchTheFirstLayer() {
        String m = message(IllegalArgumentException.class,
                () -> compiled().fit(Fixtures.gaussian(1, DataType.FLOAT, 10, 3), ids, new FitOptions().batchSize(4)));
        assertTrue(m.contains("\"dense\"") && m.contains("width 2") && m.contains("3"), m);
    }

    @Test
    void xAndYOfDifferentLengths() {
        String m = message(IllegalArgumentException.class, () -> compiled().fit(x, Nd4j.createFromArray(new float[] {0, 1}), new FitOptions().batchSize(4)));
        assertTrue(m.contains("10 samples") && m.contains("[2]"), m);
    }

    @Test
    void emptyData() {
        String m = message(IllegalArgumentException.class,
                () -> compiled().fit(Nd4j.create(DataType.FLOAT, 0, 2), Nd4j.create(DataType.FLOAT, 0), new FitOptions().batchSize(4)));
        assertTrue(m.contains("no samples"), m);
    }

    @Test
    void nonPositiveBatchSize() {
        String m = message(IllegalArgumentException.class, () -> compiled().fit(x, ids, new FitOptions().batchSize(0)));
        assertTrue(m.contains("batchSize=0"), m);
    }

    @Test
    void validationSplitOutsideZeroOne() {
        String m = message(IllegalArgumentException.class,
                () -> compiled().fit(x, ids, new FitOptions().validationSplit(1.0)));
        assertTrue(m.contains("validationSplit=1.0") && m.contains("[0, 1)"), m);
    }

    @Test
    void validationSplitLeavingNoTrainingSample() {
        // floor(10 · (1 − 0.95)) = 0 samples left to train on.
        String m = message(IllegalArgumentException.class,
                () -> compiled().fit(x, ids, new FitOptions().validationSplit(0.95).verbose(0)));
        assertTrue(m.contains("leaves 0 for training and 10 for validation"), m);
    }

    @Test
    void nanInInputsNamesTheRow() {
        INDArray bad = x.dup();
        bad.putScalar(7, 1, Double.NaN);
        String m = message(IllegalArgumentException.class, () -> compiled().fit(bad, ids, new FitOptions().batchSize(4)));
        assertTrue(m.contains("NaN") && m.contains("row 7"), m);
    }

    @Test
    void infinityInTargets() {
        INDArray bad = ids.dup();
        bad.putScalar(3, Double.POSITIVE_INFINITY);
        String m = message(IllegalArgumentException.class, () -> compiled().fit(x, bad, new FitOptions().batchSize(4)));
        assertTrue(m.contains("Infinity") && m.contains("row 3"), m);
    }

    @Test
    void sparseLabelOutOfRange() {
        INDArray bad = ids.dup();
        bad.putScalar(5, 4);
        String m = message(IllegalArgumentException.class, () -> compiled().fit(x, bad, new FitOptions().batchSize(4)));
        assertTrue(m.contains("row 5") && m.contains("[0, 4)"), m);
    }

    @Test
    void oneHotTargetsToTheSparseLoss() {
        String m = message(IllegalArgumentException.class, () -> compiled().fit(x, Fixtures.oneHot(ids, 4), new FitOptions().batchSize(4)));
        assertTrue(m.contains("CategoricalCrossentropy"), m);
    }

    @Test
    void integerLabelsToTheCategoricalLoss() {
        Sequential model = new Sequential(new Dense(4, Activation.SOFTMAX).inputDim(2));
        model.compile(new Adam(), new CategoricalCrossentropy());
        String m = message(IllegalArgumentException.class, () -> model.fit(x, ids, new FitOptions().batchSize(4)));
        assertTrue(m.contains("SparseCategoricalCrossentropy"), m);
    }

    @Test
    void evaluateAndPredictCheckTheirInputsToo() {
        Sequential model = compiled();
        String m = message(IllegalArgumentException.class, () -> model.evaluate(x, Nd4j.createFromArray(new float[] {9, 0, 0, 0, 0, 0, 0, 0, 0, 0})));
        assertTrue(m.contains("row 0") && m.contains("9"), m);
        String p = message(IllegalArgumentException.class, () -> model.predict(x, 0));
        assertTrue(p.contains("batchSize=0"), p);
    }

    @Test
    void duplicateLayerNames() {
        String m = message(IllegalArgumentException.class,
                () -> new Sequential(new Dense(2).named("a"), new Dense(2).named("a")));
        assertTrue(m.contains("\"a\""), m);
    }
}
