package io.kerasj.layers;

import io.kerasj.core.Catalog;
import io.kerasj.core.Layer;
import java.util.Map;
import java.util.function.Function;

/** Offers this module's layers to model loading by their type names. */
public final class LayerCatalog implements Catalog {
    @Override public Map<String, Function<Map<String, Object>, Layer>> layers() {
        return Map.of("Dense", Dense::fromConfig, "Flatten", Flatten::fromConfig, "InputLayer", Input::fromConfig,
                "Dropout", Dropout::fromConfig, "BatchNormalization", BatchNormalization::fromConfig,
                "Normalization", Normalization::fromConfig, "Activation", ActivationLayer::fromConfig);
    }
}
