package io.kerasj.core;

import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Lets the modules built on core offer their layers, losses and optimizers by name, so that
 * {@code compile("adam", "categorical_crossentropy")} and {@code Sequential.load(path)} work although core
 * depends on none of those modules. Modules register an implementation in
 * {@code META-INF/services/io.kerasj.core.Catalog}.
 *
 * <p>Each entry is a factory from a Keras-style config ({@link Layer#config()}, {@link Loss#config()},
 * {@link Optimizer#config()}); an empty config means Keras's defaults. A type name read from a saved file is
 * only ever looked up here, never turned into a class, so a file can create nothing but registered types.
 */
public interface Catalog {

    /** Layer factories by type name as {@link Layer#typeName()} gives it ("Dense"). */
    default Map<String, Function<Map<String, Object>, Layer>> layers() {
        return Map.of();
    }

    /** Loss factories by Keras name ("categorical_crossentropy", and aliases such as "mse"). */
    default Map<String, Function<Map<String, Object>, Loss>> losses() {
        return Map.of();
    }

    /** Optimizer factories by Keras name ("adam", "sgd", "rmsprop", ...). */
    default Map<String, Function<Map<String, Object>, Optimizer>> optimizers() {
        return Map.of();
    }

    /** Learning rate schedule factories by Keras class name ("ExponentialDecay", "CosineDecay", ...). */
    default Map<String, Function<Map<String, Object>, LearningRateSchedule>> schedules() {
        return Map.of();
    }

    /** A new loss with this Keras name and Keras's default options. */
    static Loss loss(String name) {
        return loss(name, Map.of());
    }

    /** A new optimizer with this Keras name and Keras's default hyper-parameters. */
    static Optimizer optimizer(String name) {
        return optimizer(name, Map.of());
    }

    /** A new layer of a registered type, from its config. */
    static Layer layer(String typeName, Map<String, Object> config) {
        return create("layer type", typeName, config, Catalog::layers, "kerasj-layers");
    }

    /** A new loss of a registered Keras name, from its config. */
    static Loss loss(String name, Map<String, Object> config) {
        return create("loss", name == null ? null : name.toLowerCase(Locale.ROOT), config, Catalog::losses,
                "kerasj-losses");
    }

    /** A new optimizer of a registered Keras name, from its config. */
    static Optimizer optimizer(String name, Map<String, Object> config) {
        return create("optimizer", name == null ? null : name.toLowerCase(Locale.ROOT), config, Catalog::optimizers,
                "kerasj-optimizers");
    }

    /** A new learning rate schedule of a registered Keras class name, from its config. */
    static LearningRateSchedule schedule(String className, Map<String, Object> config) {
        return create("learning rate schedule", className, config, Catalog::schedules, "kerasj-optimizers");
    }

    private static <T> T create(String what, String key, Map<String, Object> config,
                                Function<Catalog, Map<String, Function<Map<String, Object>, T>>> factories,
                                String module) {
        TreeSet<String> known = new TreeSet<>();
        if (key == null) {
            for (Catalog catalog : ServiceLoader.load(Catalog.class)) {
                known.addAll(factories.apply(catalog).keySet());
            }
            throw new IllegalArgumentException("The " + what + " name is null; known: " + known);
        }
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
