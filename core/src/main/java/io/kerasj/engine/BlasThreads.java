package io.kerasj.engine;

import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The number of BLAS threads while a {@code fit} runs, restored when the last running fit ends.
 *
 * <p>Why: the products of a small batch are too small to split. On 2 cores, OpenBLAS's second thread costs more
 * in hand-offs and spinning than it saves (784-128-64-10 at batch 32: about 19,000 samples/s with two threads,
 * 29,000 with one), while batches of 256 gain from both cores. So batches of at most {@value #SMALL_BATCH} rows
 * train with one BLAS thread, larger ones with ND4J's default. The system property {@value #PROPERTY} overrides the
 * choice. The host engine's element-wise loops are split across the cores only with one BLAS thread: after each
 * product, OpenBLAS's other threads spin for about 0.1 s waiting for the next one, and a Java thread sharing a core
 * with one of them gets half of it (784-512-256-10 at batch 256, alternately: 1.29 s/epoch unsplit, 1.35 split).
 *
 * <p>A batch large enough to be worked through in chunks also trains with one BLAS thread when there are two
 * cores or more: its two halves then run side by side, one on each core (see
 * {@link TrainingStep#computeGradients}). Full-batch MNIST's products gain nothing from OpenBLAS's second thread,
 * and 1.5× from the second half.
 *
 * <p>The thread count is OpenBLAS's, one for the whole process. So that two models training at once in one JVM do
 * not change each other's count half-way, the fits running at one time share one setting: the first sets it, a
 * later one that wants another count gets one thread for all of them (with two fits running, one thread each is
 * what two cores hold), and the last to end restores the count found before the first. The portable engine leaves
 * the threads to ND4J.
 */
final class BlasThreads implements AutoCloseable {

    static final int SMALL_BATCH = 64;
    /** The system property that fixes the BLAS threads of every fit. */
    static final String PROPERTY = "kerasj.blasThreads";

    /** The fits running now, the count before the first of them, and the count they run with. */
    private static int running;
    private static int original;
    private static int shared;

    private final HostOps host;
    private final boolean previousSplit;

    /** @param chunked whether a batch of {@code batchSize} rows is worked through in chunks */
    BlasThreads(Ops ops, int batchSize, boolean chunked) {
        this.host = ops instanceof HostOps h ? h : null;
        if (host == null) {
            this.previousSplit = false;
            return;
        }
        int threads;
        synchronized (BlasThreads.class) {
            Blas blas = Nd4j.factory().blas();
            if (running == 0) {
                original = blas.getMaxThreads();
            }
            int wanted = wanted(batchSize, chunked, original);
            shared = running == 0 || shared == wanted ? wanted : 1;
            running++;
            if (blas.getMaxThreads() != shared) {
                blas.setMaxThreads(shared);
            }
            threads = shared;
        }
        // Java's own loops take the other cores only when no BLAS thread is spinning on them.
        this.previousSplit = host.splitLoops(threads == 1);
    }

    /** The count a fit of this batch size wants, given the count ND4J started with. */
    private static int wanted(int batchSize, boolean chunked, int initial) {
        String override = System.getProperty(PROPERTY);
        boolean halves = chunked && Runtime.getRuntime().availableProcessors() >= 2;
        int threads = override != null ? Integer.parseInt(override.trim())
                : batchSize <= SMALL_BATCH || halves ? 1 : initial;
        return threads <= 0 ? initial : threads;
    }

    @Override public void close() {
        if (host == null) {
            return;
        }
        host.splitLoops(previousSplit);
        synchronized (BlasThreads.class) {
            running--;
            Blas blas = Nd4j.factory().blas();
            if (running == 0 && blas.getMaxThreads() != original) {
                blas.setMaxThreads(original);
            }
        }
    }
}
