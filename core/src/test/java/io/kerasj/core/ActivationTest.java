package io.kerasj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ActivationTest {

    static Iterable<Activation> activations() {
        return Activation.all();
    }

    private static INDArray row(double... values) {
        return Nd4j.createFromArray(new double[][] {values});
    }

    private static INDArray apply(Activation f, INDArray z) {
        INDArray a = z.ulike();
        f.forward(z, a);
        return a;
    }

    @Test
    void softmaxMatchesHandComputedValues() {
        // e^2.0, e^4.3, e^1.2, e^-3.1 = 7.389056, 73.699794, 3.320117, 0.045049; sum 84.454016.
        // (A widely copied tutorial table gives 0.000292 for the last entry; 0.045049 / 84.454016 = 0.000533.)
        INDArray a = apply(Activation.SOFTMAX, row(2.0, 4.3, 1.2, -3.1));
        double[] expected = {0.087492, 0.872662, 0.039313, 0.000533};
        for (int c = 0; c < 4; c++) {
            assertEquals(expected[c], a.getDouble(0, c), 5e-7);
        }
        assertEquals(1.0, a.sumNumber().doubleValue(), 1e-15);
    }

    @Test
    void softmaxIsExactAtExtremeLogits() {
        // Without subtracting the row max, e^1000 overflows to infinity and the row becomes NaN.
        assertEquals(Double.POSITIVE_INFINITY, Math.exp(1000));
        INDArray a = apply(Activation.SOFTMAX, row(1000, -1000, 0));
        assertEquals(1.0, a.getDouble(0, 0), 0.0);
        assertEquals(0.0, a.getDouble(0, 1), 0.0);
        // e^-1000 underflows to exactly 0 in float64.
        assertEquals(0.0, a.getDouble(0, 2), 0.0);
        INDArray b = apply(Activation.SOFTMAX, row(1000, 1000));
        assertEquals(0.5, b.getDouble(0, 0), 0.0);
        assertEquals(0.5, b.getDouble(0, 1), 0.0);
    }

    @Test
    void softmaxIsRowWise() {
        INDArray z = Nd4j.createFromArray(new double[][] {{0, 0}, {Math.log(3), 0}});
        INDArray a = apply(Activation.SOFTMAX, z);
        assertEquals(0.5, a.getDouble(0, 0), 1e-15);
        assertEquals(0.75, a.getDouble(1, 0), 1e-15);
        assertEquals(0.25, a.getDouble(1, 1), 1e-15);
    }

    @Test
    void elementwiseActivationsMatchTheirFormulas() {
        INDArray z = row(-2.0, -0.5, 0.0, 0.5, 2.0);
        INDArray relu = apply(Activation.RELU, z);
        INDArray sigmoid = apply(Activation.SIGMOID, z);
        INDArray tanh = apply(Activation.TANH, z);
        INDArray linear = apply(Activation.LINEAR, z);
        for (int i = 0; i < 5; i++) {
            double v = z.getDouble(0, i);
            assertEquals(Math.max(v, 0), relu.getDouble(0, i), 0.0);
            assertEquals(1 / (1 + Math.exp(-v)), sigmoid.getDouble(0, i), 1e-15);
            assertEquals(Math.tanh(v), tanh.getDouble(0, i), 1e-15);
            assertEquals(v, linear.getDouble(0, i), 0.0);
        }
    }

    @Test
    void reluDerivativeAtZeroIsZero() {
        INDArray z = row(0.0, 1.0, -1.0);
        INDArray a = apply(Activation.RELU, z);
        INDArray grad = z.ulike();
        Activation.RELU.backward(z, a, row(5.0, 5.0, 5.0), grad);
        assertEquals(0.0, grad.getDouble(0, 0), 0.0);
        assertEquals(5.0, grad.getDouble(0, 1), 0.0);
        assertEquals(0.0, grad.getDouble(0, 2), 0.0);
    }

    @ParameterizedTest
    @MethodSource("activations")
    void backwardMatchesFiniteDifferences(Activation activation) {
        Random random = new Random(7);
        INDArray z = Nd4j.create(DataType.DOUBLE, 4, 5);
        for (int i = 0; i < 20; i++) {
            // Keep relu's inputs away from its kink at 0, where the derivative is undefined.
            double v = 3 * random.nextGaussian();
            z.putScalar(i, Math.abs(v) < 0.05 ? v + 0.1 : v);
        }
        GradientCheck.Result result = GradientCheck.activation(activation, z);
        assertTrue(result.passed(), activation.name() + ": " + result);
    }

    @Test
    void softmaxBackwardAtExtremeLogitsIsFinite() {
        GradientCheck.Result result = GradientCheck.activation(Activation.SOFTMAX, row(1000, -1000, 999));
        assertTrue(result.passed(), result.toString());
    }

    @Test
    void namesResolveToTheConstants() {
        assertSame(Activation.RELU, Activation.get("relu"));
        assertSame(Activation.SOFTMAX, Activation.get("Softmax"));
        assertSame(Activation.LINEAR, Activation.get(null));
        assertSame(Activation.LINEAR, Activation.get("linear"));
        assertSame(Activation.TANH, Activation.get("tanh"));
        assertSame(Activation.SIGMOID, Activation.get("sigmoid"));
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.get("mishmash"));
        assertTrue(e.getMessage().contains("mishmash") && e.getMessage().contains("relu"), e.getMessage());
    }
}
