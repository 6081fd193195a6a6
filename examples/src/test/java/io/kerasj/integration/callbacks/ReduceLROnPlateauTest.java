package io.kerasj.integration.callbacks;

import static io.kerasj.integration.callbacks.Scripted.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.callbacks.LambdaCallback;
import io.kerasj.callbacks.ReduceLROnPlateau;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Sequential;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReduceLROnPlateauTest {

    /** The learning rate after each scripted epoch end. */
    private static List<Double> ratesAfterEach(ReduceLROnPlateau callback, Sequential model, double... valLoss) {
        callback.setModel(model);
        callback.onTrainBegin(Map.of());
        List<Double> rates = new ArrayList<>();
        for (int epoch = 0; epoch < valLoss.length; epoch++) {
            callback.onEpochEnd(epoch, logs("val_loss", valLoss[epoch]));
            rates.add(model.optimizer().learningRate());
        }
        return rates;
    }

    @Test
    void reducesByFactorOncePatienceEpochsPassWithoutImprovement() {
        Sequential model = Scripted.model(0.1);

        List<Double> rates = ratesAfterEach(new ReduceLROnPlateau("val_loss", 0.5, 2, 0.0, 0, 0.0), model,
                1.0, 1.0, 1.0);

        assertEquals(List.of(0.1, 0.1, 0.05), rates);
    }

    @Test
    void cooldownPausesTheCountAfterAReduction() {
        Sequential model = Scripted.model(0.1);

        // Reduced at epoch 1; epochs 2 and 3 count down the cooldown of 2, and epoch 3, with the cooldown over,
        // counts one epoch without improvement, which is the patience.
        List<Double> rates = ratesAfterEach(new ReduceLROnPlateau("val_loss", 0.5, 1, 0.0, 2, 0.0), model,
                1.0, 1.0, 1.0, 1.0, 1.0, 1.0);

        assertEquals(List.of(0.1, 0.05, 0.05, 0.025, 0.025, 0.0125), rates);
    }

    @Test
    void rateNeverGoesBelowMinLr() {
        Sequential model = Scripted.model(0.1);

        List<Double> rates = ratesAfterEach(new ReduceLROnPlateau("val_loss", 0.1, 1, 0.0, 0, 0.03), model,
                1.0, 1.0, 1.0, 1.0);

        assertEquals(List.of(0.1, 0.03, 0.03, 0.03), rates);
    }

    @Test
    void changeSmallerThanMinDeltaIsNoImprovement() {
        Sequential model = Scripted.model(0.1);

        List<Double> rates = ratesAfterEach(new ReduceLROnPlateau("val_loss", 0.5, 1, 0.1, 0, 0.0), model,
                1.0, 0.95);

        assertEquals(List.of(0.1, 0.05), rates);
    }

    @Test
    void factorOfOneOrMoreIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau("val_loss", 1.0, 10));
    }

    @Test
    void missingMonitorWarnsWithTheAvailableKeys() {
        Sequential model = Scripted.model(0.1);
        ReduceLROnPlateau callback = new ReduceLROnPlateau();

        String warning = Scripted.stderrOf(() -> Scripted.epochs(callback, model, "loss", 1.0, 1.0));

        assertTrue(warning.contains("`val_loss`") && warning.contains("Available metrics are: loss"), warning);
    }

    @Test
    void realRunHalvesTheRateEveryEpochWhenNothingImprovesEnough() {
        Sequential model = Scripted.model(0.2);
        List<Double> ratesSeen = new ArrayList<>();
        LambdaCallback recorder = new LambdaCallback(
                (epoch, logs) -> ratesSeen.add(model.optimizer().learningRate()), null, null, null, null, null);
        // No epoch improves the loss by 100: epoch 0 sets the best, each later epoch exhausts a patience of 1.
        ReduceLROnPlateau callback = new ReduceLROnPlateau("loss", 0.5, 1, 100.0, 0, 0.0);

        History history = model.fit(Scripted.x(), Scripted.y(), new FitOptions().epochs(4).batchSize(20).verbose(0)
                .callbacks(recorder, callback));

        assertEquals(List.of(0.2, 0.2, 0.1, 0.05), ratesSeen);
        assertEquals(0.025, model.optimizer().learningRate());
        // As Keras, each epoch's logs carry the rate it trained with, taken before that epoch's reduction.
        assertEquals(List.of(0.2, 0.2, 0.1, 0.05), history.get("learning_rate"));
    }

    /**
     * The progress line comes after the user's callbacks, as Keras's does, so it shows the rate they log: with
     * the rate halved after every epoch from the second on, 0.2, 0.2, then 0.1.
     */
    @Test
    void theProgressLineShowsTheLearningRate() {
        Sequential model = Scripted.model(0.2);
        ReduceLROnPlateau callback = new ReduceLROnPlateau("loss", 0.5, 1, 100.0, 0, 0.0);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            model.fit(Scripted.x(), Scripted.y(), new FitOptions().epochs(3).batchSize(20).verbose(2)
                    .callbacks(callback));
        } finally {
            System.setOut(original);
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(6, lines.length, captured.toString());
        assertTrue(lines[1].endsWith(" - learning_rate: 0.2000"), lines[1]);
        assertTrue(lines[3].endsWith(" - learning_rate: 0.2000"), lines[3]);
        assertTrue(lines[5].endsWith(" - learning_rate: 0.1000"), lines[5]);
    }
}
