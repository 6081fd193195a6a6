package io.kerasj.integration.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kerasj.callbacks.LambdaCallback;
import io.kerasj.callbacks.LearningRateScheduler;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearningRateSchedulerTest {

    @Test
    void scheduleOfTheEpochSetsTheRateAtEpochBegin() {
        Sequential model = Scripted.model(0.1);
        LearningRateScheduler callback = new LearningRateScheduler(epoch -> 0.1 / (1 + epoch));
        callback.setModel(model);

        callback.onEpochBegin(3, Map.of());

        assertEquals(0.025, model.optimizer().learningRate());
    }

    @Test
    void scheduleReceivesTheCurrentRate() {
        Sequential model = Scripted.model(0.2);
        LearningRateScheduler callback = new LearningRateScheduler((epoch, lr) -> lr / 2);
        callback.setModel(model);

        callback.onEpochBegin(0, Map.of());
        callback.onEpochBegin(1, Map.of());

        assertEquals(0.05, model.optimizer().learningRate());
    }

    @Test
    void nonPositiveRateFromTheScheduleIsAnError() {
        Sequential model = Scripted.model(0.1);
        LearningRateScheduler callback = new LearningRateScheduler(epoch -> 0.0);
        callback.setModel(model);

        assertThrows(IllegalArgumentException.class, () -> callback.onEpochBegin(0, Map.of()));
    }

    @Test
    void resumedRunContinuesTheScheduleFromTheInitialEpoch() {
        Sequential model = Scripted.model(0.1);
        List<Double> ratesSeen = new ArrayList<>();
        LambdaCallback recorder = new LambdaCallback(null, null,
                (batch, logs) -> {
                    if (batch == 0) {
                        ratesSeen.add(model.optimizer().learningRate());
                    }
                }, null, null, null);

        History history = model.fit(Scripted.x(), Scripted.y(), new FitOptions().initialEpoch(2).epochs(4)
                .batchSize(20).verbose(0).callbacks(new LearningRateScheduler(epoch -> 0.01 * (epoch + 1)), recorder));

        assertEquals(List.of(0.03, 0.04), ratesSeen);
        // As Keras, the logs of each epoch carry its rate.
        assertEquals(List.of(0.03, 0.04), history.get("learning_rate"));
    }
}
