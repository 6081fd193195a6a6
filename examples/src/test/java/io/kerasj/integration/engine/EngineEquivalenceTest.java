package io.kerasj.integration.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Sequential;
import io.kerasj.core.Utils;
import io.kerasj.datasets.Blobs;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Initializer;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.ops.Ops;
import io.kerasj.optimizers.Adam;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The host engine and the portable one (ND4J's own ops, as a GPU runs them) train the same model to the same
 * result: in float64 to 1e-12, in float32 to 1e-5. "Relative" compares a whole tensor: max |a − b| over max |a|, so
 * that weights near zero are held to the tensor's scale rather than to their own.
 */
class EngineEquivalenceTest {

    private static final double[][] CENTRES = {{15, 0}, {15, 15}, {0, 15}, {30, 15}};

    private record Run(List<INDArray> weights, History history) {}

    /** The README's blobs demo: 12-8-4, Adam(0.001), batch 5, 20% validation; {@code epochs} epochs. */
    private static Run blobs(Ops ops, DataType type, int epochs) {
        Blobs.Data data = Blobs.make(1000, CENTRES, 1.5, 42);
        Sequential model = new Sequential(type,
                new Dense(12, Activation.RELU, Initializer.HE_UNIFORM).inputDim(2),
                new Dense(8, Activation.RELU, Initializer.HE_UNIFORM),
                new Dense(4, Activation.SOFTMAX)).setSeed(42).setOps(ops);
        model.compile(new Adam(0.001), new CategoricalCrossentropy(), "accuracy");
        History history = model.fit(data.features().castTo(type), Utils.toCategorical(data.labels(), 4).castTo(type),
                new FitOptions().epochs(epochs).batchSize(5).validationSplit(0.2).verbose(0));
        return new Run(model.getWeights(), history);
    }

    private static double relative(INDArray expected, INDArray actual) {
        double scale = expected.amaxNumber().doubleValue();
        double difference = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber()
                .doubleValue();
        return scale == 0 ? difference : difference / scale;
    }

    private static void assertSameRun(Run host, Run portable, double bound) {
        for (int i = 0; i < host.weights().size(); i++) {
            double error = relative(host.weights().get(i), portable.weights().get(i));
            assertTrue(error <= bound, "weight " + i + ": relative difference " + error + " > " + bound);
        }
        for (Map.Entry<String, List<Double>> series : host.history().history().entrySet()) {
            List<Double> other = portable.history().get(series.getKey());
            assertEquals(series.getValue().size(), other.size(), series.getKey());
            for (int e = 0; e < other.size(); e++) {
                double a = series.getValue().get(e);
                double b = other.get(e);
                assertTrue(Math.abs(a - b) <= bound * Math.max(1, Math.abs(a)),
                        series.getKey() + " at epoch " + e + ": " + a + " against " + b);
            }
        }
    }

    @Test
    void blobsForThreeEpochsInFloat64TrainsAlikeOnBothEngines() {
        assertSameRun(blobs(Ops.host(), DataType.DOUBLE, 3), blobs(Ops.portable(), DataType.DOUBLE, 3), 1e-12);
    }

    @Test
    void blobsForOneEpochInFloat32TrainsAlikeOnBothEngines() {
        assertSameRun(blobs(Ops.host(), DataType.FLOAT, 1), blobs(Ops.portable(), DataType.FLOAT, 1), 1e-5);
    }

    /** The choice is made per model: the default follows the backend, and a model keeps the engine it was built on. */
    @Test
    void eachModelKeepsTheEngineItWasBuiltWith() {
        Sequential portable = new Sequential(new Dense(2).inputDim(3)).setOps(Ops.portable());
        Sequential byBackend = new Sequential(new Dense(2).inputDim(3));
        portable.build(3);
        byBackend.build(3);
        assertEquals("portable", portable.ops().name());
        String expected = System.getProperty("kerasj.ops", "host");
        assertEquals(expected.isBlank() ? "host" : expected, byBackend.ops().name());
    }
}
