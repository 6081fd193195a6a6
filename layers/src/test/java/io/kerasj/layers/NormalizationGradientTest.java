package io.kerasj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.GradientCheck;
import io.kerasj.core.Sequential;
import io.kerasj.ops.Ops;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Normalization: statistics learnt by adapt, applied as (x − mean)/max(√variance, ε), checked by hand. */
class NormalizationGradientTest {

    /** Columns [1, 3, 5] and [10, 10, 10]: means [3, 10], population variances [8/3, 0]. */
    private static final INDArray DATA = Nd4j.createFromArray(new double[][] {{1, 10}, {3, 10}, {5, 10}});

    private static Ops engine(String name) {
        return name.equals("host") ? Ops.host() : Ops.portable();
    }

    @Test
    void adaptLearnsTheMeanAndThePopulationVariance() {
        List<double[]> stats = new Normalization().adapt(DATA).statistics();
        assertArrayEquals(new double[] {3, 10}, stats.get(0), 1e-15);
        assertArrayEquals(new double[] {8.0 / 3, 0}, stats.get(1), 1e-15);
    }

    /** A feature of variance 0 is divided by ε = 1e-7 rather than by 0: (10 − 10)/ε = 0. */
    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void normalizesByTheAdaptedStatistics(String name) {
        Sequential model = new Sequential(DataType.DOUBLE, new Normalization().adapt(DATA)).setOps(engine(name));
        INDArray y = model.predict(Nd4j.createFromArray(new double[][] {{7, 12}}));
        assertArrayEquals(new double[] {4 / Math.sqrt(8.0 / 3), 2 / 1e-7}, y.reshape(2).toDoubleVector(), 1e-9);
        assertEquals(4, model.parameters().nonTrainableSize());
        assertEquals(0, model.parameters().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void backwardMatchesCentralDifferences(String name) {
        Normalization layer = new Normalization(new double[] {1, -2, 0.5}, new double[] {4, 0.25, 9});
        GradientCheck.Result result = GradientCheck.layer(engine(name), layer,
                Nd4j.createFromArray(new double[][] {{1, 2, 3}, {-1, 0.5, 2}}));
        assertTrue(result.passed(), result.toString());
    }

    @Test
    void adaptAfterBuildingWritesTheWeightsAndMismatchesAreNamed() {
        Sequential model = new Sequential(DataType.DOUBLE, new Normalization(), new Dense(1).inputDim(2));
        model.build(2);
        ((Normalization) model.layers().get(0)).adapt(DATA);
        assertArrayEquals(new double[] {3, 10}, model.getWeights().get(0).toDoubleVector(), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ((Normalization) model.layers().get(0)).adapt(Nd4j.ones(DataType.DOUBLE, 2, 3)));
        assertTrue(e.getMessage().contains("built for 2 features, adapted to 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new double[] {0}, new double[] {-1}));
    }
}
