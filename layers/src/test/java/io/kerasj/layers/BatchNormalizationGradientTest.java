package io.kerasj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.GradientCheck;
import io.kerasj.core.Sequential;
import io.kerasj.ops.Ops;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** BatchNormalization against its definition worked out by hand, and its backward against central differences. */
class BatchNormalizationGradientTest {

    private static final double EPS = 1e-3;

    private static Ops engine(String name) {
        return name.equals("host") ? Ops.host() : Ops.portable();
    }

    private static INDArray random(int rows, int cols, long seed) {
        Random random = new Random(seed);
        INDArray x = Nd4j.create(DataType.DOUBLE, rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            x.putScalar(i, 3 * random.nextGaussian() + 1);
        }
        return x;
    }

    @ParameterizedTest
    @CsvSource({"host,true,true", "portable,true,true", "host,false,true", "host,true,false", "portable,false,false"})
    void backwardInTrainingMatchesCentralDifferences(String name, boolean center, boolean scale) {
        GradientCheck.Result result = GradientCheck.layer(engine(name),
                new BatchNormalization(0.99, EPS, center, scale), random(5, 3, 7));
        assertTrue(result.passed(), result.toString());
    }

    /**
     * By hand, x = [[1, 10], [3, 14]]: batch means [2, 12], biased variances [1, 4]; x̂ = [[−1/√1.001, −2/√4.001],
     * [1/√1.001, 2/√4.001]] with γ = 1, β = 0; the moving mean moves to 0.01·[2, 12] = [0.02, 0.12], the moving
     * variance to 0.99·1 + 0.01·[1, 4] = [1, 1.03]. Then in inference y = (x − moving mean)/√(moving variance + ε).
     */
    @Test
    void trainingNormalizesByTheBatchAndInferenceByTheMovingStatistics() {
        Sequential model = new Sequential(DataType.DOUBLE, new BatchNormalization().inputShape(2));
        model.build(2);
        var layer = model.layers().get(0);
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 10}, {3, 14}});
        INDArray y = layer.forward(x, true);
        double a = 1 / Math.sqrt(1 + EPS);
        double b = 2 / Math.sqrt(4 + EPS);
        assertArrayEquals(new double[] {-a, -b, a, b}, y.dup().reshape(4).toDoubleVector(), 1e-15);
        List<INDArray> weights = model.getWeights();
        assertEquals(4, weights.size(), "gamma, beta, moving_mean, moving_variance");
        assertArrayEquals(new double[] {0.02, 0.12}, weights.get(2).toDoubleVector(), 1e-15);
        assertArrayEquals(new double[] {1.0, 1.03}, weights.get(3).toDoubleVector(), 1e-15);

        INDArray inferred = layer.forward(x, false);
        assertArrayEquals(new double[] {(1 - 0.02) / Math.sqrt(1 + EPS), (10 - 0.12) / Math.sqrt(1.03 + EPS),
                (3 - 0.02) / Math.sqrt(1 + EPS), (14 - 0.12) / Math.sqrt(1.03 + EPS)},
                inferred.dup().reshape(4).toDoubleVector(), 1e-13);
        // Inference leaves the moving statistics alone.
        assertArrayEquals(new double[] {0.02, 0.12}, model.getWeights().get(2).toDoubleVector(), 1e-15);
    }

    @Test
    void theMovingStatisticsAreNonTrainableAndCountedAsSuch() {
        Sequential model = new Sequential(new Dense(4).inputDim(3), new BatchNormalization(), new Dense(2));
        model.build(3);
        String summary = model.summaryText();
        assertTrue(summary.contains("Trainable params: " + (12 + 4 + 8 + 10)), summary);
        assertTrue(summary.contains("Non-trainable params: 8"), summary);
        assertEquals(16 + 8 + 10 + 8, model.countParams());
    }

    @Test
    void optionsAreCheckedAndImagesNeedAFlatten() {
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization(1.5, EPS, true, true));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization(0.9, 0, true, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sequential(new BatchNormalization()).build(4, 3));
        assertTrue(e.getMessage().contains("Flatten"), e.getMessage());
    }

    @Test
    void configRoundTripsThroughTheCatalog() {
        BatchNormalization layer = new BatchNormalization(0.9, 1e-5, false, true).named("bn");
        BatchNormalization copy = BatchNormalization.fromConfig(layer.config());
        assertEquals(layer.config(), copy.config());
        assertEquals(layer.config(), io.kerasj.core.Catalog.layer("BatchNormalization", layer.config()).config());
    }
}
