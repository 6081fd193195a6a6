package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.kerasj.core.Activation;
import io.kerasj.core.Metric;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.losses.BinaryCrossentropy;
import io.kerasj.metrics.AUC;
import io.kerasj.metrics.PrecisionRecall;
import io.kerasj.metrics.SparseTopKCategoricalAccuracy;
import io.kerasj.metrics.TopKCategoricalAccuracy;
import io.kerasj.optimizers.Adam;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics with options other than their defaults come back from a saved model with those options. */
class MetricConfigRoundTripTest {

    @TempDir
    Path dir;

    private Sequential saveAndLoad(List<?> metrics) throws Exception {
        Sequential model = new Sequential(new Dense(3, Activation.SOFTMAX).inputDim(2)).setSeed(3);
        model.compile(new Adam(), new BinaryCrossentropy(), metrics);
        model.build(2);
        Path file = dir.resolve("metrics.kjm");
        model.save(file);
        return Sequential.load(file);
    }

    @Test
    void optionsOfBuiltInMetricsSurvive() throws Exception {
        Sequential loaded = saveAndLoad(List.of("accuracy", PrecisionRecall.precision(0.3), PrecisionRecall.recall(0.7),
                new AUC(50, "PR", "majoring", "pr_auc"), new TopKCategoricalAccuracy(2),
                new SparseTopKCategoricalAccuracy(1)));

        List<Metric> metrics = loaded.metrics();
        assertEquals(List.of("accuracy", "precision", "recall", "pr_auc", "top_k_categorical_accuracy",
                "sparse_top_k_categorical_accuracy"), loaded.metricNames());
        assertEquals(0.3, assertInstanceOf(PrecisionRecall.class, metrics.get(1)).threshold());
        assertEquals("Precision", metrics.get(1).className());
        assertEquals(0.7, assertInstanceOf(PrecisionRecall.class, metrics.get(2)).threshold());
        assertEquals("Recall", metrics.get(2).className());
        AUC auc = assertInstanceOf(AUC.class, metrics.get(3));
        assertEquals(List.of(50, "PR", "majoring"), List.of(auc.numThresholds(), auc.curve(), auc.summationMethod()));
        assertEquals(2, assertInstanceOf(TopKCategoricalAccuracy.class, metrics.get(4)).k());
        assertEquals(1, assertInstanceOf(SparseTopKCategoricalAccuracy.class, metrics.get(5)).k());
    }

    /** A metric of the user's own has no config: it is saved by name, cannot come back, and is skipped. */
    @Test
    void aUsersOwnMetricIsSkippedOnLoadAndTheRestKept() throws Exception {
        Sequential loaded = saveAndLoad(List.of("accuracy", new MetricObjectsTest.RowCount(), new AUC()));
        assertEquals(List.of("accuracy", "auc"), loaded.metricNames());
    }
}
