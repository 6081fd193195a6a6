package io.kerasj.optimizers;

import io.kerasj.core.Catalog;
import io.kerasj.core.Optimizer;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** Offers this module's optimizers to {@code compile} by their Keras names. */
public final class OptimizerCatalog implements Catalog {
    @Override public Map<String, Supplier<Optimizer>> optimizers() {
        return Map.of("adam", Adam::new, "sgd", SGD::new);
    }

    /** The same optimizers, built from a saved {@link Optimizer#config()}. */
    @Override public Map<String, Function<Map<String, Object>, Optimizer>> optimizerFactories() {
        return Map.of("adam", Adam::fromConfig, "sgd", SGD::fromConfig);
    }
}
