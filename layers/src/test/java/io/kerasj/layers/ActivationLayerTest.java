package io.kerasj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.Catalog;
import io.kerasj.core.GradientCheck;
import io.kerasj.core.Layer;
import io.kerasj.core.Sequential;
import io.kerasj.ops.Ops;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

/** The Activation layer: f applied to its input, gradients through f, created by its Keras type name. */
class ActivationLayerTest {

    private static Ops engine(String name) {
        return name.equals("host") ? Ops.host() : Ops.portable();
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void appliesItsActivation(String engine) {
        Sequential model = new Sequential(DataType.DOUBLE, new ActivationLayer("relu6")).setOps(engine(engine));
        model.build(3);
        // relu6 of (−1, 2, 9) = (0, 2, 6).
        INDArray y = model.predict(Nd4j.createFromArray(new double[][] {{-1, 2, 9}}));
        assertEquals(0, y.getDouble(0, 0), 0);
        assertEquals(2, y.getDouble(0, 1), 0);
        assertEquals(6, y.getDouble(0, 2), 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void passesAGradientCheck(String engine) {
        INDArray x = Nd4j.createFromArray(new double[][] {{-1.3, 0.4, 2.2}, {0.7, -0.2, 1.1}});
        GradientCheck.Result result = GradientCheck.layer(engine(engine), new ActivationLayer(Activation.GELU), x);
        assertTrue(result.passed(), result.toString());
    }

    @Test
    void isCreatedByItsKerasTypeName() {
        Layer layer = Catalog.layer("Activation", Map.of("name", "act", "activation", "softmax"));
        assertEquals("Activation", layer.typeName());
        assertEquals("act", layer.name());
        assertEquals(Activation.SOFTMAX, layer.activation());
        assertEquals(Map.of("name", "act", "activation", "softmax"), layer.config());
    }
}
