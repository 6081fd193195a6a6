package io.kerasj.regularizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ops.Ops;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The penalties and their gradients on w = [[1, −2], [0, 3]]: Σ|w| = 6, Σw² = 14, sign(w) = [[1, −1], [0, 1]]. */
class RegularizerTest {

    private static final Ops OPS = Ops.forBackend();

    private static INDArray w() {
        return Nd4j.createFromArray(new double[][] {{1, -2}, {0, 3}});
    }

    private static double[] gradient(Regularizer regularizer) {
        INDArray w = w();
        INDArray gradient = Nd4j.createFromArray(new double[][] {{1, 1}, {1, 1}});
        regularizer.addGradient(OPS, w, gradient, w.ulike());
        return gradient.reshape(4).toDoubleVector();
    }

    @Test
    void l1IsTheFactorTimesTheSumOfMagnitudes() {
        // 0.1·6 = 0.6; gradient 1 + 0.1·sign(w) = [1.1, 0.9, 1, 1.1] (sign(0) = 0).
        assertEquals(0.6, new L1(0.1).penalty(OPS, w(), w().ulike()), 1e-15);
        assertArrayEquals(new double[] {1.1, 0.9, 1.0, 1.1}, gradient(new L1(0.1)), 1e-15);
    }

    @Test
    void l2IsTheFactorTimesTheSumOfSquaresWithoutAHalf() {
        // 0.01·14 = 0.14; gradient 1 + 2·0.01·w = [1.02, 0.96, 1, 1.06].
        assertEquals(0.14, new L2(0.01).penalty(OPS, w(), w().ulike()), 1e-15);
        assertArrayEquals(new double[] {1.02, 0.96, 1.0, 1.06}, gradient(new L2(0.01)), 1e-15);
    }

    @Test
    void l1l2AddsBoth() {
        // 0.6 + 0.14 = 0.74; gradient 1 + 0.1·sign(w) + 0.02·w = [1.12, 0.86, 1, 1.16].
        assertEquals(0.74, new L1L2(0.1, 0.01).penalty(OPS, w(), w().ulike()), 1e-15);
        assertArrayEquals(new double[] {1.12, 0.86, 1.0, 1.16}, gradient(new L1L2(0.1, 0.01)), 1e-15);
    }

    @Test
    void defaultsAndNamesAreKeras() {
        assertEquals(0.01, new L1().l1());
        assertEquals(0.01, new L2().l2());
        assertEquals(0.0, new L1L2().l1());
        assertEquals(0.0, new L1L2().l2());
        assertEquals(0.01, assertInstanceOf(L1.class, Regularizer.get("l1")).l1());
        assertEquals(0.01, assertInstanceOf(L2.class, Regularizer.get("L2")).l2());
        assertInstanceOf(L1L2.class, Regularizer.get("l1_l2"));
        assertInstanceOf(L1L2.class, Regularizer.get("l1l2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Regularizer.get("l3"));
        assertTrue(e.getMessage().contains("l1_l2"), e.getMessage());
    }

    @Test
    void serializedFormComesBack() {
        Regularizer[] regularizers = {new L1(0.3), new L2(0.2), new L1L2(0.1, 0.05)};
        for (Regularizer r : regularizers) {
            Regularizer copy = Regularizer.deserialize("Dense", "kernel_regularizer", Regularizer.serialize(r));
            assertEquals(r.className(), copy.className());
            assertEquals(r.config(), copy.config());
        }
        // Keras's own form, with "module" and "registered_name", and a bare name.
        Regularizer keras = Regularizer.deserialize("Dense", "kernel_regularizer", Map.of("module",
                "keras.regularizers", "class_name", "L2", "config", Map.of("l2", 0.5), "registered_name", "L2"));
        assertEquals(0.5, ((L2) keras).l2());
        assertInstanceOf(L1.class, Regularizer.deserialize("Dense", "kernel_regularizer", "l1"));
    }

    @Test
    void negativeOrNonFiniteFactorsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new L2(-0.1));
        assertTrue(e.getMessage().contains("l2=-0.1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new L1(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new L1L2(0.1, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Regularizer.deserialize("Dense", "kernel_regularizer",
                Map.of("class_name", "Orthogonal", "config", Map.of())));
    }
}
