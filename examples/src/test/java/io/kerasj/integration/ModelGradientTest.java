package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.GradientCheck;
import io.kerasj.core.Loss;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Initializer;
import io.kerasj.losses.BinaryCrossentropy;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.losses.MeanSquaredError;
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.optimizers.SGD;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Float64 central differences of the loss with respect to every weight and bias of whole models. */
class ModelGradientTest {

    private static final DataType F64 = DataType.DOUBLE;

    private static void assertGradientsMatch(Sequential model, Loss loss, INDArray x, INDArray y) {
        model.compile(new SGD(), loss);
        GradientCheck.Result result = GradientCheck.model(model, x, y);
        assertTrue(result.passed(), result.toString());
    }

    static Stream<Activation> activations() {
        return Activation.all().stream();
    }

    @ParameterizedTest
    @MethodSource("activations")
    void denseWithEachActivation(Activation activation) {
        Sequential model = new Sequential(F64, new Dense(4, activation, Initializer.GLOROT_NORMAL)).setSeed(1);
        INDArray x = Fixtures.gaussian(2, F64, 6, 3);
        // Pre-activations are continuous random values: none falls within ε of relu's kink at 0.
        assertGradientsMatch(model, new MeanSquaredError(), x, Fixtures.gaussian(3, F64, 6, 4));
    }

    static Stream<Arguments> lossesInEveryMode() {
        return Stream.of(
                Arguments.of("softmax + cce (fused)", Activation.SOFTMAX, new CategoricalCrossentropy(), false),
                Arguments.of("softmax + cce smoothed (fused)", Activation.SOFTMAX, new CategoricalCrossentropy(false, 0.1), false),
                Arguments.of("linear + cce from logits", Activation.LINEAR, new CategoricalCrossentropy(true), false),
                Arguments.of("sigmoid + cce (unfused)", Activation.SIGMOID, new CategoricalCrossentropy(), false),
                Arguments.of("softmax + sparse (fused)", Activation.SOFTMAX, new SparseCategoricalCrossentropy(), true),
                Arguments.of("linear + sparse from logits", Activation.LINEAR, new SparseCategoricalCrossentropy(true), true),
                Arguments.of("sigmoid + bce (fused)", Activation.SIGMOID, new BinaryCrossentropy(), false),
                Arguments.of("linear + bce from logits", Activation.LINEAR, new BinaryCrossentropy(true), false),
                Arguments.of("tanh + mse", Activation.TANH, new MeanSquaredError(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lossesInEveryMode")
    void eachLossInEachMode(String label, Activation output, Loss loss, boolean sparse) {
        Sequential model = new Sequential(F64, new Dense(5, Activation.TANH).inputDim(3), new Dense(3, output)).setSeed(4);
        INDArray x = Fixtures.gaussian(5, F64, 7, 3);
        INDArray ids = org.nd4j.linalg.factory.Nd4j.createFromArray(new double[] {0, 2, 1, 1, 0, 2, 2});
        INDArray y = sparse ? ids : Fixtures.oneHot(ids, 3);
        assertGradientsMatch(model, loss, x, y);
    }

    @Test
    void layersLargeEnoughForTheBlasPath() {
        // 20 × 30 × 40 = 24,000 multiply-adds per product: above the Java-loop limit, so ND4J's GEMM runs.
        Sequential model = new Sequential(F64, new Dense(40, Activation.TANH).inputDim(30),
                new Dense(25, Activation.SOFTMAX)).setSeed(6);
        INDArray x = Fixtures.gaussian(7, F64, 20, 30);
        INDArray ids = org.nd4j.linalg.factory.Nd4j.createFromArray(new double[20]).addi(3);
        assertGradientsMatch(model, new SparseCategoricalCrossentropy(), x, ids);
    }

    @Test
    void threeLayerNetworkEndToEnd() {
        Sequential model = new Sequential(F64,
                new Dense(6, Activation.RELU, Initializer.HE_NORMAL).inputDim(4),
                new Dense(5, Activation.TANH),
                new Dense(3, Activation.SOFTMAX)).setSeed(8);
        INDArray x = Fixtures.gaussian(9, F64, 10, 4);
        INDArray ids = org.nd4j.linalg.factory.Nd4j.createFromArray(new double[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0});
        assertGradientsMatch(model, new CategoricalCrossentropy(), x, Fixtures.oneHot(ids, 3));
    }
}
