package io.kerasj.examples;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class RisingLossTest {

    private static boolean[] record(double... losses) {
        RisingLoss watch = new RisingLoss();
        boolean[] reported = new boolean[losses.length];
        for (int i = 0; i < losses.length; i++) {
            reported[i] = watch.record(losses[i]);
        }
        return reported;
    }

    @Test
    void aFallingLossIsNeverReported() {
        // The tutorial's MNIST checkpoints: 2.3026, 0.3521, 0.3184, ..., 0.2702.
        assertArrayEquals(new boolean[5], record(2.3026, 0.3521, 0.3184, 0.2725, 0.2702));
    }

    @Test
    void oneRiseIsNotEnough() {
        assertArrayEquals(new boolean[4], record(2.3, 0.9, 1.1, 0.8));
    }

    @Test
    void theSecondCheckpointAboveAnEarlierOneIsReportedOnce() {
        // 0.9 is the lowest after the second checkpoint; 1.1 and 1.0 are above it: reported at 1.0, then never again.
        assertArrayEquals(new boolean[] {false, false, false, true, false, false}, record(2.3, 0.9, 1.1, 1.0, 1.4, 2.0));
    }

    @Test
    void aLossThatIsNoLongerFiniteIsReportedAtOnce() {
        assertArrayEquals(new boolean[] {false, true}, record(2.3, Double.NaN));
        assertArrayEquals(new boolean[] {false, false, true}, record(2.3, 1.0, Double.POSITIVE_INFINITY));
    }

    @Test
    void roseSaysWhetherItWasReported() {
        RisingLoss watch = new RisingLoss();
        watch.record(1.0);
        watch.record(2.0);
        assertFalse(watch.rose());
        watch.record(3.0);
        assertTrue(watch.rose());
    }
}
