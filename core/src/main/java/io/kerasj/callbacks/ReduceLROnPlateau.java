package io.kerasj.callbacks;

import io.kerasj.core.Callback;
import io.kerasj.core.Optimizer;
import io.kerasj.core.Sequential;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multiplies the learning rate by {@code factor} when a monitored quantity has not improved for {@code patience}
 * epochs, as Keras's {@code ReduceLROnPlateau}.
 *
 * <p>At each epoch end: a value that beats the best by more than {@code minDelta} becomes the best and resets the
 * wait. During a cooldown (the {@code cooldown} epochs after a reduction) the wait stays at 0. Otherwise the wait
 * grows, and when it reaches {@code patience} the rate becomes max(rate × factor, minLr), if it is still above
 * minLr, and a cooldown starts.
 *
 * <p>Defaults as Keras: monitor "val_loss", factor 0.1, patience 10, mode "auto" (max for keys containing
 * "acc", else min), minDelta 1e-4, cooldown 0, minLr 0.
 */
public final class ReduceLROnPlateau implements Callback {

    private static final Logger log = LoggerFactory.getLogger(ReduceLROnPlateau.class);

    private final Monitor monitor;
    private final double factor;
    private final int patience;
    private final double minDelta;
    private final int cooldown;
    private final double minLr;

    private Sequential model;
    private double best;
    private int wait;
    private int cooldownCounter;

    /** Keras's defaults. */
    public ReduceLROnPlateau() {
        this("val_loss", 0.1, 10);
    }

    public ReduceLROnPlateau(String monitor, double factor, int patience) {
        this(monitor, factor, patience, 1e-4, 0, 0.0);
    }

    public ReduceLROnPlateau(String monitor, double factor, int patience, double minDelta, int cooldown, double minLr) {
        this(monitor, factor, patience, "auto", minDelta, cooldown, minLr);
    }

    /**
     * @param factor   in (0, 1): the rate is multiplied by it (0 would stop the optimizer, which needs a rate &gt; 0)
     * @param patience epochs without improvement before a reduction, ≥ 0
     * @param mode     "auto", "min" or "max"
     * @param minDelta smallest change that counts as an improvement, ≥ 0
     * @param cooldown epochs to wait after a reduction before counting again, ≥ 0
     * @param minLr    the rate is never reduced below this, ≥ 0
     */
    public ReduceLROnPlateau(String monitor, double factor, int patience, String mode, double minDelta, int cooldown,
                             double minLr) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("ReduceLROnPlateau does not support a factor >= 1.0 or <= 0. "
                    + "Received: factor=" + factor);
        }
        if (patience < 0 || cooldown < 0 || !(minDelta >= 0) || !(minLr >= 0)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience, cooldown, minDelta and minLr must be >= 0."
                    + " Received: patience=" + patience + ", cooldown=" + cooldown + ", minDelta=" + minDelta
                    + ", minLr=" + minLr);
        }
        this.monitor = new Monitor("ReduceLROnPlateau", monitor, mode);
        this.factor = factor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.cooldown = cooldown;
        this.minLr = minLr;
        reset();
    }

    private void reset() {
        best = monitor.worst();
        wait = 0;
        cooldownCounter = 0;
        monitor.reset();
    }

    @Override public void setModel(Sequential model) {
        this.model = model;
    }

    @Override public void onTrainBegin(Map<String, Double> logs) {
        reset();
    }

    /** Adds the epoch's learning rate to the logs as "learning_rate", as Keras does, before any reduction. */
    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put("learning_rate", model.optimizer().learningRate());
        Double current = monitor.value(logs, log, "Learning rate reduction");
        if (current == null) {
            return;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (monitor.improves(current, best, minDelta)) {
            best = current;
            wait = 0;
        } else if (cooldownCounter == 0) {
            wait++;
            if (wait >= patience) {
                Optimizer optimizer = model.optimizer();
                double old = optimizer.learningRate();
                // Keras compares in float32, the precision its learning rate variable holds.
                if ((float) old > (float) minLr) {
                    double updated = Math.max(old * factor, minLr);
                    if (updated > 0) {
                        optimizer.setLearningRate(updated);
                        log.info("Epoch {}: ReduceLROnPlateau reducing learning rate to {}.", epoch + 1, updated);
                    }
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }
}
