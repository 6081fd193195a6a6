package io.kerasj.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused training step asks a logits loss for the model's output link(z) as well
 * ({@link Loss#computeWithGradientAndOutput}). Metrics read that output, so it must be exactly what the output
 * layer's own activation gives, and the loss and gradient exactly what {@link Loss#computeWithGradient} gives.
 */
class FusedOutputTest {

    /** The engine of the backend in use: the host one, or the portable one under -Dkerasj.ops=portable. */
    private static final Ops OPS = Ops.forBackend();

    private static final int M = 700; // more than one heap block of rows
    private static final int K = 10;

    private static INDArray logits(DataType type, double scale) {
        Random random = new Random(7);
        INDArray z = Nd4j.create(DataType.DOUBLE, M, K);
        for (int i = 0; i < M * K; i++) {
            z.putScalar(i, scale * random.nextGaussian());
        }
        z.putScalar(0, 0, 1000.0); // extreme logits: the output is still exact, nothing overflows
        z.putScalar(1, 3, -1000.0);
        return z.castTo(type);
    }

    private static INDArray ids(DataType type) {
        INDArray ids = Nd4j.create(type, M, 1);
        for (int i = 0; i < M; i++) {
            ids.putScalar(i, (i * 7) % K);
        }
        return ids;
    }

    private static INDArray oneHot(DataType type) {
        INDArray t = Nd4j.zeros(type, M, K);
        for (int i = 0; i < M; i++) {
            t.putScalar(i, (i * 7) % K, 1.0);
        }
        return t;
    }

    /** Checks the fused call against the unfused one and returns the output it wrote. */
    private static INDArray assertSameAsUnfused(Loss loss, INDArray targets, INDArray z, Activation link) {
        INDArray expectedOutput = z.ulike();
        link.forward(z, expectedOutput);
        INDArray expectedGrad = z.ulike();
        double expectedLoss = loss.compute(OPS, targets, z.dup(), expectedGrad);

        INDArray output = Nd4j.valueArrayOf(z.shape(), Double.NaN, z.dataType());
        INDArray grad = z.ulike();
        double value = loss.computeWithOutput(OPS, targets, z, grad, output);
        assertEquals(expectedLoss, value, 0.0);
        assertExactlyEqual(expectedGrad, grad);
        assertExactlyEqual(expectedOutput, output);
        assertFalse(output.isInfinite().any() || output.isNaN().any(), "finite at logits of ±1000");

        // Without a gradient (evaluate), and without an output (no metric): the same loss.
        assertEquals(expectedLoss, loss.computeWithOutput(OPS, targets, z, null, null), 0.0);
        assertEquals(expectedLoss, loss.computeWithOutput(OPS, targets, z, grad, null), 0.0);
        assertExactlyEqual(expectedGrad, grad);
        return output;
    }

    /**
     * The output against softmax's definition, worked out here in float64 row by row (e^{z − max} / Σ e^{z − max}),
     * to the model's precision.
     */
    private static void assertIsSoftmaxOf(INDArray z, INDArray output) {
        double tolerance = z.dataType() == DataType.FLOAT ? 1e-7 : 1e-15;
        double[][] softmax = ReferenceSoftmax.of(z);
        for (int i = 0; i < M; i++) {
            for (int c = 0; c < K; c++) {
                double p = softmax[i][c];
                assertEquals(p, output.getDouble(i, c), tolerance * Math.max(p, 1e-30), "softmax[" + i + ", " + c + "]");
            }
        }
    }

    /** Element for element, no tolerance (INDArray.equals allows a difference of 1e-5). */
    private static void assertExactlyEqual(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.ravel().toDoubleVector(), actual.ravel().toDoubleVector());
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void sparseCrossentropyWritesExactlyTheSoftmaxLayersOutput(DataType type) {
        INDArray z = logits(type, 3);
        assertIsSoftmaxOf(z, assertSameAsUnfused(new SparseCategoricalCrossentropy(true), ids(type), z,
                Activation.SOFTMAX));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.1})
    void categoricalCrossentropyWritesExactlyTheSoftmaxLayersOutput(double labelSmoothing) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray z = logits(type, 3);
            assertIsSoftmaxOf(z, assertSameAsUnfused(new CategoricalCrossentropy(true, labelSmoothing), oneHot(type),
                    z, Activation.SOFTMAX));
        }
    }

    /** The binary loss keeps the interface's default: the sigmoid applied on its own. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void binaryCrossentropyWritesTheSigmoidLayersOutput(DataType type) {
        INDArray targets = oneHot(type);
        assertSameAsUnfused(new BinaryCrossentropy(true), targets, logits(type, 3), Activation.SIGMOID);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theProbabilityFormRefusesToComputeAnOutput(boolean sparse) {
        Loss loss = sparse ? new SparseCategoricalCrossentropy() : new CategoricalCrossentropy();
        INDArray z = logits(DataType.DOUBLE, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loss.computeWithOutput(OPS, 
                sparse ? ids(DataType.DOUBLE) : oneHot(DataType.DOUBLE), z, z.ulike(), z.ulike()));
        assertTrue(e.getMessage().contains("logits"), e.getMessage());
    }
}
