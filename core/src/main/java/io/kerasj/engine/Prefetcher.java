package io.kerasj.engine;

import io.kerasj.data.Dataset;
import io.kerasj.datasets.DatasetException;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a dataset's batches on a thread of its own, a few ahead of the training step (tf.data's
 * {@code prefetch}): parsing a file and building arrays overlap with training instead of adding to it.
 *
 * <p>The queue is bounded, so the reader stops {@link #DEPTH} batches ahead. An exception in the reader reaches
 * the caller at the batch where it happened, as a {@link DatasetException} with the reader's exception as its
 * cause. The thread ends when the pass ends, when the reader fails, or when {@link #close()} is called (at the end
 * of {@code fit}, or when it fails or is stopped); close waits for it, so no thread outlives the loop.
 */
final class Prefetcher implements Dataset.Cursor {

    /** Batches read ahead: enough to hide a reader's jitter, few enough to bound the memory held. */
    static final int DEPTH = 4;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final long JOIN_NANOS = 10_000_000_000L;
    private static final Logger log = LoggerFactory.getLogger(Prefetcher.class);

    /** What the queue carries: a batch, the end of the pass, or the reader's failure. */
    private record Item(Dataset.Batch batch, Throwable failure) {}

    private static final Item END = new Item(null, null);

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(DEPTH);
    private final Thread reader;
    private Item head;
    private boolean finished;

    /** Starts reading {@code source} at once; the prefetcher owns it and closes it. */
    Prefetcher(Dataset.Cursor source) {
        reader = new Thread(() -> read(source), "kerasj-prefetch-" + THREADS.incrementAndGet());
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Dataset.Cursor source) {
        Item last = END;
        try (source) {
            while (source.hasNext()) {
                queue.put(new Item(source.next(), null));
            }
        } catch (InterruptedException e) {
            // Closed by the consumer: nobody waits for the end marker.
            return;
        } catch (Throwable t) {
            last = new Item(null, t);
        }
        try {
            queue.put(last);
        } catch (InterruptedException e) {
            // Closed while handing over the end: nobody is left to read it.
        }
    }

    @Override public boolean hasNext() {
        if (finished) {
            return false;
        }
        if (head == null) {
            try {
                head = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatasetException("Dataset: interrupted while waiting for the next batch", e);
            }
        }
        if (head.failure() != null) {
            Throwable failure = head.failure();
            finished = true;
            head = null;
            join();
            throw new DatasetException("Dataset: reading the next batch failed: " + (failure.getMessage() != null
                    ? failure.getMessage() : failure.toString()), failure);
        }
        if (head == END) {
            finished = true;
            head = null;
            join();
            return false;
        }
        return true;
    }

    @Override public Dataset.Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the dataset's pass has ended");
        }
        Dataset.Batch batch = head.batch();
        head = null;
        return batch;
    }

    /** Stops the reader (it closes its source) and waits for its thread to end. */
    @Override public void close() {
        finished = true;
        head = null;
        reader.interrupt();
        join();
        queue.clear();
    }

    /**
     * Waits for the reader to end. A reader blocked where an interrupt does not reach (a socket read) is left to
     * end by itself, with a warning, rather than hanging the caller: it is a daemon thread.
     */
    private void join() {
        boolean interrupted = false;
        long deadline = System.nanoTime() + JOIN_NANOS;
        while (reader.isAlive() && System.nanoTime() < deadline) {
            try {
                reader.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (reader.isAlive()) {
            log.warn("The dataset's reader thread {} did not stop within {} s of being asked; it is left to end by "
                    + "itself", reader.getName(), JOIN_NANOS / 1_000_000_000L);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
