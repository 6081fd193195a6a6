package io.kerasj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class UtilsTest {

    @Test
    void toCategoricalOneHotEncodes() {
        INDArray oneHot = Utils.toCategorical(new int[] {2, 0, 1}, 3);
        assertArrayEquals(new long[] {3, 3}, oneHot.shape());
        assertEquals(DataType.FLOAT, oneHot.dataType());
        assertArrayEquals(new float[] {0, 0, 1}, oneHot.getRow(0).toFloatVector());
        assertArrayEquals(new float[] {1, 0, 0}, oneHot.getRow(1).toFloatVector());
        assertArrayEquals(new float[] {0, 1, 0}, oneHot.getRow(2).toFloatVector());
    }

    @Test
    void toCategoricalRejectsALabelOutOfRangeNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Utils.toCategorical(new int[] {0, 3}, 3));
        assertTrue(e.getMessage().contains("labels[1] = 3"), e.getMessage());
    }

    @Test
    void labelsAreAFloatVector() {
        INDArray ids = Utils.labels(new int[] {4, 1});
        assertArrayEquals(new long[] {2}, ids.shape());
        assertEquals(4.0, ids.getDouble(0), 0.0);
    }
}
