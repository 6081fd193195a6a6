package io.kerasj.examples;

/**
 * Watches the loss at the checkpoints a program prints. Full-batch gradient descent with a small enough learning
 * rate lowers the loss at every step, so a checkpoint whose loss is above the lowest one before it says the rate
 * is too large: the loss oscillates (or diverges). One such checkpoint could be noise when the batches are small,
 * so it takes {@value #RISES}; a loss that is no longer finite counts at once.
 */
final class RisingLoss {

    static final int RISES = 2;

    private double lowest = Double.POSITIVE_INFINITY;
    private int rises;
    private boolean reported;

    /**
     * Records the loss at a checkpoint; true once, at the checkpoint where the loss has risen above an earlier
     * checkpoint's {@value #RISES} times (or is NaN or infinite).
     */
    boolean record(double loss) {
        if (!Double.isFinite(loss)) {
            rises = RISES;
        } else if (loss > lowest) {
            rises++;
        }
        lowest = Math.min(lowest, loss);
        if (rises >= RISES && !reported) {
            reported = true;
            return true;
        }
        return false;
    }

    /** Whether {@link #record} has reported a rising loss. */
    boolean rose() {
        return reported;
    }
}
