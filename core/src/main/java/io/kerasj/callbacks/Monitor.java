package io.kerasj.callbacks;

import java.util.Map;
import org.slf4j.Logger;

/**
 * The quantity a callback watches in the epoch logs ("val_loss", "accuracy", ...) and which way is better.
 *
 * <p>{@code mode} is "min", "max" or "auto". "auto" means max for the metrics where higher is better (keys naming
 * an accuracy, AUC, precision or recall; see {@link io.kerasj.core.Metric#higherIsBetter(String)}) and min for
 * everything else, such as the losses and error metrics: what Keras concludes from the metric's direction.
 */
final class Monitor {

    private final String key;
    private final boolean maximize;
    private boolean warned;

    Monitor(String callback, String key, String mode) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException(callback + ": monitor must be a log key such as \"val_loss\"");
        }
        this.key = key;
        this.maximize = switch (mode == null ? "auto" : mode) {
            case "min" -> false;
            case "max" -> true;
            case "auto" -> io.kerasj.core.Metric.higherIsBetter(key);
            default -> throw new IllegalArgumentException(callback + ": mode must be \"auto\", \"min\" or \"max\". "
                    + "Received: mode=" + mode);
        };
    }

    String key() {
        return key;
    }

    boolean maximize() {
        return maximize;
    }

    /** Starts a new training run: a missing key is reported again. */
    void reset() {
        warned = false;
    }

    /**
     * The monitored value in {@code logs}, or null, after a warning listing the keys that are there (once per
     * training run, as Python shows a repeated warning once).
     */
    Double value(Map<String, Double> logs, Logger log, String what) {
        Double value = logs == null ? null : logs.get(key);
        if (value == null && !warned) {
            warned = true;
            log.warn("{} is conditioned on metric `{}` which is not available. Available metrics are: {}", what, key,
                    logs == null ? "" : String.join(",", logs.keySet()));
        }
        return value;
    }

    /** Whether {@code current} beats {@code reference} by more than {@code minDelta} (≥ 0) in this direction. */
    boolean improves(double current, double reference, double minDelta) {
        return maximize ? current - minDelta > reference : current + minDelta < reference;
    }

    /** The starting "best": −∞ when maximizing, +∞ when minimizing. */
    double worst() {
        return maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
}
