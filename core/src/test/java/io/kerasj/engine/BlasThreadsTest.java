package io.kerasj.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;

/** Two models training at once in one JVM share one BLAS thread setting and do not undo each other's. */
class BlasThreadsTest {

    @Test
    void fitsRunningAtOnceShareOneCountAndTheLastToEndRestoresIt() {
        Blas blas = Nd4j.factory().blas();
        int before = blas.getMaxThreads();
        blas.setMaxThreads(2);
        try {
            HostOps first = new HostOps(Backends.portable(), true);
            HostOps second = new HostOps(Backends.portable(), true);
            BlasThreads large = new BlasThreads(first, 256, false);
            assertEquals(2, blas.getMaxThreads(), "a batch of 256 keeps the count found");
            assertFalse(first.splitLoops(false), "no split loops beside two BLAS threads");

            BlasThreads small = new BlasThreads(second, 32, false);
            assertEquals(1, blas.getMaxThreads(), "a second fit wanting another count: one thread for both");
            assertTrue(second.splitLoops(true), "the second model's own loops split with one BLAS thread");

            large.close();
            assertEquals(1, blas.getMaxThreads(), "the first to end leaves the count of the one still running");
            small.close();
            assertEquals(2, blas.getMaxThreads(), "the last to end restores the count found before the first");
        } finally {
            blas.setMaxThreads(before);
        }
    }

    @Test
    void eachHostEngineHasItsOwnLoopSetting() {
        HostOps one = new HostOps(Backends.portable(), true);
        HostOps other = new HostOps(Backends.portable(), true);
        one.splitLoops(true);
        other.splitLoops(false);
        assertTrue(one.splitLoops(true));
        assertFalse(other.splitLoops(false));
    }
}
