package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.Layer;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The bad inputs a careless or hostile user tried that got a null pointer, an index error, a native crash or a
 * silent NaN: each now gets a message naming what was expected and what arrived.
 */
class BadInputTest {

    private static Sequential compiled() {
        Sequential model = new Sequential(new Dense(8, Activation.RELU).inputDim(2), new Dense(4, Activation.SOFTMAX));
        model.compile(new Adam(), new SparseCategoricalCrossentropy(), "accuracy");
        return model;
    }

    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void aLayerInTwoModelsIsRefusedAtTheSecond() {
        Dense shared = new Dense(3).inputDim(2);
        Sequential first = new Sequential(shared);
        first.build(2);
        String m = message(() -> new Sequential(shared));
        assertTrue(m.contains("\"dense\"") && m.contains("already in a model"), m);
        // The first model still predicts with its own weights: for x = [1, 1], the kernel's column sums plus the bias.
        List<INDArray> weights = first.getWeights();
        INDArray expected = weights.get(0).sum(0).add(weights.get(1));
        INDArray predicted = first.predict(Nd4j.ones(DataType.FLOAT, 1, 2));
        assertTrue(expected.reshape(1, 3).equalsWithEps(predicted, 1e-6), predicted + " against " + expected);
    }

    @Test
    void float64InputsBeyondFloat32AreRefusedInAFloat32Model() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 1e39}});
        String m = message(() -> compiled().predict(x));
        assertTrue(m.contains("1.0E39") && m.contains("FLOAT") && m.contains("row 1"), m);
    }

    @Test
    void namingManyLayersSkipsTheNamesTaken() {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Dense(1));
        layers.add(new Dense(1).named("dense_1"));
        layers.add(new Dense(1));
        layers.add(new Dense(1));
        Sequential model = new Sequential(layers);
        assertEquals(List.of("dense", "dense_1", "dense_2", "dense_3"),
                model.layers().stream().map(Layer::name).toList());
    }

    @Test
    void aDenseLayerTooLargeToAllocateIsRefusedNamingIt() {
        String huge = message(() -> new Sequential(new Dense(50_000).inputDim(50_000)).build(50_000));
        assertTrue(huge.contains("Dense \"dense\"") && huge.contains("2500050000 weights"), huge);
        String max = message(() -> new Sequential(new Dense(Integer.MAX_VALUE)).build(2));
        assertTrue(max.contains("more than one array can hold"), max);
    }

    @Test
    void nullsAndEmptyArraysAreNamed() {
        Sequential model = compiled();
        model.build(2);
        assertTrue(message(() -> model.setWeights(null)).contains("weights is null"));
        List<INDArray> withNull = new ArrayList<>(model.getWeights());
        withNull.set(1, null);
        assertTrue(message(() -> model.setWeights(withNull)).contains("weight 1 (list index 1) is null"));
        assertTrue(message(() -> compiled().compile((String) null, "mse")).contains("optimizer name is null"));
        assertTrue(message(() -> new Sequential((Layer) null)).contains("layer 0 of 1 is null"));
        assertTrue(message(() -> compiled().fit(new double[0][], new int[0], new FitOptions()))
                .contains("no rows"));
    }

    @Test
    void targetsOfTheWrongRankAreNamedAsSuch() {
        String m = message(() -> compiled().fit(Nd4j.rand(DataType.FLOAT, 16, 2), Nd4j.zeros(DataType.FLOAT, 16, 3, 1),
                new FitOptions().batchSize(4)));
        assertTrue(m.contains("rank 1 or 2") && m.contains("[16, 3, 1]"), m);
    }

    @Test
    void minusOnePlusOneTargetsAreRefusedForCrossEntropy() {
        Sequential model = new Sequential(new Dense(2, Activation.SOFTMAX).inputDim(2));
        model.compile(new Adam(), new CategoricalCrossentropy());
        INDArray y = Nd4j.createFromArray(new float[][] {{1, -1}, {-1, 1}});
        String m = message(() -> model.fit(Nd4j.rand(DataType.FLOAT, 2, 2), y, new FitOptions().batchSize(2)));
        assertTrue(m.contains("[0, 1]") && m.contains("-1.0 to 1.0") && m.contains("toCategorical"), m);
    }

    @Test
    void nonFiniteWeightsAreRefused() {
        Sequential model = compiled();
        model.build(2);
        List<INDArray> weights = new ArrayList<>(model.getWeights());
        INDArray kernel = weights.get(0).dup();
        kernel.putScalar(3, Double.NaN);
        weights.set(0, kernel);
        String m = message(() -> model.setWeights(weights));
        assertTrue(m.contains("\"dense\" weight 0") && m.contains("NaN"), m);
        INDArray after = model.getWeights().get(0);
        assertTrue(Arrays.stream(after.reshape(after.length()).toDoubleVector()).allMatch(Double::isFinite),
                "the weights are left as they were");
    }
}
