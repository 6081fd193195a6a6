package io.kerasj.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.BaseOptimizer;
import io.kerasj.core.Catalog;
import io.kerasj.core.Optimizer;
import io.kerasj.core.Parameters;
import io.kerasj.ops.Ops;
import io.kerasj.optimizers.schedules.ExponentialDecay;
import io.kerasj.optimizers.schedules.PiecewiseConstantDecay;
import io.kerasj.optimizers.schedules.PolynomialDecay;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Optimizers given a learning rate schedule: the rate of each step is the schedule's at the step count before it. */
class ScheduledOptimizerTest {

    private static final Ops OPS = Ops.forBackend();

    /** One float64 weight. */
    private static Parameters parameter(double value) {
        INDArray flat = Nd4j.createFromArray(value);
        INDArray grads = flat.ulike().assign(0);
        return new Parameters(flat, grads, List.of(flat), List.of(grads), OPS);
    }

    private static void step(Optimizer optimizer, Parameters p, double gradient) {
        p.gradients().assign(gradient);
        optimizer.step(p);
    }

    @Test
    void sgdTakesEachStepAtTheScheduledRate() {
        // lr(step) = 0.1·0.5^step: 0.1, 0.05, 0.025; with g = 1 each step, θ = 1 → 0.9 → 0.85 → 0.825.
        SGD sgd = new SGD(new ExponentialDecay(0.1, 1, 0.5));
        Parameters p = parameter(1.0);
        assertEquals(0.1, sgd.learningRate(), 1e-15);
        double[] expected = {0.9, 0.85, 0.825};
        double[] nextRate = {0.05, 0.025, 0.0125};
        for (int t = 0; t < 3; t++) {
            step(sgd, p, 1.0);
            assertEquals(expected[t], p.values().getDouble(0), 1e-15);
            assertEquals(t + 1, sgd.iterations());
            assertEquals(nextRate[t], sgd.learningRate(), 1e-15, "the rate of the next step");
        }
    }

    @Test
    void weightDecayUsesTheScheduledRateToo() {
        // g = 0, wd = 0.1: θ ← θ·(1 − lr·wd): 1 → 1 − 0.1·0.1 = 0.99 → 0.99·(1 − 0.05·0.1) = 0.98505.
        SGD sgd = new SGD(new ExponentialDecay(0.1, 1, 0.5), 0.0, false, 0.1, 0.0, 0.0);
        Parameters p = parameter(1.0);
        step(sgd, p, 0.0);
        assertEquals(0.99, p.values().getDouble(0), 1e-15);
        step(sgd, p, 0.0);
        assertEquals(0.98505, p.values().getDouble(0), 1e-15);
    }

    @Test
    void adamWTakesEachStepAtTheScheduledRate() {
        // Adam's rule written out for g = 0.5 twice, at lr 0.5 (step 0 ≤ boundary 0) and then 0.1:
        // m1 = 0.1·g, v1 = 0.001·g², α1 = 0.5·√(1 − 0.999)/(1 − 0.9); m2 = 0.9·m1 + 0.1·g, v2 = 0.999·v1 + 0.001·g²,
        // α2 = 0.1·√(1 − 0.999²)/(1 − 0.9²); θ ← θ − α·m/(√v + 1e-7). Each moves θ by about its rate.
        double g = 0.5;
        double m1 = 0.1 * g;
        double v1 = 0.001 * g * g;
        double theta1 = 1.0 - 0.5 * Math.sqrt(1 - 0.999) / (1 - 0.9) * m1 / (Math.sqrt(v1) + 1e-7);
        double m2 = 0.9 * m1 + 0.1 * g;
        double v2 = 0.999 * v1 + 0.001 * g * g;
        double theta2 = theta1 - 0.1 * Math.sqrt(1 - 0.999 * 0.999) / (1 - 0.81) * m2 / (Math.sqrt(v2) + 1e-7);
        AdamW adamw = new AdamW(new PiecewiseConstantDecay(new double[] {0}, new double[] {0.5, 0.1}), 0.0);
        Parameters p = parameter(1.0);
        step(adamw, p, g);
        assertEquals(theta1, p.values().getDouble(0), 1e-14);
        assertEquals(0.5, 1.0 - theta1, 1e-5);
        step(adamw, p, g);
        assertEquals(theta2, p.values().getDouble(0), 1e-14);
    }

    @Test
    void settingARateOnAScheduledOptimizerIsRefused() {
        SGD sgd = new SGD(new ExponentialDecay(0.1, 1, 0.5));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sgd.setLearningRate(0.01));
        assertTrue(e.getMessage().contains("ExponentialDecay") && e.getMessage().contains("cannot be set"),
                e.getMessage());
    }

    @Test
    void restoredIterationsResumeTheSchedule() {
        // Five steps done: the next is at 0.1·0.5^5 = 0.003125.
        SGD sgd = new SGD(new ExponentialDecay(0.1, 1, 0.5));
        sgd.setState(Map.of(), 5);
        assertEquals(0.003125, sgd.learningRate(), 1e-15);
    }

    @Test
    void aScheduleGoingNegativeStopsTrainingWithAClearError() {
        // 0.1 → −0.1 linearly over 2 steps: 0.1, 0.0, then −0.1 for the third step.
        SGD sgd = new SGD(new PolynomialDecay(0.1, 2, -0.1));
        Parameters p = parameter(1.0);
        step(sgd, p, 1.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> step(sgd, p, 1.0));
        assertTrue(e.getMessage().contains("PolynomialDecay gave -0.1 at step 2"), e.getMessage());
    }

    @Test
    void theScheduleIsSavedInTheConfigAsKerasSerializesIt() {
        ExponentialDecay schedule = new ExponentialDecay(0.1, 10, 0.5, true);
        for (Optimizer optimizer : List.of(new SGD(schedule, 0.9, true), new Adam(schedule), new AdamW(schedule),
                new RMSprop(schedule), new Adagrad(schedule), new Adadelta(schedule), new Nadam(schedule),
                new Adamax(schedule))) {
            Map<String, Object> config = optimizer.config();
            Map<?, ?> saved = assertInstanceOf(Map.class, config.get("learning_rate"));
            assertEquals("ExponentialDecay", saved.get("class_name"));
            assertEquals(schedule.config(), saved.get("config"));
            BaseOptimizer copy = (BaseOptimizer) Catalog.optimizer(optimizer.name(), config);
            assertEquals(schedule.config(), copy.learningRateSchedule().config(), optimizer.name());
            assertEquals(config, copy.config(), optimizer.name());
        }
    }

    @Test
    void kerasModuleAndRegisteredNameAreAcceptedOnLoad() {
        Map<String, Object> serialized = Map.of("module", "keras.optimizers.schedules", "class_name",
                "ExponentialDecay", "registered_name", "ExponentialDecay", "config",
                Map.of("initial_learning_rate", 0.1, "decay_steps", 1, "decay_rate", 0.5));
        BaseOptimizer sgd = (BaseOptimizer) Catalog.optimizer("sgd", Map.of("learning_rate", serialized));
        assertInstanceOf(ExponentialDecay.class, sgd.learningRateSchedule());
        assertEquals(0.1, sgd.learningRate(), 1e-15);
    }
}
