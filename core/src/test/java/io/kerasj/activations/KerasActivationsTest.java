package io.kerasj.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.GradientCheck;
import io.kerasj.ops.Ops;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The activations Keras MLPs use beyond relu/sigmoid/tanh/softmax: values worked by hand (or published: erf and Φ
 * from Abramowitz and Stegun's tables) on both engines, and float64 finite-difference gradients on both engines.
 */
class KerasActivationsTest {

    private static final List<Ops> ENGINES = List.of(Ops.host(), Ops.portable());

    /** f at each z, on each engine, against the expected values. */
    private static void assertValues(Activation f, double[] z, double[] expected, double tolerance) {
        for (Ops ops : ENGINES) {
            INDArray input = Nd4j.createFromArray(new double[][] {z});
            INDArray a = input.ulike();
            f.forward(ops, input, a);
            for (int i = 0; i < z.length; i++) {
                assertEquals(expected[i], a.getDouble(0, i), tolerance, f + " at " + z[i] + " on " + ops.name());
            }
        }
    }

    @Test
    void erfMatchesPublishedValues() {
        // erf 0.1, 0.5, 1, 2, 3 (A&S table 7.1) and erf −1 = −erf 1; erf 7 = 1 to float64.
        double[] x = {0.1, 0.5, 1, 2, 3, -1, 7};
        double[] expected = {0.1124629160182849, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527,
            0.9999779095030014, -0.8427007929497149, 1.0};
        for (Ops ops : ENGINES) {
            INDArray out = Nd4j.createFromArray(x).ulike();
            ops.erf(Nd4j.createFromArray(x), out);
            for (int i = 0; i < x.length; i++) {
                assertEquals(expected[i], out.getDouble(i), 1e-15, "erf " + x[i] + " on " + ops.name());
            }
        }
    }

    @Test
    void eluAndSeluMatchHandValues() {
        // elu(−1) = e^−1 − 1 = 0.36787944 − 1 = −0.63212056; elu(2) = 2; elu(0) = 0.
        assertValues(Activation.ELU, new double[] {-1, 0, 2}, new double[] {-0.6321205588285577, 0, 2}, 1e-15);
        // elu with α = 0.5 at −1: 0.5 · (−0.63212056) = −0.31606028.
        assertValues(new Elu(0.5), new double[] {-1}, new double[] {-0.31606027941427883}, 1e-15);
        // selu(−1) = λα(e^−1 − 1) = 1.05070098 · 1.67326324 · (−0.63212056) = −1.11133073; selu(2) = 2λ = 2.10140196.
        assertValues(Activation.SELU, new double[] {-1, 2}, new double[] {-1.1113307284689349, 2.10140196}, 1e-14);
    }

    @Test
    void geluMatchesTheNormalDistribution() {
        // gelu(z) = z Φ(z); Φ(1) = 0.8413447460685429 (A&S table 26.1), Φ(−1) = 1 − Φ(1) = 0.15865525393145707.
        assertValues(Activation.GELU, new double[] {1, -1, 0}, new double[] {0.8413447460685429,
            -0.15865525393145707, 0}, 1e-15);
        // tanh form at 1: u = √(2/π)·1.044715 = 0.7978845608 · 1.044715 = 0.8335625; ½(1 + tanh u) = 0.84119199.
        assertValues(new Gelu(true), new double[] {1, -1}, new double[] {0.8411919906082768, -0.15880800939172324},
                1e-15);
    }

    @Test
    void smoothActivationsMatchHandValues() {
        // softplus(0) = ln 2; softplus(±1000) = 1000 and 0 without overflow; softplus(1) = ln(1 + e) = 1.31326169.
        assertValues(Activation.SOFTPLUS, new double[] {0, 1000, -1000, 1}, new double[] {Math.log(2), 1000, 0,
            1.3132616875182228}, 1e-15);
        // softsign(3) = 3/4, softsign(−1) = −1/2.
        assertValues(Activation.SOFTSIGN, new double[] {3, -1}, new double[] {0.75, -0.5}, 1e-16);
        // silu(1) = σ(1) = 0.73105858; silu(−2) = −2σ(−2) = −2 · 0.11920292 = −0.23840584.
        assertValues(Activation.SILU, new double[] {1, -2}, new double[] {0.7310585786300049,
            -0.2384058440442351}, 1e-15);
        // exponential(1) = e.
        assertValues(Activation.EXPONENTIAL, new double[] {1, 0}, new double[] {Math.E, 1}, 1e-15);
    }

    @Test
    void piecewiseLinearActivationsMatchHandValues() {
        assertValues(Activation.LEAKY_RELU, new double[] {-1, 3}, new double[] {-0.2, 3}, 1e-16);
        assertValues(new LeakyRelu(0.3), new double[] {-2}, new double[] {-0.6}, 1e-16);
        assertValues(Activation.RELU6, new double[] {-1, 2.5, 7}, new double[] {0, 2.5, 6}, 0);
        // relu6(z + 3)/6: at 0, 3/6; at 1.5, 4.5/6 = 0.75; saturates at ±3.
        assertValues(Activation.HARD_SIGMOID, new double[] {0, 1.5, 3, -3, 10}, new double[] {0.5, 0.75, 1, 0, 1},
                1e-16);
    }

    @Test
    void slopesOfPiecewiseActivationsAreZeroOutsideTheirBands() {
        // relu6' = 1 inside (0, 6), 0 outside; hard_sigmoid' = 1/6 inside (−3, 3); leaky_relu' = 0.2 below 0.
        double[] z = {-4, 1, 7};
        double[][] expected = {{0, 1, 0}, {0, 1.0 / 6, 0}, {0.2, 1, 1}};
        Activation[] fs = {Activation.RELU6, Activation.HARD_SIGMOID, Activation.LEAKY_RELU};
        for (Ops ops : ENGINES) {
            for (int k = 0; k < fs.length; k++) {
                INDArray input = Nd4j.createFromArray(new double[][] {z});
                INDArray a = input.ulike();
                INDArray grad = input.ulike();
                fs[k].forward(ops, input, a);
                fs[k].backward(ops, input, a, Nd4j.onesLike(input), grad);
                for (int i = 0; i < z.length; i++) {
                    assertEquals(expected[k][i], grad.getDouble(0, i), 1e-16, fs[k] + "' at " + z[i]);
                }
            }
        }
    }

    @Test
    void everyNewActivationPassesAGradientCheckOnBothEngines() {
        List<Activation> all = List.of(Activation.ELU, new Elu(0.5), Activation.SELU, Activation.GELU, new Gelu(true),
                Activation.SOFTPLUS, Activation.SOFTSIGN, Activation.SILU, Activation.LEAKY_RELU, Activation.RELU6,
                Activation.HARD_SIGMOID, Activation.EXPONENTIAL);
        // Away from every kink (0, ±3, 6), on both sides of each.
        INDArray z = Nd4j.createFromArray(new double[][] {{-4.2, -2.1, -0.7, -0.2, 0.3}, {0.9, 1.7, 2.6, 4.4, 6.8}});
        for (Ops ops : ENGINES) {
            for (Activation f : all) {
                GradientCheck.Result result = GradientCheck.activation(ops, f, z);
                assertTrue(result.passed(), f + " on " + ops.name() + ": " + result);
            }
        }
    }

    @Test
    void kerasNamesResolve() {
        assertSame(Activation.SILU, Activation.get("swish"));
        assertSame(Activation.SILU, Activation.get("silu"));
        assertSame(Activation.GELU, Activation.get("gelu"));
        assertEquals(new Gelu(true), Activation.get("gelu_approximate"));
        for (String name : List.of("elu", "selu", "softplus", "softsign", "leaky_relu", "relu6", "hard_sigmoid",
                "exponential")) {
            assertEquals(name, Activation.get(name).name());
        }
    }
}
