package io.kerasj.optimizers;

import io.kerasj.core.Catalog;
import io.kerasj.core.Optimizer;
import java.util.Map;
import java.util.function.Function;

/** Offers this module's optimizers to {@code compile} by their Keras names. */
public final class OptimizerCatalog implements Catalog {
    /** Factories from an {@link Optimizer#config()}; an empty config gives Keras's defaults. */
    @Override public Map<String, Function<Map<String, Object>, Optimizer>> optimizers() {
        return Map.of("adam", Adam::fromConfig, "sgd", SGD::fromConfig, "rmsprop", RMSprop::fromConfig,
                "adagrad", Adagrad::fromConfig, "adadelta", Adadelta::fromConfig, "nadam", Nadam::fromConfig,
                "adamax", Adamax::fromConfig, "adamw", AdamW::fromConfig);
    }
}
