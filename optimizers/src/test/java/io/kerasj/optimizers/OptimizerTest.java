package io.kerasj.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Catalog;
import io.kerasj.core.Optimizer;
import io.kerasj.core.Parameters;
import io.kerasj.ops.Ops;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Updates checked against the rules written out by hand, one scalar at a time. */
class OptimizerTest {

    /** The engine of the backend in use: the host one, or the portable one under -Dkerasj.ops=portable. */
    private static final Ops OPS = Ops.forBackend();

    /** Two weight tensors of sizes 2 and 1, in one flat float64 buffer. */
    private static Parameters parameters(double... values) {
        INDArray flat = Nd4j.createFromArray(values);
        INDArray grads = flat.ulike().assign(0);
        return new Parameters(flat, grads,
                List.of(flat.get(NDArrayIndex.interval(0, 2)), flat.get(NDArrayIndex.interval(2, 3))),
                List.of(grads.get(NDArrayIndex.interval(0, 2)), grads.get(NDArrayIndex.interval(2, 3))), OPS);
    }

    private static void step(Optimizer optimizer, Parameters p, double... gradient) {
        p.gradients().assign(Nd4j.createFromArray(gradient));
        optimizer.step(p);
    }

    @Test
    void sgdMovesAgainstTheGradient() {
        Parameters p = parameters(1.0, -2.0, 0.5);
        step(new SGD(0.1), p, 0.5, -1.0, 0.0);
        assertEquals(0.95, p.values().getDouble(0), 1e-15);
        assertEquals(-1.9, p.values().getDouble(1), 1e-15);
        assertEquals(0.5, p.values().getDouble(2), 0.0);
    }

    @Test
    void sgdMomentumAccumulatesVelocity() {
        // u1 = −0.1·0.5 = −0.05, θ = 0.95; u2 = 0.9·(−0.05) − 0.05 = −0.095, θ = 0.855.
        Parameters p = parameters(1.0, 0.0, 0.0);
        SGD sgd = new SGD(0.1, 0.9, false);
        step(sgd, p, 0.5, 0, 0);
        assertEquals(0.95, p.values().getDouble(0), 1e-15);
        step(sgd, p, 0.5, 0, 0);
        assertEquals(0.855, p.values().getDouble(0), 1e-15);
    }

    @Test
    void sgdNesterovLooksAhead() {
        // u1 = −0.05, θ = 1 + 0.9·(−0.05) − 0.05 = 0.905; u2 = −0.095, θ = 0.905 − 0.0855 − 0.05 = 0.7695.
        Parameters p = parameters(1.0, 0.0, 0.0);
        SGD sgd = new SGD(0.1, 0.9, true);
        step(sgd, p, 0.5, 0, 0);
        assertEquals(0.905, p.values().getDouble(0), 1e-15);
        step(sgd, p, 0.5, 0, 0);
        assertEquals(0.7695, p.values().getDouble(0), 1e-15);
    }

    @Test
    void adamFirstStepMovesEachWeightByAboutTheLearningRate() {
        // t = 1: m = 0.1g, v = 0.001g², α = lr·√0.001/0.1, step = α·m/(√v + ε) = lr·|g|√0.001/(|g|√0.001 + ε)·sign(g).
        Parameters p = parameters(1.0, 1.0, 1.0);
        step(new Adam(0.01), p, 3.0, -0.002, 0.0);
        double lr = 0.01;
        assertEquals(1 - lr * 3 * Math.sqrt(0.001) / (3 * Math.sqrt(0.001) + 1e-7), p.values().getDouble(0), 1e-15);
        assertEquals(1 + lr * 0.002 * Math.sqrt(0.001) / (0.002 * Math.sqrt(0.001) + 1e-7), p.values().getDouble(1), 1e-15);
        assertEquals(1.0, p.values().getDouble(2), 0.0);
        assertEquals(0.99, p.values().getDouble(0), 1e-7);
    }

    @Test
    void adamFollowsKerasRuleOverThreeSteps() {
        double lr = 0.05, b1 = 0.8, b2 = 0.9, eps = 1e-3;
        double[] grads = {0.4, -1.2, 2.5};
        double theta = 0.3, m = 0, v = 0;
        Parameters p = parameters(0.3, 0, 0);
        Adam adam = new Adam(lr, b1, b2, eps, false);
        for (int t = 1; t <= 3; t++) {
            double g = grads[t - 1];
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            theta -= alpha * m / (Math.sqrt(v) + eps);
            step(adam, p, g, 0, 0);
            assertEquals(theta, p.values().getDouble(0), 1e-14, "step " + t);
        }
        assertEquals(3, adam.iterations());
    }

