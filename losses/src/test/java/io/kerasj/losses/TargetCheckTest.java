package io.kerasj.losses;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.factory.Nd4j;

class TargetCheckTest {

    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void sparseRejectsALabelOutOfRangeNamingRowAndValue() {
        String m = message(() -> new SparseCategoricalCrossentropy().checkTargets(
                Nd4j.createFromArray(new double[] {0, 1, 7, 2}), 4));
        assertTrue(m.contains("row 2") && m.contains("7") && m.contains("[0, 4)"), m);
    }

    /** Called directly, without fit's check first, the loss itself still refuses an id that is no column. */
    @Test
    void sparseComputeRejectsALabelOutsideThePredictions() {
        String m = message(() -> new SparseCategoricalCrossentropy(true).compute(
                Nd4j.createFromArray(new double[] {0, 3}), Nd4j.createFromArray(new double[][] {{1, 2, 3}, {1, 2, 3}})));
        assertTrue(m.contains("3.0") && m.contains("[0, 3)"), m);
    }

    @Test
    void sparseRejectsANegativeLabel() {
        String m = message(() -> new SparseCategoricalCrossentropy().checkTargets(
                Nd4j.createFromArray(new double[] {0, -1}), 4));
        assertTrue(m.contains("row 1") && m.contains("-1"), m);
    }

    @Test
    void sparseRejectsANonIntegerLabel() {
        String m = message(() -> new SparseCategoricalCrossentropy().checkTargets(
                Nd4j.createFromArray(new double[] {0, 1.5}), 4));
        assertTrue(m.contains("row 1") && m.contains("1.5") && m.contains("not an integer"), m);
    }

    @Test
    void sparseSuggestsZeroBasedLabelsWhenTheMaxEqualsTheClassCount() {
        String m = message(() -> new SparseCategoricalCrossentropy().checkTargets(
                Nd4j.createFromArray(new double[] {1, 2, 3, 4}), 4));
        assertTrue(m.contains("0-based"), m);
    }

    @Test
    void sparseRejectsOneHotTargetsSuggestingTheCategoricalLoss() {
        String m = message(() -> new SparseCategoricalCrossentropy().checkTargets(
                Nd4j.createFromArray(new double[][] {{0, 1}, {1, 0}}), 2));
        assertTrue(m.contains("one-hot") && m.contains("CategoricalCrossentropy"), m);
    }

    @Test
    void sparseAcceptsIdsAsVectorOrColumn() {
        assertDoesNotThrow(() -> new SparseCategoricalCrossentropy().checkTargets(
                Nd4j.createFromArray(new double[] {0, 3}), 4));
        assertDoesNotThrow(() -> new SparseCategoricalCrossentropy().checkTargets(
                Nd4j.createFromArray(new double[][] {{0}, {3}}), 4));
    }

    @Test
    void categoricalRejectsIntegerLabelsSuggestingTheSparseLoss() {
        String m = message(() -> new CategoricalCrossentropy().checkTargets(
                Nd4j.createFromArray(new double[] {0, 3, 1}), 4));
        assertTrue(m.contains("SparseCategoricalCrossentropy") && m.contains("toCategorical"), m);
    }

    @Test
    void categoricalRejectsTheWrongNumberOfColumns() {
        String m = message(() -> new CategoricalCrossentropy().checkTargets(
                Nd4j.createFromArray(new double[][] {{0, 1, 0}}), 4));
        assertTrue(m.contains("[m, 4]") && m.contains("[1, 3]"), m);
    }

    @Test
    void binaryRejectsTargetsOutsideZeroOne() {
        String m = message(() -> new BinaryCrossentropy().checkTargets(
                Nd4j.createFromArray(new double[][] {{0}, {2}}), 1));
        assertTrue(m.contains("[0, 1]"), m);
    }

    @Test
    void labelSmoothingOutsideZeroOneIsRejected() {
        String m = message(() -> new CategoricalCrossentropy(false, 1.5));
        assertTrue(m.contains("labelSmoothing=1.5"), m);
    }
}
