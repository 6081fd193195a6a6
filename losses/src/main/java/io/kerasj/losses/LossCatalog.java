package io.kerasj.losses;

import io.kerasj.core.Catalog;
import io.kerasj.core.Loss;
import java.util.Map;
import java.util.function.Function;

/** Offers this module's losses to {@code compile} by their Keras names and aliases. */
public final class LossCatalog implements Catalog {
    /** Factories from a {@link Loss#config()}; an empty config gives Keras's defaults. */
    @Override public Map<String, Function<Map<String, Object>, Loss>> losses() {
        return Map.of(
                "categorical_crossentropy", CategoricalCrossentropy::fromConfig,
                "sparse_categorical_crossentropy", SparseCategoricalCrossentropy::fromConfig,
                "binary_crossentropy", BinaryCrossentropy::fromConfig,
                "mean_squared_error", MeanSquaredError::fromConfig,
                "mse", MeanSquaredError::fromConfig);
    }
}
