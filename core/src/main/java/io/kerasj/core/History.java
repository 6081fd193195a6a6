package io.kerasj.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code fit} returns: per-epoch values of the loss and metrics ("loss", "accuracy", "val_loss", ...). */
public final class History {

    private final List<Integer> epochs = new ArrayList<>();
    private final Map<String, List<Double>> values = new LinkedHashMap<>();

    /** Appends one epoch's logs (epoch counted from 0). */
    public void append(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        logs.forEach((key, value) -> values.computeIfAbsent(key, k -> new ArrayList<>()).add(value));
    }

    /** The epochs recorded, from 0 (or from {@code initialEpoch} when training was resumed). */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** Every series by name, in the order they were first logged. */
    public Map<String, List<Double>> history() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(v)));
        return Collections.unmodifiableMap(copy);
    }

    /** One series, such as "loss" or "val_accuracy". */
    public List<Double> get(String key) {
        List<Double> series = values.get(key);
        if (series == null) {
            throw new IllegalArgumentException("History has no \"" + key + "\"; it has " + values.keySet());
        }
        return Collections.unmodifiableList(series);
    }

    @Override public String toString() {
        return values.toString();
    }
}
