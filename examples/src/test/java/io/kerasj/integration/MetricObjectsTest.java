package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Metric;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.losses.BinaryCrossentropy;
import io.kerasj.metrics.PrecisionRecall;
import io.kerasj.optimizers.Adam;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** compile with metrics as Keras lists them: names and objects, a user's own among them. */
class MetricObjectsTest {

    /** The number of rows seen since reset: a metric of the user's own, in a few lines. */
    static final class RowCount implements Metric {
        private long rows;

        @Override public String name() { return "rows"; }

        @Override public void reset() { rows = 0; }

        @Override public void update(INDArray yTrue, INDArray yPred) { rows += yPred.size(0); }

        @Override public double result() { return rows; }
    }

    @Test
    void namesObjectsAndAUsersMetricAreLoggedUnderTheirNames() {
        INDArray x = Nd4j.createFromArray(new float[][] {{0, 1}, {1, 0}, {1, 1}, {0, 0}, {2, 1}, {1, 2}});
        INDArray y = Nd4j.createFromArray(new float[][] {{1}, {0}, {1}, {0}, {1}, {1}});
        Sequential model = new Sequential(new Dense(1, Activation.SIGMOID).inputDim(2)).setSeed(1);
        model.compile(new Adam(0.01), new BinaryCrossentropy(), List.of("accuracy", PrecisionRecall.recall(0.3),
                new RowCount()));
        History history = model.fit(x, y, new FitOptions().epochs(2).batchSize(4).validationData(x, y).verbose(0));
        assertEquals(List.of("loss", "accuracy", "recall", "rows", "val_loss", "val_accuracy", "val_recall",
                "val_rows"), List.copyOf(history.history().keySet()));
        // Every epoch counts the 6 training rows, and validation the 6 rows again.
        assertEquals(List.of(6.0, 6.0), history.get("rows"));
        assertEquals(List.of(6.0, 6.0), history.get("val_rows"));
        double recall = history.get("val_recall").get(1);
        assertTrue(recall >= 0 && recall <= 1, "recall " + recall);
        assertEquals(List.of("accuracy", "recall", "rows"), model.metricNames());
    }

    @Test
    void aMetricThatIsNeitherANameNorAMetricIsNamed() {
        Sequential model = new Sequential(new Dense(1).inputDim(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.compile(new Adam(), new BinaryCrossentropy(), List.of("accuracy", 42)));
        assertTrue(e.getMessage().contains("metric 1") && e.getMessage().contains("42"), e.getMessage());
        assertEquals(DataType.FLOAT, model.dataType());
    }
}
