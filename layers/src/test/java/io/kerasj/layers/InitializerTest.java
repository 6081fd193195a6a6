package io.kerasj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Statistics over 200,000 draws against each formula; the tolerances are several standard errors wide. */
class InitializerTest {

    private static final int FAN_IN = 400;
    private static final int FAN_OUT = 500;

    private static double[] draw(Initializer initializer) {
        INDArray w = Nd4j.create(DataType.DOUBLE, FAN_IN, FAN_OUT);
        initializer.fill(w, FAN_IN, FAN_OUT, new Random(1));
        return w.reshape(w.length()).toDoubleVector();
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double variance(double[] x) {
        double mu = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - mu) * (v - mu);
        }
        return s / x.length;
    }

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static void assertUniform(double[] w, double limit) {
        assertTrue(maxAbs(w) <= limit, "bound " + limit + " exceeded: " + maxAbs(w));
        assertTrue(maxAbs(w) > 0.999 * limit, "draws do not reach the bound " + limit);
        // U(−l, l): mean 0, variance l²/3.
        assertEquals(0, mean(w), 0.01 * limit);
        assertEquals(limit * limit / 3, variance(w), 0.01 * limit * limit / 3);
    }

    private static void assertTruncatedNormal(double[] w, double variance) {
        double sigma = Math.sqrt(variance) / 0.87962566103423978;
        // Truncation at 2σ of the un-rescaled normal.
        assertTrue(maxAbs(w) <= 2 * sigma, "truncation at 2σ exceeded: " + maxAbs(w));
        assertTrue(maxAbs(w) > 1.99 * sigma, "draws do not approach 2σ");
        assertEquals(0, mean(w), 0.01 * Math.sqrt(variance));
        assertEquals(variance, variance(w), 0.01 * variance);
    }

    @Test
    void glorotUniformLimitIsSqrtSixOverFanSum() {
        assertUniform(draw(Initializer.GLOROT_UNIFORM), Math.sqrt(6.0 / (FAN_IN + FAN_OUT)));
    }

    @Test
    void heUniformLimitIsSqrtSixOverFanIn() {
        assertUniform(draw(Initializer.HE_UNIFORM), Math.sqrt(6.0 / FAN_IN));
    }

    @Test
    void glorotNormalHasVarianceTwoOverFanSum() {
        assertTruncatedNormal(draw(Initializer.GLOROT_NORMAL), 2.0 / (FAN_IN + FAN_OUT));
    }

    @Test
    void heNormalHasVarianceTwoOverFanInTruncatedAtTwoSigma() {
        assertTruncatedNormal(draw(Initializer.HE_NORMAL), 2.0 / FAN_IN);
    }

    @Test
    void constantsFillEveryWeight() {
        for (double v : draw(Initializer.ZEROS)) {
            assertEquals(0.0, v, 0.0);
        }
        for (double v : draw(Initializer.ONES)) {
            assertEquals(1.0, v, 0.0);
        }
    }

    @Test
    void sameSeedSameDraws() {
        INDArray a = Nd4j.create(DataType.FLOAT, 3, 4);
        INDArray b = Nd4j.create(DataType.FLOAT, 3, 4);
        Initializer.HE_NORMAL.fill(a, 3, 4, new Random(9));
        Initializer.HE_NORMAL.fill(b, 3, 4, new Random(9));
        assertArrayEquals(a.ravel().toDoubleVector(), b.ravel().toDoubleVector());
    }

    /**
     * The draws are the seeded stream's, in row-major order, rounded once to the weights' type: across blocks of a
     * large kernel, and for an array stored column by column as well.
     */
    @Test
    void drawsFollowTheSeededStreamInRowMajorOrder() {
        double limit = Math.sqrt(6.0 / 100);
        for (char order : new char[] {'c', 'f'}) {
            INDArray w = Nd4j.create(DataType.FLOAT, new long[] {100, 90}, order);
            Initializer.HE_UNIFORM.fill(w, 100, 90, new Random(4));
            Random random = new Random(4);
            for (int i = 0; i < 100; i++) {
                for (int j = 0; j < 90; j++) {
                    float expected = (float) ((2 * random.nextDouble() - 1) * limit);
                    assertEquals(expected, w.getFloat(i, j), 0.0, order + " order, (" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void namesResolve() {
        assertSame(Initializer.HE_UNIFORM, Initializer.get("he_uniform"));
        assertSame(Initializer.GLOROT_UNIFORM, Initializer.get("Glorot_Uniform"));
    }
}
