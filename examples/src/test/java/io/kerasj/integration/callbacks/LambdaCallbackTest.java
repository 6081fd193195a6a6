package io.kerasj.integration.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.callbacks.LambdaCallback;
import io.kerasj.core.FitOptions;
import io.kerasj.core.Sequential;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LambdaCallbackTest {

    @Test
    void eachFunctionRunsAtItsPointOfARealRun() {
        Sequential model = Scripted.model(0.1);
        List<String> events = new ArrayList<>();
        LambdaCallback callback = new LambdaCallback(
                (epoch, logs) -> events.add("epoch begin " + epoch),
                (epoch, logs) -> events.add("epoch end " + epoch + " " + logs.keySet()),
                (batch, logs) -> events.add("batch begin " + batch),
                (batch, logs) -> events.add("batch end " + batch),
                logs -> events.add("train begin"),
                logs -> events.add("train end"));

        // 60 samples in batches of 30: two batches per epoch.
        model.fit(Scripted.x(), Scripted.y(), new FitOptions().epochs(2).batchSize(30).verbose(0).callbacks(callback));

        assertEquals(List.of("train begin",
                "epoch begin 0", "batch begin 0", "batch end 0", "batch begin 1", "batch end 1",
                "epoch end 0 [loss, accuracy]",
                "epoch begin 1", "batch begin 0", "batch end 0", "batch begin 1", "batch end 1",
                "epoch end 1 [loss, accuracy]",
                "train end"), events);
    }

    @Test
    void epochEndOnlyFormIgnoresTheOtherEvents() {
        Sequential model = Scripted.model(0.1);
        List<Integer> epochs = new ArrayList<>();

        model.fit(Scripted.x(), Scripted.y(), new FitOptions().epochs(3).batchSize(30).verbose(0)
                .callbacks(new LambdaCallback((epoch, logs) -> epochs.add(epoch))));

        assertEquals(List.of(0, 1, 2), epochs);
    }
}
