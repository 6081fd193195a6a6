package io.kerasj.core;

import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Lets the modules built on core offer their losses and optimizers by Keras name, so that
 * {@code compile("adam", "categorical_crossentropy")} works although core depends on neither module.
 * Modules register an implementation in {@code META-INF/services/io.kerasj.core.Catalog}.
 *
 * <p>Loading a saved model goes through the factories here too ({@link #layers()}, {@link #lossFactories()},
 * {@link #optimizerFactories()}): a type name read from a file is only ever looked up in these maps, never
 * turned into a class, so a file can create nothing but registered types.
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

    /** Layer factories by type name as {@link Layer#typeName()} gives it ("Dense"), each taking a {@link Layer#config()}. */
    default Map<String, Function<Map<String, Object>, Layer>> layers() {
        return Map.of();
    }

    /** Loss factories by Keras name, each taking a {@link Loss#config()}. */
    default Map<String, Function<Map<String, Object>, Loss>> lossFactories() {
        return Map.of();
    }

    /** Optimizer factories by Keras name, each taking an {@link Optimizer#config()}. */
    default Map<String, Function<Map<String, Object>, Optimizer>> optimizerFactories() {
        return Map.of();
    }

    /** A new layer of a registered type, from its config. */
    static Layer layer(String typeName, Map<String, Object> config) {
        return create("layer type", typeName, config, Catalog::layers, "kerasj-layers");
    }

    /** A new loss of a registered Keras name, from its config. */
    static Loss loss(String name, Map<String, Object> config) {
        return create("loss", name.toLowerCase(Locale.ROOT), config, Catalog::lossFactories, "kerasj-losses");
    }

    /** A new optimizer of a registered Keras name, from its config. */
    static Optimizer optimizer(String name, Map<String, Object> config) {
        return create("optimizer", name.toLowerCase(Locale.ROOT), config, Catalog::optimizerFactories,
                "kerasj-optimizers");
    }

    private static <T> T create(String what, String key, Map<String, Object> config,
                                Function<Catalog, Map<String, Function<Map<String, Object>, T>>> factories,
                                String module) {
        TreeSet<String> known = new TreeSet<>();
        for (Catalog catalog : ServiceLoader.load(Catalog.class)) {
            Function<Map<String, Object>, T> factory = factories.apply(catalog).get(key);
            if (factory != null) {
                return factory.apply(config);
            }
            known.addAll(factories.apply(catalog).keySet());
        }
        throw new IllegalArgumentException("Unknown " + what + " \"" + key + "\"; known: " + known
                + (known.isEmpty() ? " (is " + module + " on the class path?)" : ""));
    }
}
