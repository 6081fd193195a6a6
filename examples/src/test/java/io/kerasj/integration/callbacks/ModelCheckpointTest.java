package io.kerasj.integration.callbacks;

import static io.kerasj.integration.callbacks.Scripted.logs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.callbacks.ModelCheckpoint;
import io.kerasj.core.FitOptions;
import io.kerasj.core.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckpointTest {

    @TempDir
    Path dir;

    private List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void pathTemplateTakesTheEpochFromOneAndFormattedLogValues() throws IOException {
        Sequential model = Scripted.model(0.1);
        ModelCheckpoint callback = new ModelCheckpoint(dir + "/model-{epoch:02d}-{val_loss:.2f}.kjm");
        callback.setModel(model);
        callback.onTrainBegin(Map.of());

        callback.onEpochEnd(2, logs("loss", 0.5, "val_loss", 0.4123));

        assertEquals(List.of("model-03-0.41.kjm"), files());
    }

    @Test
    void savesAfterEveryEpochOfARealRun() throws IOException {
        Sequential model = Scripted.model(0.1);

        model.fit(Scripted.x(), Scripted.y(), new FitOptions().epochs(3).batchSize(20).verbose(0)
                .callbacks(new ModelCheckpoint(dir + "/epoch{epoch}.kjm")));

        assertEquals(List.of("epoch1.kjm", "epoch2.kjm", "epoch3.kjm"), files());
        assertArrayEquals(Scripted.weights(model), Scripted.weights(Sequential.load(dir.resolve("epoch3.kjm"))));
    }

    /**
     * Every 2 batches, counted across epochs as in Keras: 60 samples in batches of 20 are 3 batches an epoch, so
     * the 2nd, 4th, 6th and 8th of 9 are epoch 1 batch 2, epoch 2 batches 1 and 3, and epoch 3 batch 2; nothing is
     * saved at the end of an epoch.
     */
    @Test
    void saveFreqSavesEveryFewBatchesCountingAcrossEpochs() throws IOException {
        Sequential model = Scripted.model(0.1);

        model.fit(Scripted.x(), Scripted.y(), new FitOptions().epochs(3).batchSize(20).verbose(0).shuffle(false)
                .callbacks(new ModelCheckpoint(dir + "/e{epoch}-b{batch}.kjm", "val_loss", false, false, "auto", 2)));

        assertEquals(List.of("e1-b2.kjm", "e2-b1.kjm", "e2-b3.kjm", "e3-b2.kjm"), files());
        assertNotNull(Sequential.load(dir.resolve("e3-b2.kjm")));
    }

    @Test
    void aNegativeSaveFreqIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelCheckpoint(dir + "/m.kjm", "val_loss", false, false, "auto", -1));
        assertTrue(e.getMessage().contains("saveFreq=-1"), e.getMessage());
    }

    @Test
    void saveBestOnlySavesOnlyWhenTheLossImproves() throws IOException {
        Sequential model = Scripted.model(0.1);

        Scripted.epochs(new ModelCheckpoint(dir + "/best-{epoch}.kjm", "val_loss", true, false), model, "val_loss",
                0.5, 0.7, 0.4, 0.4);

        assertEquals(List.of("best-1.kjm", "best-3.kjm"), files());
    }

    @Test
    void saveBestOnlyMaximizesAccuracyInAutoMode() throws IOException {
        Sequential model = Scripted.model(0.1);

        Scripted.epochs(new ModelCheckpoint(dir + "/best-{epoch}.kjm", "val_accuracy", true, false), model,
                "val_accuracy", 0.5, 0.4, 0.6);

        assertEquals(List.of("best-1.kjm", "best-3.kjm"), files());
    }

    @Test
    void saveWeightsOnlyWritesNoOptimizer() throws IOException {
        Sequential model = Scripted.model(0.1);

        Scripted.epochs(new ModelCheckpoint(dir + "/w.kjm", "val_loss", false, true), model, "val_loss", 0.5);
        Scripted.epochs(new ModelCheckpoint(dir + "/full.kjm"), model, "val_loss", 0.5);

        assertNull(Sequential.load(dir.resolve("w.kjm")).optimizer());
        assertNotNull(Sequential.load(dir.resolve("full.kjm")).optimizer());
    }

    @Test
    void resumedTrainingContinuesTheCheckpointNumbers() throws IOException {
        Sequential model = Scripted.model(0.1);

        model.fit(Scripted.x(), Scripted.y(), new FitOptions().initialEpoch(2).epochs(4).batchSize(20).verbose(0)
                .callbacks(new ModelCheckpoint(dir + "/epoch{epoch}.kjm")));

        assertEquals(List.of("epoch3.kjm", "epoch4.kjm"), files());
    }

    @Test
    void missingDirectoriesAreCreated() throws IOException {
        Sequential model = Scripted.model(0.1);

        Scripted.epochs(new ModelCheckpoint(dir + "/runs/a/ckpt-{epoch}.kjm"), model, "val_loss", 0.5);

        assertTrue(Files.isRegularFile(dir.resolve("runs/a/ckpt-1.kjm")));
    }

    @Test
    void unknownTemplateKeyIsAnErrorListingTheAvailableKeys() {
        Sequential model = Scripted.model(0.1);
        ModelCheckpoint callback = new ModelCheckpoint(dir + "/m-{val_acc:.2f}.kjm");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scripted.epochs(callback, model, "val_loss", 0.5));

        assertTrue(e.getMessage().contains("\"val_acc\"") && e.getMessage().contains("epoch, val_loss"),
                e.getMessage());
    }

    @Test
    void missingMonitorSkipsTheSaveWithAWarningListingTheKeys() throws IOException {
        Sequential model = Scripted.model(0.1);
        ModelCheckpoint callback = new ModelCheckpoint(dir + "/m.kjm", "val_loss", true, false);

        String warning = Scripted.stderrOf(() -> Scripted.epochs(callback, model, "loss", 0.5));

        assertTrue(warning.contains("`val_loss`") && warning.contains("Available metrics are: loss"), warning);
        assertEquals(List.of(), files());
    }
}
