package io.kerasj.optimizers.schedules;

import io.kerasj.core.Configs;
import java.util.Map;

/** The argument checks the schedules share, with Keras's wording: "Received: decay_steps=0". */
final class Arguments {

    private Arguments() {}

    /** A finite number (a learning rate, a decay rate, a power). */
    static double finite(String type, String key, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(type + ": " + key + " must be a finite number. Received: " + key + "="
                    + value);
        }
        return value;
    }

    /** A finite number &gt; 0 (a number of steps), as Keras requires of {@code decay_steps}. */
    static double positive(String type, String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(type + ": " + key + " must be > 0. Received: " + key + "=" + value);
        }
        return value;
    }

    /** A finite number &gt;= 0. */
    static double nonNegative(String type, String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(type + ": " + key + " must be >= 0. Received: " + key + "=" + value);
        }
        return value;
    }

    /** A number a config must hold (Keras's arguments without a default). */
    static double required(String type, Map<String, Object> config, String key) {
        if (config.get(key) == null) {
            throw new IllegalArgumentException(type + ": config key \"" + key + "\" is required");
        }
        return Configs.number(type, config, key, 0.0);
    }
}
