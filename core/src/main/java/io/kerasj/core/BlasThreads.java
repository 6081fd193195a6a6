package io.kerasj.core;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The number of BLAS threads for one {@code fit}, restored when it ends.
 *
 * <p>Why: the products of a small batch are too small to split. On 2 cores, OpenBLAS's second thread costs more
 * in hand-offs and spinning than it saves (784-128-64-10 at batch 32: about 19,000 samples/s with two threads,
 * 29,000 with one), while batches of 256 gain from both cores. So batches of at most {@value #SMALL_BATCH} rows
 * train with one BLAS thread, larger ones with ND4J's default. The system property {@code kerasj.blasThreads}
 * overrides the choice. Java's element-wise loops are split across the cores only with one BLAS thread (see
 * {@link Kernels#splitLoops(boolean)}).
 *
 * <p>A batch large enough to be worked through in chunks also trains with one BLAS thread when there are two
 * cores or more: its two halves then run side by side, one on each core (see
 * {@link TrainingStep#computeGradients}). Full-batch MNIST's products gain nothing from OpenBLAS's second thread,
 * and 1.5× from the second half.
 */
final class BlasThreads implements AutoCloseable {

    static final int SMALL_BATCH = 64;

    private final Blas blas;
    private final int previous;
    private final boolean previousSplit;

    /** @param chunked whether a batch of {@code batchSize} rows is worked through in chunks */
    BlasThreads(int batchSize, boolean chunked) {
        this.blas = Nd4j.factory().blas();
        this.previous = blas.getMaxThreads();
        String override = System.getProperty("kerasj.blasThreads");
        boolean halves = chunked && Runtime.getRuntime().availableProcessors() >= 2;
        int threads = override != null ? Integer.parseInt(override.trim())
                : batchSize <= SMALL_BATCH || halves ? 1 : previous;
        if (threads <= 0) {
            threads = previous;
        }
        if (threads != previous) {
            blas.setMaxThreads(threads);
        }
        // Java's own loops take the other cores only when no BLAS thread is spinning on them.
        this.previousSplit = Kernels.splitLoops(threads == 1);
    }

    @Override public void close() {
        Kernels.splitLoops(previousSplit);
        if (blas.getMaxThreads() != previous) {
            blas.setMaxThreads(previous);
        }
    }
}
