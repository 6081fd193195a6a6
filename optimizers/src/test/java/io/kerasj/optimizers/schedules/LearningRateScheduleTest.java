package io.kerasj.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Catalog;
import io.kerasj.core.LearningRateSchedule;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each schedule against Keras's formulas, evaluated by hand at a few steps. */
class LearningRateScheduleTest {

    private static void assertRates(LearningRateSchedule schedule, long[] steps, double... expected) {
        for (int i = 0; i < steps.length; i++) {
            assertEquals(expected[i], schedule.learningRate(steps[i]), 1e-15, schedule + " at step " + steps[i]);
        }
    }

    @Test
    void exponentialDecayIsSmoothUnlessStaircase() {
        // 0.1 · 0.5^(step/10): step 5 → 0.1·√0.5 = 0.0707106781186548, step 25 → 0.1·0.5^2.5 = 0.0176776695296637.
        assertRates(new ExponentialDecay(0.1, 10, 0.5), new long[] {0, 5, 10, 25},
                0.1, 0.07071067811865475, 0.05, 0.017677669529663688);
        // Staircase: 0.5^⌊step/10⌋: 1, 1, 0.5, 0.25.
        assertRates(new ExponentialDecay(0.1, 10, 0.5, true), new long[] {0, 5, 10, 25}, 0.1, 0.1, 0.05, 0.025);
    }

    @Test
    void inverseTimeDecayDividesByOnePlusRateTimesTime() {
        // Keras's example: 0.1 / (1 + 0.5·step): 0.1, 0.1/1.5, 0.1/2.
        assertRates(new InverseTimeDecay(0.1, 1, 0.5), new long[] {0, 1, 2}, 0.1, 0.1 / 1.5, 0.05);
        // decaySteps 4: step 3 → 0.1/(1 + 0.5·0.75) = 0.1/1.375; staircase: ⌊3/4⌋ = 0 → 0.1, ⌊9/4⌋ = 2 → 0.05.
        assertRates(new InverseTimeDecay(0.1, 4, 0.5), new long[] {3}, 0.1 / 1.375);
        assertRates(new InverseTimeDecay(0.1, 4, 0.5, true), new long[] {3, 4, 9}, 0.1, 0.1 / 1.5, 0.05);
    }

    @Test
    void piecewiseConstantDecayIncludesEachBoundaryInTheEarlierPiece() {
        // step ≤ 10 → 1.0; 10 < step ≤ 20 → 0.5; step > 20 → 0.1.
        PiecewiseConstantDecay schedule = new PiecewiseConstantDecay(new double[] {10, 20},
                new double[] {1.0, 0.5, 0.1});
        assertRates(schedule, new long[] {0, 10, 11, 20, 21, 1000}, 1.0, 1.0, 0.5, 0.5, 0.1, 0.1);
    }

    @Test
    void polynomialDecayReachesTheEndRateAndStaysThere() {
        // (0.1 − 0.01)·(1 − min(step, 10)/10) + 0.01: step 5 → 0.09·0.5 + 0.01 = 0.055.
        assertRates(new PolynomialDecay(0.1, 10, 0.01), new long[] {0, 5, 10, 20}, 0.1, 0.055, 0.01, 0.01);
        // power 2: step 5 → 0.09·0.25 + 0.01 = 0.0325.
        assertRates(new PolynomialDecay(0.1, 10, 0.01, 2.0, false), new long[] {5}, 0.0325);
        // Keras's default end rate is 1e-4: 0.1 → 1e-4 at step 10.
        assertRates(new PolynomialDecay(0.1, 10), new long[] {10}, 1e-4);
    }

    @Test
    void polynomialDecayWithCycleStretchesTheSpanToTheNextMultiple() {
        // span = 10·⌈step/10⌉ (10 at step 0): step 10 → span 10, p = 1 → 0.01; step 15 → span 20, p = 0.75 →
        // 0.09·0.25 + 0.01 = 0.0325; step 20 → p = 1 → 0.01; step 21 → span 30, p = 0.7 → 0.09·0.3 + 0.01 = 0.037.
        assertRates(new PolynomialDecay(0.1, 10, 0.01, 1.0, true), new long[] {0, 10, 15, 20, 21},
                0.1, 0.01, 0.0325, 0.01, 0.037);
    }

    @Test
    void cosineDecayFollowsHalfACosine() {
        // 0.1·½(1 + cos(π·step/10)): step 5 → 0.05, step 10 and later → 0.
        assertRates(new CosineDecay(0.1, 10), new long[] {0, 5, 10, 20}, 0.1, 0.05, 0.0, 0.0);
        // decaySteps 4, step 1: ½(1 + cos(π/4)) = 0.853553390593274 → 0.0853553390593274.
        assertRates(new CosineDecay(0.1, 4), new long[] {1}, 0.1 * 0.5 * (1 + Math.sqrt(0.5)));
        // alpha 0.1: 0.1·(0.9·cosine + 0.1): step 5 → 0.1·0.55 = 0.055, step 10 → 0.01.
        assertRates(new CosineDecay(0.1, 10, 0.1), new long[] {5, 10}, 0.055, 0.01);
    }

    @Test
    void cosineDecayWarmsUpLinearlyThenDecaysFromTheTarget() {
        // From 0 to 0.1 over 5 steps (step 2 → 0.04), then 0.1·½(1 + cos(π(step − 5)/10)): step 5 → 0.1,
        // step 10 → 0.05, step 15 and later → 0.
        CosineDecay schedule = new CosineDecay(0.0, 10, 0.0, "CosineDecay", 0.1, 5);
        assertRates(schedule, new long[] {0, 2, 5, 10, 15, 100}, 0.0, 0.04, 0.1, 0.05, 0.0, 0.0);
        // From 0.02: 0.02 + (0.1 − 0.02)·1/4 = 0.04 at step 1 of 4.
        assertRates(new CosineDecay(0.02, 10, 0.0, null, 0.1, 4), new long[] {1}, 0.04);
    }

    @Test
    void schedulesComeBackFromTheirConfigsThroughTheCatalog() {
        LearningRateSchedule[] schedules = {new ExponentialDecay(0.1, 10, 0.5, true),
                new InverseTimeDecay(0.1, 4, 0.5),
                new PiecewiseConstantDecay(new double[] {3, 7}, new double[] {3, 2, 1}),
                new PolynomialDecay(0.1, 10, 0.01, 2.0, true), new CosineDecay(0.0, 10, 0.2, "warm", 0.1, 5)};
        for (LearningRateSchedule schedule : schedules) {
            LearningRateSchedule copy = Catalog.schedule(schedule.className(), schedule.config());
            assertEquals(schedule.config(), copy.config());
            for (long step = 0; step < 30; step++) {
                assertEquals(schedule.learningRate(step), copy.learningRate(step), 0.0, schedule + " at " + step);
            }
        }
    }

    @Test
    void badArgumentsAreRefusedWithKerasWording() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExponentialDecay(0.1, 0, 0.5));
        assertTrue(e.getMessage().contains("decay_steps=0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new PiecewiseConstantDecay(new double[] {10}, new double[] {1.0}));
        assertThrows(IllegalArgumentException.class,
                () -> new PiecewiseConstantDecay(new double[] {10, 5}, new double[] {1.0, 0.5, 0.1}));
        assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.1, 10, 0.0, null, 0.1, -1));
        assertThrows(IllegalArgumentException.class,
                () -> ExponentialDecay.fromConfig(Map.of("initial_learning_rate", 0.1, "decay_steps", 10)));
        assertThrows(IllegalArgumentException.class, () -> Catalog.schedule("NoSuchDecay", Map.of()));
    }
}