    /**
     * 100,003 weights: many blocks of the update, the last one partial, split across the cores. Every weight and
     * every moment is checked against the rule computed here, in the model's precision (float32 arithmetic for a
     * float32 model, as Keras); then the exported state is restored into a new Adam, whose next step must be the
     * one the first would have taken.
     */
    @ParameterizedTest
    @CsvSource({"DOUBLE,false", "DOUBLE,true", "FLOAT,false", "FLOAT,true"})
    void adamOnABufferOfManyBlocksFollowsTheRuleForEveryWeight(DataType type, boolean amsgrad) {
        int n = 100_003;
        boolean f32 = type == DataType.FLOAT;
        INDArray flat = Nd4j.zeros(type, n);
        INDArray grads = flat.ulike();
        Parameters p = new Parameters(flat, grads, List.of(flat), List.of(grads), OPS);
        double lr = 0.01, b1 = 0.9, b2 = 0.99, eps = 1e-4;
        Adam adam = new Adam(lr, b1, b2, eps, amsgrad);
        double[] theta = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        double[] vHat = new double[n];
        for (int t = 1; t <= 4; t++) {
            if (t == 4) {
                Adam resumed = new Adam(lr, b1, b2, eps, amsgrad);
                resumed.setState(adam.state(), adam.iterations());
                adam = resumed;
            }
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < n; i++) {
                // Gradients that shrink from step 1 to 2, so that v̂ and v part ways under amsgrad.
                double g = Math.sin(i + t) / t;
                grads.putScalar(i, g);
                if (f32) {
                    float gf = (float) g;
                    m[i] = (float) b1 * (float) m[i] + (1 - (float) b1) * gf;
                    v[i] = (float) b2 * (float) v[i] + (1 - (float) b2) * gf * gf;
                    vHat[i] = Math.max((float) vHat[i], (float) v[i]);
                    float second = (float) (amsgrad ? vHat[i] : v[i]);
                    theta[i] = (float) theta[i] - (float) alpha * (float) m[i] / ((float) Math.sqrt(second) + (float) eps);
                } else {
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    vHat[i] = Math.max(vHat[i], v[i]);
                    theta[i] -= alpha * m[i] / (Math.sqrt(amsgrad ? vHat[i] : v[i]) + eps);
                }
            }
            adam.step(p);
        }
        assertArrayEquals(theta, flat.toDoubleVector());
        assertArrayEquals(m, adam.state().get("m").toDoubleVector());
        assertArrayEquals(v, adam.state().get("v").toDoubleVector());
        if (amsgrad) {
            assertArrayEquals(vHat, adam.state().get("v_hat").toDoubleVector());
        }
    }

    @Test
    void adamOnAFloat32ModelFollowsTheRuleToFloat32Precision() {
        double lr = 0.05, b1 = 0.8, b2 = 0.9, eps = 1e-3;
        double[] grads = {0.4, -1.2, 2.5};
        double theta = 0.3, m = 0, v = 0;
        INDArray flat = Nd4j.createFromArray(new float[] {0.3f, 0f, 0f});
        INDArray g = flat.ulike();
        Parameters p = new Parameters(flat, g, List.of(flat), List.of(g), OPS);
        Adam adam = new Adam(lr, b1, b2, eps, false);
        for (int t = 1; t <= 3; t++) {
            double gt = grads[t - 1];
            m = b1 * m + (1 - b1) * gt;
            v = b2 * v + (1 - b2) * gt * gt;
            theta -= lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t)) * m / (Math.sqrt(v) + eps);
            g.assign(Nd4j.createFromArray(new float[] {(float) gt, 0f, 0f}));
            adam.step(p);
            assertEquals(theta, flat.getDouble(0), 1e-6, "step " + t);
        }
        assertEquals(org.nd4j.linalg.api.buffer.DataType.FLOAT, adam.state().get("m").dataType());
    }

    @Test
    void amsgradUsesTheLargestSecondMoment() {
        double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        double[] grads = {2.0, 0.1};
        double theta = 0, m = 0, v = 0, vHat = 0;
        Parameters p = parameters(0, 0, 0);
        Adam adam = new Adam(lr, b1, b2, eps, true);
        for (int t = 1; t <= 2; t++) {
            double g = grads[t - 1];
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            vHat = Math.max(vHat, v);
            theta -= lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t)) * m / (Math.sqrt(vHat) + eps);
            step(adam, p, g, 0, 0);
        }
        assertEquals(theta, p.values().getDouble(0), 1e-14);
    }

    @Test
    void clipValueClipsEachElement() {
        Parameters p = parameters(0, 0, 0);
        step(new SGD(1.0, 0, false, 0, 0.5), p, 2.0, -0.25, -3.0);
        assertEquals(-0.5, p.values().getDouble(0), 0.0);
        assertEquals(0.25, p.values().getDouble(1), 0.0);
        assertEquals(0.5, p.values().getDouble(2), 0.0);
    }

    @Test
    void clipNormRescalesEachWeightTensorSeparately() {
        // Tensor 1: g = [3, 4], norm 5 → [0.6, 0.8] at clipNorm 1. Tensor 2: g = [0.5], norm 0.5 < 1, unchanged.
        Parameters p = parameters(0, 0, 0);
        step(new SGD(1.0, 0, false, 1.0, 0), p, 3.0, 4.0, 0.5);
        assertEquals(-0.6, p.values().getDouble(0), 1e-15);
        assertEquals(-0.8, p.values().getDouble(1), 1e-15);
        assertEquals(-0.5, p.values().getDouble(2), 0.0);
    }

    @Test
    void clipNormAndClipValueAreExclusive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(0.001, 0.9, 0.999, 1e-7, false, 1.0, 1.0));
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
    }

    @Test
    void badHyperParametersAreRejectedWithTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SGD(-1)).getMessage().contains("learningRate=-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Adam(0.001, 1.0, 0.999, 1e-7, false))
                .getMessage().contains("beta1=1.0"));
    }

    @Test
    void kerasDefaults() {
        Adam adam = new Adam();
        assertEquals(0.001, adam.learningRate());
        assertEquals(0.9, adam.beta1());
        assertEquals(0.999, adam.beta2());
        assertEquals(1e-7, adam.epsilon());
        SGD sgd = new SGD();
        assertEquals(0.01, sgd.learningRate());
        assertEquals(0.0, sgd.momentum());
    }

    @Test
    void namesResolveThroughTheCatalog() {
        assertTrue(Catalog.optimizer("adam") instanceof Adam);
        assertTrue(Catalog.optimizer("SGD") instanceof SGD);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Catalog.optimizer("lion"));
        assertTrue(e.getMessage().contains("adam") && e.getMessage().contains("sgd"), e.getMessage());
    }
}
