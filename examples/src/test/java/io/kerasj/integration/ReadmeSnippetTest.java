package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.callbacks.CSVLogger;
import io.kerasj.callbacks.EarlyStopping;
import io.kerasj.callbacks.ModelCheckpoint;
import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Sequential;
import io.kerasj.core.Utils;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Initializer;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The README's "Saving, loading and callbacks" snippet, run in a temporary directory. */
class ReadmeSnippetTest {

    @TempDir
    Path dir;

    @Test
    void snippetTrainsSavesResumesAndContinuesTheCheckpointNames() throws IOException {
        Random r = new Random(1);
        double[][] centres = {{15, 0}, {15, 15}, {0, 15}, {30, 15}};
        double[][] features = new double[200][2];
        int[] labels = new int[200];
        for (int i = 0; i < features.length; i++) {
            labels[i] = i % 4;
            features[i][0] = centres[labels[i]][0] + 1.5 * r.nextGaussian();
            features[i][1] = centres[labels[i]][1] + 1.5 * r.nextGaussian();
        }
        INDArray x = Utils.tensor(features);
        INDArray y = Utils.toCategorical(labels, 4);

        Sequential model = new Sequential(
                new Dense(12, Activation.RELU, Initializer.HE_UNIFORM).inputDim(2),
                new Dense(4, Activation.SOFTMAX));
        model.compile(new Adam(1e-3), new CategoricalCrossentropy(), "accuracy");
        History first = model.fit(x, y, new FitOptions().epochs(10).batchSize(16).validationSplit(0.2).verbose(0)
                .callbacks(new EarlyStopping("val_loss", 3, true),
                        new ModelCheckpoint(dir + "/checkpoints/model-{epoch:02d}.kjm"),
                        new CSVLogger(dir.resolve("training.csv"))));
        model.save(dir.resolve("model.kjm"));

        Sequential resumed = Sequential.load(dir.resolve("model.kjm"));
        History second = resumed.fit(x, y, new FitOptions().initialEpoch(10).epochs(20).batchSize(16)
                .validationSplit(0.2).verbose(0).callbacks(
                        new ModelCheckpoint(dir + "/checkpoints/model-{epoch:02d}.kjm"),
                        new CSVLogger(dir.resolve("training.csv"), true)));

        assertEquals(10, first.epochs().size(), "the loss keeps falling over 10 epochs: no early stop");
        assertEquals(10, (int) second.epochs().get(0));
        assertTrue(Files.isRegularFile(dir.resolve("checkpoints/model-11.kjm")));
        assertTrue(Files.isRegularFile(dir.resolve("checkpoints/model-20.kjm")));
        // A header and one row for each of the 20 epochs.
        assertEquals(21, Files.readAllLines(dir.resolve("training.csv")).size());
    }
}
