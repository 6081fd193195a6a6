package io.kerasj.optimizers;

import io.kerasj.core.Catalog;
import io.kerasj.core.Optimizer;
import java.util.Map;
import java.util.function.Supplier;

/** Offers this module's optimizers to {@code compile} by their Keras names. */
public final class OptimizerCatalog implements Catalog {
    @Override public Map<String, Supplier<Optimizer>> optimizers() {
        return Map.of("adam", Adam::new, "sgd", SGD::new);
    }
}
