package io.kerasj.integration.callbacks;

import static io.kerasj.integration.callbacks.Scripted.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.callbacks.LambdaCallback;
import io.kerasj.callbacks.TerminateOnNaN;
import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Sequential;
import io.kerasj.core.Utils;
import io.kerasj.layers.Dense;
import io.kerasj.losses.MeanSquaredError;
import io.kerasj.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminateOnNaNTest {

    private static boolean stopsOn(double loss) {
        Sequential model = Scripted.model(0.1);
        TerminateOnNaN callback = new TerminateOnNaN();
        callback.setModel(model);
        callback.onTrainBatchEnd(4, logs("loss", loss));
        return model.stopTraining();
    }

    @Test
    void nanLossStopsTraining() {
        assertTrue(stopsOn(Double.NaN));
    }

    @Test
    void infiniteLossStopsTraining() {
        assertTrue(stopsOn(Double.POSITIVE_INFINITY));
    }

    @Test
    void finiteLossDoesNotStopTraining() {
        assertFalse(stopsOn(1e30));
    }

    @Test
    void divergingRunStopsWithinItsFirstEpoch() {
        Sequential model = new Sequential(new Dense(1, Activation.LINEAR).inputDim(2)).setSeed(1);
        // A learning rate this large makes each step multiply the error: float32 overflows within a few steps.
        model.compile(new SGD(1e6), new MeanSquaredError());
        List<Double> batchLosses = new ArrayList<>();
        LambdaCallback recorder = new LambdaCallback(null, null, null, (batch, logs) -> batchLosses.add(logs.get("loss")),
                null, null);

        History history = model.fit(Scripted.x(), Utils.tensor(new double[60][1]), new FitOptions().epochs(5)
                .batchSize(1).shuffle(false).verbose(0).callbacks(recorder, new TerminateOnNaN()));

        assertEquals(List.of(0), history.epochs());
        assertTrue(batchLosses.size() < 60, "stopped before the end of the epoch: " + batchLosses.size() + " batches");
        assertFalse(Double.isFinite(batchLosses.get(batchLosses.size() - 1)));
        assertTrue(batchLosses.subList(0, batchLosses.size() - 1).stream().allMatch(Double::isFinite));
    }
}
