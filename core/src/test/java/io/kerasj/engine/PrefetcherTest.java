package io.kerasj.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.kerasj.data.Dataset;
import io.kerasj.datasets.DatasetException;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class PrefetcherTest {

    /** Whether a prefetch thread is alive now. */
    static boolean prefetchThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("kerasj-prefetch-") && t.isAlive());
    }

    /** Samples 0, 1, 2, ... with no end, counting those read and noting the close. */
    private static final class Endless implements Iterator<Dataset.Sample>, AutoCloseable {
        final AtomicInteger read;
        final AtomicBoolean closed;

        Endless(AtomicInteger read, AtomicBoolean closed) {
            this.read = read;
            this.closed = closed;
        }

        @Override public boolean hasNext() {
            return true;
        }

        @Override public Dataset.Sample next() {
            return new Dataset.Sample(new double[] {read.getAndIncrement()}, new double[] {0});
        }

        @Override public void close() {
            closed.set(true);
        }
    }

    @Test
    void givesEveryBatchInOrderAndItsThreadEndsWithThePass() {
        Dataset data = Dataset.fromArrays(org.nd4j.linalg.factory.Nd4j.arange(0, 10).reshape(10, 1), null).batch(3);
        double next = 0;
        try (Prefetcher prefetcher = new Prefetcher(data.open(DataType.DOUBLE, 0, 0))) {
            while (prefetcher.hasNext()) {
                for (double v : prefetcher.next().x().toDoubleVector()) {
                    assertEquals(next++, v);
                }
            }
            // The end was reached: the reader has finished without a close.
            assertFalse(prefetchThreadAlive());
        }
        assertEquals(10, next);
    }

    @Test
    void readsOnlyAFewBatchesAheadAndCloseEndsTheReaderAndItsSource() throws Exception {
        AtomicInteger read = new AtomicInteger();
        AtomicBoolean closed = new AtomicBoolean();
        Dataset data = Dataset.fromSamples(() -> new Endless(read, closed)).batch(2);
        Prefetcher prefetcher = new Prefetcher(data.open(DataType.DOUBLE, 0, 0));
        prefetcher.next();
        Thread.sleep(200);
        // One batch taken, DEPTH queued, and one being put when the queue was full: at most (DEPTH + 2) batches.
        assertTrue(read.get() <= 2 * (Prefetcher.DEPTH + 2), "read " + read.get() + " samples");
        assertTrue(prefetchThreadAlive());
        prefetcher.close();
        assertFalse(prefetchThreadAlive());
        assertTrue(closed.get(), "the source is closed with the prefetcher");
        assertFalse(prefetcher.hasNext());
    }

    @Test
    void aFailureInTheReaderReachesTheCallerWithItsCause() {
        IllegalStateException broken = new IllegalStateException("disk on fire at sample 5");
        Dataset data = Dataset.fromSamples(() -> new Iterator<Dataset.Sample>() {
            int i;

            @Override public boolean hasNext() {
                return true;
            }

            @Override public Dataset.Sample next() {
                if (i == 5) {
                    throw broken;
                }
                return new Dataset.Sample(new double[] {i++});
            }
        }).batch(2);
        try (Prefetcher prefetcher = new Prefetcher(data.open(DataType.DOUBLE, 0, 0))) {
            prefetcher.next();
            prefetcher.next();
            DatasetException e = assertThrows(DatasetException.class, prefetcher::next);
            assertSame(broken, e.getCause());
            assertEquals("Dataset: reading the next batch failed: disk on fire at sample 5", e.getMessage());
            assertFalse(prefetchThreadAlive());
        }
    }
}
