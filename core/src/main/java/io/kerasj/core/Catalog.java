package io.kerasj.core;

import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Lets the modules built on core offer their losses and optimizers by Keras name, so that
 * {@code compile("adam", "categorical_crossentropy")} works although core depends on neither module.
 * Modules register an implementation in {@code META-INF/services/io.kerasj.core.Catalog}.
 */
public interface Catalog {

    /** Losses by Keras name, each with Keras's default options. */
    default Map<String, Supplier<Loss>> losses() {
        return Map.of();
    }

    /** Optimizers by Keras name, each with Keras's default hyper-parameters. */
    default Map<String, Supplier<Optimizer>> optimizers() {
        return Map.of();
    }

    /** A new loss with this Keras name, from whichever module on the class path offers it. */
    static Loss loss(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        TreeSet<String> known = new TreeSet<>();
        for (Catalog catalog : ServiceLoader.load(Catalog.class)) {
            Supplier<Loss> supplier = catalog.losses().get(key);
            if (supplier != null) {
                return supplier.get();
            }
            known.addAll(catalog.losses().keySet());
        }
        throw new IllegalArgumentException("Unknown loss \"" + name + "\"; known: " + known
                + (known.isEmpty() ? " (is kerasj-losses on the class path?)" : ""));
    }

    /** A new optimizer with this Keras name, from whichever module on the class path offers it. */
    static Optimizer optimizer(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        TreeSet<String> known = new TreeSet<>();
        for (Catalog catalog : ServiceLoader.load(Catalog.class)) {
            Supplier<Optimizer> supplier = catalog.optimizers().get(key);
            if (supplier != null) {
                return supplier.get();
            }
            known.addAll(catalog.optimizers().keySet());
        }
        throw new IllegalArgumentException("Unknown optimizer \"" + name + "\"; known: " + known
                + (known.isEmpty() ? " (is kerasj-optimizers on the class path?)" : ""));
    }
}
