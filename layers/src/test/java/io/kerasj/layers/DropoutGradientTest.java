package io.kerasj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Layer;
import io.kerasj.core.Sequential;
import io.kerasj.ops.Ops;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Dropout: inverted scaling in training only, its mask in backward, reproducible masks. */
class DropoutGradientTest {

    private static Ops engine(String name) {
        return name.equals("host") ? Ops.host() : Ops.portable();
    }

    /** A built Dropout layer in a float64 model of its own. */
    private static Layer built(double rate, long seed, String engine, long... shape) {
        Sequential model = new Sequential(DataType.DOUBLE, new Dropout(rate, seed)).setOps(engine(engine));
        model.build(shape);
        return model.layers().get(0);
    }

    private static double[] flat(INDArray a) {
        return a.dup().reshape(a.length()).toDoubleVector();
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void inferencePassesTheInputOnUnchanged(String engine) {
        Layer layer = built(0.5, 1, engine, 3);
        INDArray x = Nd4j.createFromArray(new double[][] {{1, -2, 3}, {4, 5, -6}});
        assertArrayEquals(flat(x), flat(layer.forward(x, false)), 0.0);
        INDArray g = Nd4j.createFromArray(new double[][] {{0.5, 1, 2}, {3, -1, 7}});
        assertArrayEquals(flat(g), flat(layer.backward(g, true)), 0.0);
    }

    /** Rate 0.2 on 100,000 inputs of 1: about 20% zeros (±1% is 8 standard deviations), the rest exactly 1/0.8. */
    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void trainingDropsAboutRateAndScalesTheRestByItsInverse(String engine) {
        Layer layer = built(0.2, 3, engine, 1000);
        double[] y = flat(layer.forward(Nd4j.ones(DataType.DOUBLE, 100, 1000), true));
        long zeros = Arrays.stream(y).filter(v -> v == 0).count();
        assertEquals(0.2, zeros / 100_000.0, 0.01);
        assertTrue(Arrays.stream(y).allMatch(v -> v == 0 || v == 1 / 0.8), "kept inputs are scaled by 1/(1 − rate)");
    }

    /** ∂L/∂x = ∂L/∂y ⊙ mask, the mask read off the forward pass (y/x, x without zeros). */
    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void backwardAppliesTheForwardPassesMask(String engine) {
        Layer layer = built(0.5, 11, engine, 4);
        INDArray x = Nd4j.createFromArray(new double[][] {{1, -2, 3, 0.5}, {4, 5, -6, 2}});
        double[] y = flat(layer.forward(x, true));
        INDArray g = Nd4j.createFromArray(new double[][] {{0.5, 1, 2, -1}, {3, -1, 7, 0.25}});
        double[] gradX = flat(layer.backward(g, true));
        double[] xs = flat(x);
        double[] gs = flat(g);
        for (int i = 0; i < xs.length; i++) {
            assertEquals(gs[i] * (y[i] / xs[i]), gradX[i], 1e-15, "element " + i);
        }
    }

    /**
     * Central differences with the mask held fixed: layers of the same seed draw the same first mask, so each of
     * L(x ± h·e_j) = Σ w ⊙ dropout(x ± h·e_j) is taken on a fresh layer of that seed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void backwardMatchesCentralDifferencesUnderOneMask(String engine) {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, -2, 3}, {0.5, 4, -1}});
        INDArray w = Nd4j.createFromArray(new double[][] {{0.3, -1.2, 2}, {1.5, 0.7, -0.4}});
        double[] analytic = flat(gradient(x, w, engine));
        double h = 1e-6;
        for (int j = 0; j < x.length(); j++) {
            INDArray plus = x.dup();
            plus.putScalar(j, x.getDouble(j) + h);
            INDArray minus = x.dup();
            minus.putScalar(j, x.getDouble(j) - h);
            double lPlus = built(0.4, 21, engine, 3).forward(plus, true).mul(w).sumNumber().doubleValue();
            double lMinus = built(0.4, 21, engine, 3).forward(minus, true).mul(w).sumNumber().doubleValue();
            assertEquals((lPlus - lMinus) / (2 * h), analytic[j], 1e-9, "element " + j);
        }
    }

    private static INDArray gradient(INDArray x, INDArray w, String engine) {
        Layer layer = built(0.4, 21, engine, 3);
        layer.forward(x, true);
        return layer.backward(w, true);
    }

    @Test
    void theModelSeedMakesTheMasksReproducible() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 8, 50);
        double[] first = flat(seeded(5).forward(x, true));
        assertArrayEquals(first, flat(seeded(5).forward(x, true)), 0.0);
        assertFalse(Arrays.equals(first, flat(seeded(6).forward(x, true))), "another seed, other masks");
    }

    private static Layer seeded(long modelSeed) {
        Sequential model = new Sequential(new Dropout(0.3)).setSeed(modelSeed);
        model.build(50);
        return model.layers().get(0);
    }

    @Test
    void rateIsChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
        assertTrue(e.getMessage().contains("rate=1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1));
        assertEquals(new Dropout(0.25, 9L).config(), Dropout.fromConfig(new Dropout(0.25, 9L).config()).config());
    }
}
