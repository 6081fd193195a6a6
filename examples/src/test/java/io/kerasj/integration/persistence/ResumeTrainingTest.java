package io.kerasj.integration.persistence;

import static io.kerasj.integration.persistence.Fixtures.series;
import static io.kerasj.integration.persistence.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Optimizer;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Initializer;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.optimizers.Adadelta;
import io.kerasj.optimizers.Adagrad;
import io.kerasj.optimizers.Adam;
import io.kerasj.optimizers.AdamW;
import io.kerasj.optimizers.Adamax;
import io.kerasj.optimizers.Nadam;
import io.kerasj.optimizers.RMSprop;
import io.kerasj.optimizers.SGD;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training 6 epochs in one go, and 3 + save + load in a fresh model + 3 more, must be the same computation. */
class ResumeTrainingTest {

    @TempDir
    Path dir;

    private static Sequential model(Supplier<Optimizer> optimizer) {
        Sequential model = new Sequential(new Dense(8, Activation.RELU, Initializer.HE_UNIFORM).inputDim(2),
                new Dense(3, Activation.SOFTMAX)).setSeed(21);
        model.compile(optimizer.get(), new CategoricalCrossentropy(), "accuracy");
        return model;
    }

    private static FitOptions options(int initialEpoch, int epochs) {
        // Shuffling and a validation split on: a resumed run must reshuffle exactly as the uninterrupted one.
        return new FitOptions().initialEpoch(initialEpoch).epochs(epochs).batchSize(16).validationSplit(0.2)
                .verbose(0);
    }

    private void assertResumeMatches(Supplier<Optimizer> optimizer) throws IOException {
        Sequential straight = model(optimizer);
        History full = straight.fit(Fixtures.x(), Fixtures.oneHot(), options(0, 6));

        Sequential first = model(optimizer);
        History firstHalf = first.fit(Fixtures.x(), Fixtures.oneHot(), options(0, 3));
        Path file = dir.resolve("half.kjm");
        first.save(file);
        Sequential resumed = Sequential.load(file);
        History secondHalf = resumed.fit(Fixtures.x(), Fixtures.oneHot(), options(3, 6));

        assertArrayEquals(values(straight.getWeights()), values(resumed.getWeights()));
        assertEquals(straight.optimizer().iterations(), resumed.optimizer().iterations());
        assertEquals(List.of(3, 4, 5), secondHalf.epochs());
        for (String key : List.of("loss", "accuracy", "val_loss", "val_accuracy")) {
            List<Double> joined = new ArrayList<>(firstHalf.get(key));
            joined.addAll(secondHalf.get(key));
            assertArrayEquals(series(full, key), joined.stream().mapToDouble(Double::doubleValue).toArray(), key);
        }
    }

    @Test
    void adamResumedAfterLoadFollowsTheUninterruptedTrajectory() throws IOException {
        assertResumeMatches(() -> new Adam(0.01));
    }

    @Test
    void amsgradResumedAfterLoadFollowsTheUninterruptedTrajectory() throws IOException {
        assertResumeMatches(() -> new Adam(0.01, 0.9, 0.999, 1e-7, true));
    }

    @Test
    void sgdWithNesterovMomentumResumedAfterLoadFollowsTheUninterruptedTrajectory() throws IOException {
        assertResumeMatches(() -> new SGD(0.05, 0.9, true));
    }

    @Test
    void rmspropCenteredWithMomentumAndWeightDecayResumedAfterLoadFollowsTheUninterruptedTrajectory()
            throws IOException {
        assertResumeMatches(() -> new RMSprop(0.01, 0.9, 0.5, 1e-7, true, 0.01, 0, 0));
    }

    @Test
    void adagradResumedAfterLoadFollowsTheUninterruptedTrajectory() throws IOException {
        assertResumeMatches(() -> new Adagrad(0.05));
    }

    @Test
    void adadeltaResumedAfterLoadFollowsTheUninterruptedTrajectory() throws IOException {
        assertResumeMatches(() -> new Adadelta(1.0));
    }

    @Test
    void nadamResumedAfterLoadFollowsTheUninterruptedTrajectory() throws IOException {
        assertResumeMatches(() -> new Nadam(0.01));
    }

    @Test
    void adamaxResumedAfterLoadFollowsTheUninterruptedTrajectory() throws IOException {
        assertResumeMatches(() -> new Adamax(0.01));
    }

    @Test
    void adamwResumedAfterLoadFollowsTheUninterruptedTrajectory() throws IOException {
        assertResumeMatches(() -> new AdamW(0.01, 0.05, 0.9, 0.999, 1e-7, true));
    }
}
