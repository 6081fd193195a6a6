package io.kerasj.losses;

import io.kerasj.core.Catalog;
import io.kerasj.core.Loss;
import java.util.Map;
import java.util.function.Function;

/** Offers this module's losses to {@code compile} by their Keras names and aliases. */
public final class LossCatalog implements Catalog {
    /** Factories from a {@link Loss#config()}; an empty config gives Keras's defaults. */
    @Override public Map<String, Function<Map<String, Object>, Loss>> losses() {
        return Map.ofEntries(
                Map.entry("categorical_crossentropy", CategoricalCrossentropy::fromConfig),
                Map.entry("sparse_categorical_crossentropy", SparseCategoricalCrossentropy::fromConfig),
                Map.entry("binary_crossentropy", BinaryCrossentropy::fromConfig),
                Map.entry("mean_squared_error", MeanSquaredError::fromConfig),
                Map.entry("mse", MeanSquaredError::fromConfig),
                Map.entry("mean_absolute_error", MeanAbsoluteError::fromConfig),
                Map.entry("mae", MeanAbsoluteError::fromConfig),
                Map.entry("mean_absolute_percentage_error", MeanAbsolutePercentageError::fromConfig),
                Map.entry("mape", MeanAbsolutePercentageError::fromConfig),
                Map.entry("mean_squared_logarithmic_error", MeanSquaredLogarithmicError::fromConfig),
                Map.entry("msle", MeanSquaredLogarithmicError::fromConfig),
                Map.entry("huber", Huber::fromConfig),
                Map.entry("log_cosh", LogCosh::fromConfig),
                Map.entry("logcosh", LogCosh::fromConfig),
                Map.entry("poisson", Poisson::fromConfig),
                Map.entry("kl_divergence", KLDivergence::fromConfig),
                Map.entry("kld", KLDivergence::fromConfig),
                Map.entry("kullback_leibler_divergence", KLDivergence::fromConfig),
                Map.entry("hinge", Hinge::fromConfig),
                Map.entry("squared_hinge", SquaredHinge::fromConfig),
                Map.entry("categorical_hinge", CategoricalHinge::fromConfig));
    }
}
