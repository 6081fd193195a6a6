package io.kerasj.optimizers;

import io.kerasj.core.Catalog;
import io.kerasj.core.LearningRateSchedule;
import io.kerasj.core.Optimizer;
import io.kerasj.optimizers.schedules.CosineDecay;
import io.kerasj.optimizers.schedules.ExponentialDecay;
import io.kerasj.optimizers.schedules.InverseTimeDecay;
import io.kerasj.optimizers.schedules.PiecewiseConstantDecay;
import io.kerasj.optimizers.schedules.PolynomialDecay;
import java.util.Map;
import java.util.function.Function;

/** Offers this module's optimizers to {@code compile} by their Keras names, and its schedules to saved files. */
public final class OptimizerCatalog implements Catalog {
    /** Factories from an {@link Optimizer#config()}; an empty config gives Keras's defaults. */
    @Override public Map<String, Function<Map<String, Object>, Optimizer>> optimizers() {
        return Map.of("adam", Adam::fromConfig, "sgd", SGD::fromConfig, "rmsprop", RMSprop::fromConfig,
                "adagrad", Adagrad::fromConfig, "adadelta", Adadelta::fromConfig, "nadam", Nadam::fromConfig,
                "adamax", Adamax::fromConfig, "adamw", AdamW::fromConfig);
    }

    /** Factories from a {@link LearningRateSchedule#config()}, by Keras class name. */
    @Override public Map<String, Function<Map<String, Object>, LearningRateSchedule>> schedules() {
        return Map.of("ExponentialDecay", ExponentialDecay::fromConfig,
                "InverseTimeDecay", InverseTimeDecay::fromConfig,
                "PiecewiseConstantDecay", PiecewiseConstantDecay::fromConfig,
                "CosineDecay", CosineDecay::fromConfig,
                "PolynomialDecay", PolynomialDecay::fromConfig);
    }
}
