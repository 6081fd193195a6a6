package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code compile("adam", name)} with every Keras name of the losses beyond the cross-entropies: the name resolves to
 * the loss, and a small model trained with it lowers that loss.
 */
class LossNamesTest {

    private static final int M = 64;

    /** What the outputs and targets are for a loss: fractions, a class, or 0/1 labels per output. */
    enum Task { FRACTIONS, ONE_HOT, BINARY }

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("mean_absolute_error", "mean_absolute_error", Task.FRACTIONS),
                Arguments.of("mae", "mean_absolute_error", Task.FRACTIONS),
                Arguments.of("mean_absolute_percentage_error", "mean_absolute_percentage_error", Task.FRACTIONS),
                Arguments.of("mape", "mean_absolute_percentage_error", Task.FRACTIONS),
                Arguments.of("mean_squared_logarithmic_error", "mean_squared_logarithmic_error", Task.FRACTIONS),
                Arguments.of("msle", "mean_squared_logarithmic_error", Task.FRACTIONS),
                Arguments.of("huber", "huber", Task.FRACTIONS),
                Arguments.of("log_cosh", "log_cosh", Task.FRACTIONS),
                Arguments.of("logcosh", "log_cosh", Task.FRACTIONS),
                Arguments.of("poisson", "poisson", Task.FRACTIONS),
                Arguments.of("kl_divergence", "kl_divergence", Task.ONE_HOT),
                Arguments.of("kld", "kl_divergence", Task.ONE_HOT),
                Arguments.of("kullback_leibler_divergence", "kl_divergence", Task.ONE_HOT),
                Arguments.of("hinge", "hinge", Task.BINARY),
                Arguments.of("squared_hinge", "squared_hinge", Task.BINARY),
                Arguments.of("categorical_hinge", "categorical_hinge", Task.ONE_HOT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void compileResolvesTheNameAndTrainingLowersTheLoss(String name, String lossName, Task task) {
        INDArray x = Fixtures.gaussian(3, DataType.DOUBLE, M, 2);
        INDArray y = Nd4j.create(DataType.DOUBLE, M, 2);
        for (int i = 0; i < M; i++) {
            double a = x.getDouble(i, 0);
            double b = x.getDouble(i, 1);
            switch (task) {
                case FRACTIONS -> {                             // in (0, 1), as the sigmoid output below
                    y.putScalar(i, 0, 1 / (1 + Math.exp(-(a - b))));
                    y.putScalar(i, 1, 1 / (1 + Math.exp(-(a + b))));
                }
                case ONE_HOT -> y.putScalar(i, a > b ? 0 : 1, 1.0);
                case BINARY -> {
                    y.putScalar(i, 0, a > 0 ? 1 : 0);
                    y.putScalar(i, 1, b > 0 ? 1 : 0);
                }
            }
        }
        Activation output = switch (task) {
            case FRACTIONS -> Activation.SIGMOID;
            case ONE_HOT -> lossName.equals("kl_divergence") ? Activation.SOFTMAX : Activation.LINEAR;
            case BINARY -> Activation.LINEAR;
        };
        Sequential model = new Sequential(DataType.DOUBLE,
                new Dense(8, Activation.RELU).inputDim(2), new Dense(2, output)).setSeed(42);
        model.compile("adam", name);
        assertEquals(lossName, model.loss().name());

        History history = model.fit(x, y, new FitOptions().epochs(30).batchSize(16).verbose(0));
        List<Double> loss = history.get("loss");
        double first = loss.get(0);
        double last = loss.get(loss.size() - 1);
        assertTrue(Double.isFinite(last) && last < first, name + ": loss from " + first + " to " + last);
    }
}
