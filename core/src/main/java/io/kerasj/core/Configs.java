package io.kerasj.core;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Typed reads from a component's Keras-style config map, for the {@code fromConfig} factories that
 * {@link Catalog} offers. A config holds JSON values only: String, Number, Boolean or null (and, for a component
 * inside another, such as a learning rate schedule, maps and lists of them), under Keras's snake_case keys
 * ({@code "units"}, {@code "learning_rate"}, ...). Every read names the component, the key and the offending value,
 * because a config usually comes from a file someone may have edited.
 */
public final class Configs {

    private Configs() {}

    /** Rejects keys other than {@code allowed}, as Keras rejects unknown keyword arguments. */
    public static void checkKeys(String type, Map<String, ?> config, String... allowed) {
        List<String> known = Arrays.asList(allowed);
        for (String key : config.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(type + ": unknown config key \"" + key + "\"; expected some of "
                        + known);
            }
        }
    }

    /** A required integer (a JSON number without a fraction, within int range). */
    public static int integer(String type, Map<String, ?> config, String key) {
        Object value = config.get(key);
        if (value == null) {
            throw new IllegalArgumentException(type + ": config key \"" + key + "\" is required");
        }
        return toInt(type, key, value);
    }

    /** An optional integer; {@code fallback} when absent or null. */
    public static int integer(String type, Map<String, ?> config, String key, int fallback) {
        Object value = config.get(key);
        return value == null ? fallback : toInt(type, key, value);
    }

    /** An optional finite number; {@code fallback} when absent or null (Keras writes null for "off"). */
    public static double number(String type, Map<String, ?> config, String key, double fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException(type + ": config key \"" + key + "\" must be a finite number. Received: "
                    + value);
        }
        return n.doubleValue();
    }

    /** An optional boolean; {@code fallback} when absent or null. */
    public static boolean bool(String type, Map<String, ?> config, String key, boolean fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw new IllegalArgumentException(type + ": config key \"" + key + "\" must be true or false. Received: "
                    + value);
        }
        return b;
    }

    /** An optional string; {@code fallback} when absent or null. */
    public static String string(String type, Map<String, ?> config, String key, String fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException(type + ": config key \"" + key + "\" must be a string. Received: "
                    + value);
        }
        return s;
    }

    private static int toInt(String type, String key, Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw new IllegalArgumentException(type + ": config key \"" + key + "\" must be an integer. Received: " + value);
    }
}
