package io.kerasj.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ops.Ops;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The checker itself must be able to fail: a check that cannot fail proves nothing. */
class GradientCheckTest {

    /** L = Σ (y − t)² / m, with a gradient that is right, or off by a factor when {@code scale} ≠ 1. */
    private record SquaredError(double scale) implements Loss {
        @Override public String name() { return "test_squared_error"; }

        @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
            INDArray d = yPred.sub(yTrue);
            if (grad != null) {
                grad.assign(d.mul(2 * scale / yPred.rows()));
            }
            return d.mul(d).sumNumber().doubleValue() / yPred.rows();
        }

        @Override public void checkTargets(INDArray yTrue, int outputWidth) {}
    }

    private final INDArray t = Nd4j.createFromArray(new double[][] {{0.1, -0.4}, {2.0, 0.3}});
    private final INDArray y = Nd4j.createFromArray(new double[][] {{0.7, 0.2}, {-1.0, 0.9}});

    @Test
    void acceptsACorrectGradient() {
        GradientCheck.Result result = GradientCheck.loss(new SquaredError(1.0), t, y);
        assertTrue(result.passed(), result.toString());
    }

    @Test
    void rejectsAGradientOffByOnePercent() {
        GradientCheck.Result result = GradientCheck.loss(new SquaredError(1.01), t, y);
        assertFalse(result.passed(), result.toString());
    }

    @Test
    void rejectsAWrongActivationDerivative() {
        Activation wrong = new Activation() {
            @Override public String name() { return "wrong_tanh"; }

            @Override public void forward(Ops ops, INDArray z, INDArray a) { Activation.TANH.forward(ops, z, a); }

            // Forgets the square: 1 − a instead of 1 − a².
            @Override public void backward(Ops ops, INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
                gradZ.assign(a.rsub(1.0).muli(gradA));
            }
        };
        assertFalse(GradientCheck.activation(wrong, y).passed());
    }
}
