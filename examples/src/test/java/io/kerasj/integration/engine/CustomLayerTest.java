package io.kerasj.integration.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.FitOptions;
import io.kerasj.core.GradientCheck;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.losses.MeanSquaredError;
import io.kerasj.ops.Ops;
import io.kerasj.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A layer of the user's own, from {@code BaseLayer}: the docs' example, its gradients, and training with it. */
class CustomLayerTest {

    private static final INDArray X = Nd4j.createFromArray(new double[][] {{1, -2, 0.5}, {3, 0.25, -1}});

    private static Ops engine(String name) {
        return name.equals("host") ? Ops.host() : Ops.portable();
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void theDocsExampleHasTheGradientOfCentralDifferences(String engine) {
        GradientCheck.Result result = GradientCheck.layer(engine(engine), new Scale(), X);
        assertTrue(result.passed(), result.toString());
        assertEquals(3 + 6, result.checked(), "three scales and six input elements");
    }

    /**
     * By hand: s = 1 at first, so the model is Dense's x·W + b on x itself; with SGD(0.1) and MSE on one sample
     * x = [2], t = [0] through Scale then Dense(1) with W = 1, b = 0 (ones/zeros): y = 2, L = 4, ∂L/∂y = 4,
     * ∂L/∂W = 4·2 = 8, ∂L/∂b = 4, ∂L/∂s = 4·W·x = 8; after one step s = 1 − 0.8 = 0.2, W = 0.2, b = −0.4.
     */
    @Test
    void aModelWithTheLayerTrainsByTheRule() {
        Sequential model = new Sequential(DataType.DOUBLE, new Scale(),
                new Dense(1, io.kerasj.core.Activation.LINEAR, io.kerasj.layers.Initializer.ONES));
        model.compile(new SGD(0.1), new MeanSquaredError());
        model.fit(Nd4j.createFromArray(new double[][] {{2}}), Nd4j.createFromArray(new double[][] {{0}}), new FitOptions().batchSize(1));
        List<INDArray> weights = model.getWeights();
        assertEquals(0.2, weights.get(0).getDouble(0), 1e-15, "scale");
        assertEquals(0.2, weights.get(1).getDouble(0), 1e-15, "kernel");
        assertEquals(-0.4, weights.get(2).getDouble(0), 1e-15, "bias");
    }

    /** Forward only: the gradients by central differences match the analytic ones to float64 difference accuracy. */
    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void aLayerWithoutBackwardTrainsOnCentralDifferences(String engine) {
        double[] analytic = gradientsThrough(new Scale(), engine);
        double[] numeric = gradientsThrough(new ForwardOnlyScale(), engine);
        assertEquals(analytic.length, numeric.length);
        for (int i = 0; i < analytic.length; i++) {
            assertEquals(analytic[i], numeric[i], 1e-7 * Math.max(1, Math.abs(analytic[i])), "gradient " + i);
        }
    }

    private static double[] gradientsThrough(io.kerasj.core.Layer first, String engine) {
        Sequential model = new Sequential(DataType.DOUBLE, first, new Dense(2, io.kerasj.core.Activation.TANH))
                .setSeed(5).setOps(engine(engine));
        model.compile(new SGD(0.1), new MeanSquaredError());
        model.computeGradients(X, Nd4j.createFromArray(new double[][] {{0.5, -1}, {2, 0}}));
        return model.parameters().gradients().toDoubleVector();
    }

    @Test
    void theCustomLayerAppearsInTheSummaryWithItsParameters() {
        Sequential model = new Sequential(new Scale(), new Dense(2));
        model.build(3);
        String summary = model.summaryText();
        assertTrue(summary.contains(" scale (Scale)"), summary);
        assertTrue(summary.contains("Trainable params: 11"), summary);
        assertArrayEquals(new long[] {3}, model.layers().get(0).outputShape());
    }
}
