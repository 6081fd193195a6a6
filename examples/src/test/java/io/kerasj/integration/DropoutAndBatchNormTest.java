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
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

    /**
     * A batch big enough to be worked through in chunks (1,100 × 784 float32, 3.4 MB, against chunks of 3 MB) is
     * normalized with the whole batch's statistics, as Keras does: after one step the moving mean is exactly
     * 0.99·0 + 0.01·mean(x), the mean over all 1,100 rows (computed here in float64). Per-chunk statistics would
     * have updated it once per chunk, with each chunk's mean.
     */
    @Test
    void aLargeBatchIsNormalizedWithItsOwnStatisticsNotItsChunks() {
        int m = 1100;
        INDArray x = Fixtures.gaussian(8, DataType.FLOAT, m, 784).addi(3);
        INDArray ids = Nd4j.create(DataType.FLOAT, m, 1);
        for (int i = 0; i < m; i++) {
            ids.putScalar(i, i % 10);
        }
        Sequential model = new Sequential(new BatchNormalization().inputShape(784), new Dense(10)).setSeed(2);
        model.compile(new Adam(0.001), new SparseCategoricalCrossentropy(true));
        model.trainOnBatch(x, ids);
        INDArray movingMean = model.getWeights().get(2);
        INDArray expected = x.castTo(DataType.DOUBLE).mean(0).muli(0.01);
        for (int j = 0; j < 784; j += 97) {
            assertEquals(expected.getDouble(j), movingMean.getDouble(j), 1e-6, "moving mean of feature " + j);
        }
    }
}
