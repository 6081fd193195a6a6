package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.callbacks.LearningRateScheduler;
import io.kerasj.callbacks.ReduceLROnPlateau;
import io.kerasj.core.BaseOptimizer;
import io.kerasj.core.FitOptions;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.optimizers.SGD;
import io.kerasj.optimizers.schedules.ExponentialDecay;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A model trained with a learning rate schedule: the rate of each step, saving, and the callbacks that set rates. */
class ScheduleTrainingTest {

    private static final INDArray X = Nd4j.createFromArray(new double[][] {{1.0}});
    private static final INDArray Y = Nd4j.createFromArray(new double[][] {{0.0}});

    /** z = w·x + b with w = 1, b = 0, under MSE, so L = (w + b)² for x = 1, y = 0; SGD at 0.1·0.5^step. */
    private static Sequential quadratic() {
        Sequential model = new Sequential(DataType.DOUBLE, new Dense(1));
        model.build(1);
        model.compile(new SGD(new ExponentialDecay(0.1, 1, 0.5)), "mse");
        model.setWeights(List.of(Nd4j.createFromArray(new double[][] {{1.0}}), Nd4j.createFromArray(0.0)));
        return model;
    }

    @Test
    void eachStepUsesTheRateOfTheStepCountBeforeIt() {
        // s = w + b; ∂L/∂w = ∂L/∂b = 2s, so a step at rate lr moves each by −2·lr·s and s by −4·lr·s.
        // lr 0.1, 0.05, 0.025: s = 1 → 0.6 → 0.48 → 0.432 and w = 1 → 0.8 → 0.74 → 0.716; the losses reported are
        // those before each step, s²: 1, 0.36, 0.2304. (A constant 0.1 would give s = 0.6, 0.36, 0.216.)
        Sequential model = quadratic();
        double[] losses = {1.0, 0.36, 0.2304};
        double[] w = {0.8, 0.74, 0.716};
        for (int t = 0; t < 3; t++) {
            assertEquals(losses[t], model.trainOnBatch(X, Y).get("loss"), 1e-12);
            assertEquals(w[t], model.getWeights().get(0).getDouble(0), 1e-12);
        }
        assertEquals(0.0125, model.optimizer().learningRate(), 1e-15);
    }

    @Test
    void theScheduleAndItsPositionAreSavedWithTheModel(@TempDir Path dir) throws Exception {
        Sequential model = quadratic();
        model.trainOnBatch(X, Y);
        model.trainOnBatch(X, Y);
        Path file = dir.resolve("scheduled.kjm");
        model.save(file);

        Sequential loaded = Sequential.load(file);

        BaseOptimizer optimizer = (BaseOptimizer) loaded.optimizer();
        assertEquals(new ExponentialDecay(0.1, 1, 0.5).config(), optimizer.learningRateSchedule().config());
        assertEquals(2, optimizer.iterations());
        assertEquals(0.025, optimizer.learningRate(), 1e-15);
        // The third step continues at 0.025 in both: w = 0.74 − 2·0.025·0.48 = 0.716.
        model.trainOnBatch(X, Y);
        loaded.trainOnBatch(X, Y);
        assertEquals(0.716, loaded.getWeights().get(0).getDouble(0), 1e-12);
        assertEquals(model.getWeights().get(0).getDouble(0), loaded.getWeights().get(0).getDouble(0), 0.0);
    }

    @Test
    void learningRateSchedulerRefusesAScheduledOptimizer() {
        Sequential model = quadratic();
        FitOptions options = new FitOptions().epochs(2).verbose(0)
                .callbacks(new LearningRateScheduler(epoch -> 0.01));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.fit(X, Y, options));
        assertTrue(e.getMessage().contains("ExponentialDecay") && e.getMessage().contains("cannot be set"),
                e.getMessage());
    }

    @Test
    void reduceLROnPlateauRefusesAScheduledOptimizerWhenItWouldReduce() {
        // With min_delta 10 no epoch counts as an improvement: the second epoch end would reduce the rate.
        Sequential model = quadratic();
        FitOptions options = new FitOptions().epochs(3).verbose(0)
                .callbacks(new ReduceLROnPlateau("loss", 0.5, 1, 10.0, 0, 0.0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.fit(X, Y, options));
        assertTrue(e.getMessage().contains("cannot be set"), e.getMessage());
    }
}
