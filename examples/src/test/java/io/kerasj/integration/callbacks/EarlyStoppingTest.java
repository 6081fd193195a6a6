package io.kerasj.integration.callbacks;

import static io.kerasj.integration.callbacks.Scripted.logs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.callbacks.EarlyStopping;
import io.kerasj.callbacks.LambdaCallback;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    /** Feeds val_loss values one epoch at a time and returns, per epoch, whether training was asked to stop. */
    private static List<Boolean> stopsAfterEach(EarlyStopping callback, Sequential model, String key,
                                                double... values) {
        callback.setModel(model);
        callback.onTrainBegin(Map.of());
        List<Boolean> stops = new ArrayList<>();
        for (int epoch = 0; epoch < values.length; epoch++) {
            callback.onEpochEnd(epoch, logs(key, values[epoch]));
            stops.add(model.stopTraining());
        }
        return stops;
    }

    @Test
    void stopsOncePatienceEpochsPassWithoutImprovement() {
        Sequential model = Scripted.model(0.1);
        EarlyStopping callback = new EarlyStopping("val_loss", 2);

        // best 1.0, then 0.9; 0.95 and 0.93 are two epochs without improvement.
        List<Boolean> stops = stopsAfterEach(callback, model, "val_loss", 1.0, 0.9, 0.95, 0.93);

        assertEquals(List.of(false, false, false, true), stops);
        assertEquals(3, callback.stoppedEpoch());
        assertEquals(1, callback.bestEpoch());
    }

    @Test
    void changeSmallerThanMinDeltaIsNoImprovement() {
        Sequential model = Scripted.model(0.1);
        EarlyStopping callback = new EarlyStopping("val_loss", 0.1, 1, "auto", null, false, 0);

        // 1.0 → 0.85 improves by 0.15 > 0.1; 0.85 → 0.8 only by 0.05.
        List<Boolean> stops = stopsAfterEach(callback, model, "val_loss", 1.0, 0.85, 0.8);

        assertEquals(List.of(false, false, true), stops);
        assertEquals(0.85, callback.best());
    }

    @Test
    void accuracyIsMaximizedInAutoMode() {
        Sequential model = Scripted.model(0.1);
        EarlyStopping callback = new EarlyStopping("val_accuracy", 0);

        List<Boolean> stops = stopsAfterEach(callback, model, "val_accuracy", 0.5, 0.6, 0.55);

        assertEquals(List.of(false, false, true), stops);
    }

    @Test
    void improvementsThatMissTheBaselineDoNotResetTheWait() {
        Sequential model = Scripted.model(0.1);
        EarlyStopping withBaseline = new EarlyStopping("val_loss", 0.0, 2, "min", 0.5, false, 0);
        EarlyStopping without = new EarlyStopping("val_loss", 0.0, 2, "min", null, false, 0);

        // Every value but the last improves, none reaches 0.5: with the baseline the wait reaches 4 at epoch 3.
        List<Boolean> stops = stopsAfterEach(withBaseline, model, "val_loss", 0.9, 0.8, 0.7, 0.75);
        model.setStopTraining(false);
        List<Boolean> stopsWithout = stopsAfterEach(without, model, "val_loss", 0.9, 0.8, 0.7, 0.75);

        assertEquals(List.of(false, false, false, true), stops);
        assertEquals(List.of(false, false, false, false), stopsWithout);
    }

    @Test
    void epochsBeforeStartFromEpochAreIgnored() {
        Sequential model = Scripted.model(0.1);
        EarlyStopping callback = new EarlyStopping("val_loss", 0.0, 0, "auto", null, false, 2);

        // Epoch 1 is worse than epoch 0 but ignored; watching starts at epoch 2 (1.0), and 1.1 is worse.
        List<Boolean> stops = stopsAfterEach(callback, model, "val_loss", 0.5, 0.9, 1.0, 1.1);

        assertEquals(List.of(false, false, false, true), stops);
    }

    @Test
    void bestWeightsAreRestoredAtTheEndEvenWithoutAnEarlyStop() {
        Sequential model = Scripted.model(0.1);
        EarlyStopping callback = new EarlyStopping("val_loss", 10, true);
        callback.setModel(model);
        callback.onTrainBegin(Map.of());
        double[] valLoss = {0.5, 0.3, 0.4};
        for (int epoch = 0; epoch < valLoss.length; epoch++) {
            Scripted.fill(model, epoch + 1);
            callback.onEpochEnd(epoch, logs("val_loss", valLoss[epoch]));
        }
        Scripted.fill(model, 99);

        callback.onTrainEnd(Map.of());

        assertFalse(model.stopTraining());
        assertTrue(java.util.Arrays.stream(Scripted.weights(model)).allMatch(w -> w == 2.0),
                "weights of epoch 1, the best");
    }

    @Test
    void missingMonitorWarnsWithTheAvailableKeysAndNeverStops() {
        Sequential model = Scripted.model(0.1);
        EarlyStopping callback = new EarlyStopping("val_loss", 0);
        callback.setModel(model);
        callback.onTrainBegin(Map.of());

        String warning = Scripted.stderrOf(() -> {
            callback.onEpochEnd(0, logs("loss", 1.0, "accuracy", 0.5));
            callback.onEpochEnd(1, logs("loss", 2.0, "accuracy", 0.4));
        });

        assertTrue(warning.contains("`val_loss`") && warning.contains("loss,accuracy"), warning);
        assertFalse(model.stopTraining());
    }

    @Test
    void realTrainingStopsEarlyWhenNothingImprovesEnough() {
        Sequential model = Scripted.model(0.1);
        // No epoch can improve the loss by 10, so the wait reaches 1 at epoch 1.
        EarlyStopping callback = new EarlyStopping("loss", 10.0, 1, "min", null, false, 0);

        History history = model.fit(Scripted.x(), Scripted.y(),
                new FitOptions().epochs(10).batchSize(20).verbose(0).callbacks(callback));

        assertEquals(List.of(0, 1), history.epochs());
        assertEquals(1, callback.stoppedEpoch());
    }

    @Test
    void realTrainingEndsWithTheWeightsOfTheBestEpoch() {
        Sequential model = Scripted.model(0.5);
        List<double[]> weightsPerEpoch = new ArrayList<>();
        LambdaCallback recorder = new LambdaCallback((epoch, logs) -> weightsPerEpoch.add(Scripted.weights(model)));
        // "max" on a loss makes the best epoch an early one, so a restore is visible against the final weights.
        EarlyStopping callback = new EarlyStopping("val_loss", 0.0, 100, "max", null, true, 0);

        History history = model.fit(Scripted.x(), Scripted.y(), new FitOptions().epochs(5).batchSize(10)
                .validationSplit(0.25).verbose(0).callbacks(recorder, callback));

        List<Double> valLoss = history.get("val_loss");
        int best = valLoss.indexOf(valLoss.stream().max(Double::compare).orElseThrow());
        assertTrue(best < 4, "the scenario needs a best epoch before the last; val_loss " + valLoss);
        assertArrayEquals(weightsPerEpoch.get(best), Scripted.weights(model));
    }
}
