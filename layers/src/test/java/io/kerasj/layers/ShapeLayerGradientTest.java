package io.kerasj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.GradientCheck;
import io.kerasj.core.Sequential;
import io.kerasj.ops.Ops;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Flatten and Input: reshapes whose gradients are the upstream gradients reshaped back. */
class ShapeLayerGradientTest {

    private static Ops engine(String name) {
        return name.equals("host") ? Ops.host() : Ops.portable();
    }

    private static INDArray images() {
        return Nd4j.linspace(DataType.DOUBLE, -1.2, 0.1, 24).reshape('c', 2, 3, 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void flattenAndInputPassGradientsBackUnchanged(String name) {
        GradientCheck.Result flatten = GradientCheck.layer(engine(name), new Flatten(), images());
        assertTrue(flatten.passed(), flatten.toString());
        assertEquals(24, flatten.checked());
        GradientCheck.Result input = GradientCheck.layer(engine(name), new Input(3, 4), images());
        assertTrue(input.passed(), input.toString());
    }

    /** C order, as Keras's channels_last: row 0 of image 0 first. */
    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void flattenKeepsCOrder(String name) {
        Sequential model = new Sequential(DataType.DOUBLE, new Flatten()).setOps(engine(name));
        model.build(3, 4);
        INDArray y = model.layers().get(0).forward(images(), false);
        assertArrayEquals(new long[] {2, 12}, y.shape());
        assertEquals(-1.2 + 0.1 * 13, y.getDouble(1, 1), 1e-12);
    }
}
