package io.kerasj.optimizers.schedules;

import io.kerasj.core.Configs;
import io.kerasj.core.LearningRateSchedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code PiecewiseConstantDecay}: values[0] while step &le; boundaries[0], values[i] while
 * boundaries[i−1] &lt; step &le; boundaries[i], and values[n] after boundaries[n−1]. Example: boundaries
 * [100000, 110000] and values [1.0, 0.5, 0.1] give 1.0 for the first 100001 steps (0 to 100000), 0.5 for the next
 * 10000, then 0.1.
 */
public final class PiecewiseConstantDecay implements LearningRateSchedule {

    private final double[] boundaries;
    private final double[] values;
    private final String name;

    public PiecewiseConstantDecay(double[] boundaries, double[] values) {
        this(boundaries, values, "PiecewiseConstant");
    }

    /**
     * @param boundaries strictly increasing steps, one or more
     * @param values     the rates, one more than the boundaries
     * @param name       Keras's name of the schedule (its default is "PiecewiseConstant"), kept in its config
     */
    public PiecewiseConstantDecay(double[] boundaries, double[] values, String name) {
        String type = "PiecewiseConstantDecay";
        if (boundaries == null || values == null || boundaries.length == 0
                || values.length != boundaries.length + 1) {
            throw new IllegalArgumentException(type + ": the length of boundaries should be 1 less than the length "
                    + "of values, and boundaries not empty. Received: boundaries=" + Arrays.toString(boundaries)
                    + ", values=" + Arrays.toString(values));
        }
        for (int i = 0; i < boundaries.length; i++) {
            Arguments.finite(type, "boundaries[" + i + "]", boundaries[i]);
            if (i > 0 && !(boundaries[i] > boundaries[i - 1])) {
                throw new IllegalArgumentException(type + ": boundaries must be strictly increasing. Received: "
                        + "boundaries=" + Arrays.toString(boundaries));
            }
        }
        for (int i = 0; i < values.length; i++) {
            Arguments.finite(type, "values[" + i + "]", values[i]);
        }
        this.boundaries = boundaries.clone();
        this.values = values.clone();
        this.name = name == null ? "PiecewiseConstant" : name;
    }

    @Override public double learningRate(long step) {
        int i = 0;
        while (i < boundaries.length && step > boundaries[i]) {
            i++;
        }
        return values[i];
    }

    @Override public String className() { return "PiecewiseConstantDecay"; }

    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("boundaries", Arrays.stream(boundaries).boxed().toList());
        config.put("values", Arrays.stream(values).boxed().toList());
        config.put("name", name);
        return config;
    }

    /** The schedule {@link #config()} describes: lists of numbers under "boundaries" and "values". */
    public static PiecewiseConstantDecay fromConfig(Map<String, Object> config) {
        String type = "PiecewiseConstantDecay";
        Configs.checkKeys(type, config, "boundaries", "values", "name");
        return new PiecewiseConstantDecay(numbers(type, config, "boundaries"), numbers(type, config, "values"),
                Configs.string(type, config, "name", "PiecewiseConstant"));
    }

    private static double[] numbers(String type, Map<String, Object> config, String key) {
        if (!(config.get(key) instanceof List<?> list)) {
            throw new IllegalArgumentException(type + ": config key \"" + key + "\" must be a list of numbers. "
                    + "Received: " + config.get(key));
        }
        List<Double> numbers = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Number n)) {
                throw new IllegalArgumentException(type + ": config key \"" + key + "\" must be a list of numbers. "
                        + "Received: " + list);
            }
            numbers.add(n.doubleValue());
        }
        return numbers.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override public String toString() {
        return "PiecewiseConstantDecay(boundaries=" + Arrays.toString(boundaries) + ", values="
                + Arrays.toString(values) + ")";
    }
}
