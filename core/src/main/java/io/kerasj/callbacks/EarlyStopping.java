package io.kerasj.callbacks;

import io.kerasj.core.Callback;
import io.kerasj.core.Sequential;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops training when a monitored quantity has stopped improving, as Keras 3's {@code EarlyStopping}.
 *
 * <p>At the end of each epoch from {@code startFromEpoch} on: the value improves if it beats the best so far by
 * more than {@code minDelta}; an improvement that also beats {@code baseline} (when given) resets the wait.
 * Training stops once {@code patience} epochs have passed without that reset (never at epoch 0). With
 * {@code restoreBestWeights}, the weights of the best epoch are put back at the end of training, whether it
 * stopped early or ran all its epochs (Keras 3 behaviour; Keras 2 restored only after an early stop).
 *
 * <p>Defaults as Keras: monitor "val_loss", minDelta 0, patience 0, mode "auto" (see below), no baseline,
 * restoreBestWeights false, startFromEpoch 0. Mode "auto" maximizes keys containing "acc" and minimizes the
 * rest. A monitor missing from the logs is skipped with a warning listing the keys available.
 */
public final class EarlyStopping implements Callback {

    private static final Logger log = LoggerFactory.getLogger(EarlyStopping.class);

    private final Monitor monitor;
    private final double minDelta;
    private final int patience;
    private final Double baseline;
    private final boolean restoreBestWeights;
    private final int startFromEpoch;

    private Sequential model;
    private int wait;
    private int stoppedEpoch;
    private Double best;
    private int bestEpoch;
    private List<INDArray> bestWeights;

    /** Keras's defaults: monitor "val_loss", patience 0. */
    public EarlyStopping() {
        this("val_loss", 0);
    }

    public EarlyStopping(String monitor, int patience) {
        this(monitor, 0.0, patience, "auto", null, false, 0);
    }

    public EarlyStopping(String monitor, int patience, boolean restoreBestWeights) {
        this(monitor, 0.0, patience, "auto", null, restoreBestWeights, 0);
    }

    /**
     * @param monitor            log key to watch: "loss", "accuracy", "val_loss", "val_accuracy", ...
     * @param minDelta           smallest change that counts as an improvement; its sign is ignored
     * @param patience           epochs without improvement before stopping, ≥ 0
     * @param mode               "auto", "min" or "max"
     * @param baseline           a value the monitor must beat for the wait to reset, or null
     * @param restoreBestWeights put the best epoch's weights back at the end of training
     * @param startFromEpoch     epochs to ignore at the start (warm-up), ≥ 0
     */
    public EarlyStopping(String monitor, double minDelta, int patience, String mode, Double baseline,
                         boolean restoreBestWeights, int startFromEpoch) {
        if (patience < 0 || startFromEpoch < 0 || !Double.isFinite(minDelta)) {
            throw new IllegalArgumentException("EarlyStopping: patience and startFromEpoch must be >= 0 and minDelta "
                    + "finite. Received: patience=" + patience + ", startFromEpoch=" + startFromEpoch
                    + ", minDelta=" + minDelta);
        }
        this.monitor = new Monitor("EarlyStopping", monitor, mode);
        this.minDelta = Math.abs(minDelta);
        this.patience = patience;
        this.baseline = baseline;
        this.restoreBestWeights = restoreBestWeights;
        this.startFromEpoch = startFromEpoch;
    }

    @Override public void setModel(Sequential model) {
        this.model = model;
    }

    @Override public void onTrainBegin(Map<String, Double> logs) {
        // Reset, so one instance can serve several fit calls, as in Keras.
        wait = 0;
        stoppedEpoch = 0;
        best = null;
        bestEpoch = 0;
        bestWeights = null;
        monitor.reset();
    }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double current = monitor.value(logs, log, "Early stopping");
        if (current == null || epoch < startFromEpoch) {
            return;
        }
        if (restoreBestWeights && bestWeights == null) {
            // Until something improves, the first watched epoch's weights are the best known.
            bestWeights = model.getWeights();
            bestEpoch = epoch;
        }
        wait++;
        if (best == null || monitor.improves(current, best, minDelta)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                bestWeights = model.getWeights();
            }
            if (baseline == null || monitor.improves(current, baseline, minDelta)) {
                wait = 0;
            }
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            model.setStopTraining(true);
        }
    }

    @Override public void onTrainEnd(Map<String, Double> logs) {
        if (stoppedEpoch > 0) {
            log.info("Epoch {}: early stopping", stoppedEpoch + 1);
        }
        if (restoreBestWeights && bestWeights != null) {
            log.info("Restoring model weights from the end of the best epoch: {}.", bestEpoch + 1);
            model.setWeights(bestWeights);
        }
    }

    /** The epoch (from 0) at which training was stopped, or 0 if it was not. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The epoch (from 0) of the best value seen. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best value seen, or null before any. */
    public Double best() {
        return best;
    }
}
