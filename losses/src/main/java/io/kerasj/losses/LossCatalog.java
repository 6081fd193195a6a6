package io.kerasj.losses;

import io.kerasj.core.Catalog;
import io.kerasj.core.Loss;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** Offers this module's losses to {@code compile} by their Keras names and aliases. */
public final class LossCatalog implements Catalog {
    @Override public Map<String, Supplier<Loss>> losses() {
        return Map.of(
                "categorical_crossentropy", CategoricalCrossentropy::new,
                "sparse_categorical_crossentropy", SparseCategoricalCrossentropy::new,
                "binary_crossentropy", BinaryCrossentropy::new,
                "mean_squared_error", MeanSquaredError::new,
                "mse", MeanSquaredError::new);
    }

    /** The same losses, built from a saved {@link Loss#config()}. */
    @Override public Map<String, Function<Map<String, Object>, Loss>> lossFactories() {
        return Map.of(
                "categorical_crossentropy", CategoricalCrossentropy::fromConfig,
                "sparse_categorical_crossentropy", SparseCategoricalCrossentropy::fromConfig,
                "binary_crossentropy", BinaryCrossentropy::fromConfig,
                "mean_squared_error", MeanSquaredError::fromConfig,
                "mse", MeanSquaredError::fromConfig);
    }
}
