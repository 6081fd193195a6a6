package io.kerasj.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.core.Catalog;
import io.kerasj.core.Loss;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Keras name and alias resolves, through the ServiceLoader as {@code compile} does, to its loss. */
class LossCatalogTest {

    static Stream<Arguments> kerasNames() {
        return Stream.of(
                Arguments.of("mean_absolute_error", MeanAbsoluteError.class),
                Arguments.of("mae", MeanAbsoluteError.class),
                Arguments.of("mean_absolute_percentage_error", MeanAbsolutePercentageError.class),
                Arguments.of("mape", MeanAbsolutePercentageError.class),
                Arguments.of("mean_squared_logarithmic_error", MeanSquaredLogarithmicError.class),
                Arguments.of("msle", MeanSquaredLogarithmicError.class),
                Arguments.of("huber", Huber.class),
                Arguments.of("log_cosh", LogCosh.class),
                Arguments.of("logcosh", LogCosh.class),
                Arguments.of("poisson", Poisson.class),
                Arguments.of("kl_divergence", KLDivergence.class),
                Arguments.of("kld", KLDivergence.class),
                Arguments.of("kullback_leibler_divergence", KLDivergence.class),
                Arguments.of("hinge", Hinge.class),
                Arguments.of("squared_hinge", SquaredHinge.class),
                Arguments.of("categorical_hinge", CategoricalHinge.class),
                Arguments.of("KLD", KLDivergence.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kerasNames")
    void nameResolvesToTheLossWithKerasDefaults(String name, Class<? extends Loss> type) {
        Loss loss = Catalog.loss(name);
        assertEquals(type, loss.getClass());
        // The loss's own name is registered too, so that a saved model finds it again.
        assertEquals(type, Catalog.loss(loss.name(), loss.config()).getClass());
    }
}
