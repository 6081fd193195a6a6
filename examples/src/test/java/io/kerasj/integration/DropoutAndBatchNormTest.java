package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Sequential;
import io.kerasj.core.Utils;
import io.kerasj.datasets.Blobs;
import io.kerasj.layers.BatchNormalization;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Dropout;
import io.kerasj.layers.Initializer;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A Keras MLP with BatchNormalization and Dropout: it trains, evaluates deterministically, and saves its statistics. */
class DropoutAndBatchNormTest {

    private static final double[][] CENTRES = {{15, 0}, {15, 15}, {0, 15}, {30, 15}};

    private static Sequential model() {
        Sequential model = new Sequential(
                new Dense(16, Activation.RELU, Initializer.HE_UNIFORM).inputDim(2),
                new BatchNormalization(),
                new Dropout(0.2),
                new Dense(4, Activation.SOFTMAX)).setSeed(3);
        model.compile(new Adam(0.01), new CategoricalCrossentropy(), "accuracy");
        return model;
    }

    @Test
    void trainsEvaluatesWithoutNoiseAndRoundTrips(@TempDir Path dir) throws IOException {
        Blobs.Data data = Blobs.make(600, CENTRES, 1.5, 5);
        INDArray x = data.features();
        INDArray y = Utils.toCategorical(data.labels(), 4);
        Sequential model = model();
        History history = model.fit(x, y, new FitOptions().epochs(8).batchSize(16).verbose(0));
        List<Double> loss = history.get("loss");
        assertTrue(loss.get(loss.size() - 1) < loss.get(0), "the loss falls: " + loss);

        // Inference uses the moving statistics and no dropout: the same numbers twice.
        Map<String, Double> first = model.evaluate(x, y);
        assertEquals(first, model.evaluate(x, y));
        assertTrue(first.get("accuracy") > 0.95, "accuracy " + first);

        Path file = dir.resolve("bn.kjm");
        model.save(file);
        Sequential loaded = Sequential.load(file);
        assertEquals(List.of("Dense", "BatchNormalization", "Dropout", "Dense"),
                loaded.layers().stream().map(l -> l.typeName()).toList());
        List<INDArray> saved = model.getWeights();
        List<INDArray> read = loaded.getWeights();
        assertEquals(saved.size(), read.size());
        for (int i = 0; i < saved.size(); i++) {
            assertArrayEquals(saved.get(i).reshape(saved.get(i).length()).toFloatVector(),
                    read.get(i).reshape(read.get(i).length()).toFloatVector(), 0f, "weight " + i);
        }
        INDArray expected = model.predict(x);
        assertArrayEquals(expected.reshape(expected.length()).toFloatVector(),
                loaded.predict(x).reshape(expected.length()).toFloatVector(), 0f);
    }
}
