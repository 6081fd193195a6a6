package io.kerasj.integration.callbacks;

import static io.kerasj.integration.callbacks.Scripted.logs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.callbacks.CSVLogger;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CSVLoggerTest {

    @TempDir
    Path dir;

    private static FitOptions options(int initialEpoch, int epochs, CSVLogger logger) {
        return new FitOptions().initialEpoch(initialEpoch).epochs(epochs).batchSize(20).validationSplit(0.25)
                .verbose(0).callbacks(logger);
    }

    private static String row(History history, int index) {
        return history.epochs().get(index) + "," + history.get("accuracy").get(index) + ","
                + history.get("loss").get(index) + "," + history.get("val_accuracy").get(index) + ","
                + history.get("val_loss").get(index);
    }

    @Test
    void writesASortedHeaderAndOneRowPerEpochOfARealRun() throws IOException {
        Sequential model = Scripted.model(0.1);
        Path file = dir.resolve("log.csv");

        History history = model.fit(Scripted.x(), Scripted.y(), options(0, 2, new CSVLogger(file)));

        assertEquals(List.of("epoch,accuracy,loss,val_accuracy,val_loss", row(history, 0), row(history, 1)),
                Files.readAllLines(file));
    }

    @Test
    void appendContinuesAResumedRunWithoutASecondHeader() throws IOException {
        Sequential model = Scripted.model(0.1);
        Path file = dir.resolve("log.csv");
        History first = model.fit(Scripted.x(), Scripted.y(), options(0, 1, new CSVLogger(file)));

        History second = model.fit(Scripted.x(), Scripted.y(), options(1, 2, new CSVLogger(file, true)));

        assertEquals(List.of("epoch,accuracy,loss,val_accuracy,val_loss", row(first, 0), row(second, 0)),
                Files.readAllLines(file));
    }

    @Test
    void withoutAppendAnExistingFileIsOverwritten() throws IOException {
        Sequential model = Scripted.model(0.1);
        Path file = Files.writeString(dir.resolve("log.csv"), "old,run\n1,2\n");

        Scripted.epochs(new CSVLogger(file), model, "loss", 0.5);

        assertEquals(List.of("epoch,loss", "0,0.5"), Files.readAllLines(file));
    }

    @Test
    void keyMissingFromALaterEpochIsWrittenAsNA() throws IOException {
        Path file = dir.resolve("log.csv");
        CSVLogger logger = new CSVLogger(file, ";", false);
        logger.onTrainBegin(Map.of());

        logger.onEpochEnd(0, logs("val_loss", 2.0, "loss", 1.0));
        logger.onEpochEnd(1, logs("loss", 0.5));
        logger.onTrainEnd(Map.of());

        assertEquals(List.of("epoch;loss;val_loss", "0;1.0;2.0", "1;0.5;NA"), Files.readAllLines(file));
    }
}
