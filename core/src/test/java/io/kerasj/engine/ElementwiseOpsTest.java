package io.kerasj.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ops.Ops;
import java.util.function.BiConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The element-wise building blocks of losses and optimizers, on both engines, against values worked out by hand. */
class ElementwiseOpsTest {

    private static Ops engine(String name) {
        return name.equals("host") ? Backends.host() : Backends.portable();
    }

    private static final INDArray A = Nd4j.createFromArray(new double[][] {{-2, 0.5}, {4, 0}});
    private static final INDArray B = Nd4j.createFromArray(new double[][] {{4, -1}, {0.5, 3}});

    private static double[] flat(INDArray a) {
        return a.dup().reshape(a.length()).toDoubleVector();
    }

    private static double[] unary(BiConsumer<INDArray, INDArray> op) {
        INDArray out = A.ulike();
        op.accept(A, out);
        return flat(out);
    }

    /** No operation writes into its inputs: the shared inputs are the same after every test. */
    @org.junit.jupiter.api.AfterEach
    void inputsAreUntouched() {
        assertArrayEquals(new double[] {-2, 0.5, 4, 0}, flat(A), 0.0);
        assertArrayEquals(new double[] {4, -1, 0.5, 3}, flat(B), 0.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void binaryOperationsFollowTheirDefinitions(String name) {
        Ops ops = engine(name);
        INDArray out = A.ulike();
        ops.div(A, B, out);
        assertArrayEquals(new double[] {-0.5, -0.5, 8, 0}, flat(out), 0.0);
        ops.maximum(A, B, out);
        assertArrayEquals(new double[] {4, 0.5, 4, 3}, flat(out), 0.0);
        ops.minimum(A, B, out);
        assertArrayEquals(new double[] {-2, -1, 0.5, 0}, flat(out), 0.0);
        ops.addScalar(A, 1.5, out);
        assertArrayEquals(new double[] {-0.5, 2, 5.5, 1.5}, flat(out), 0.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void unaryOperationsFollowTheirDefinitions(String name) {
        Ops ops = engine(name);
        assertArrayEquals(new double[] {2, 0.5, 4, 0}, unary(ops::abs), 0.0);
        assertArrayEquals(new double[] {-1, 1, 1, 0}, unary(ops::sign), 0.0);
        assertArrayEquals(new double[] {4, 0.25, 16, 0}, unary(ops::square), 0.0);
        assertArrayEquals(new double[] {Math.exp(-2), Math.exp(0.5), Math.exp(4), 1}, unary(ops::exp), 1e-15);
        assertArrayEquals(new double[] {0, 1, 1, 0}, unary((a, o) -> ops.greaterThan(a, 0.25, o)), 0.0);
        INDArray positive = Nd4j.createFromArray(new double[][] {{4, 0.25}, {Math.E, 1}});
        INDArray out = positive.ulike();
        ops.sqrt(positive, out);
        assertArrayEquals(new double[] {2, 0.5, Math.sqrt(Math.E), 1}, flat(out), 1e-15);
        ops.log(positive, out);
        assertArrayEquals(new double[] {Math.log(4), Math.log(0.25), 1, 0}, flat(out), 1e-15);
        double[] nan = unary((a, o) -> {
            o.assign(a);
            o.putScalar(1, Double.NaN);
            ops.log(o, o);
        });
        assertTrue(Double.isNaN(nan[0]) && Double.isNaN(nan[1]), "log of a negative number and of NaN is NaN");
    }

    /** Rows of [[−2, 0.5], [4, 0]] add up to [−1.5, 4]; in float32 the sum is rounded once. */
    @ParameterizedTest
    @ValueSource(strings = {"host", "portable"})
    void sumColumnsAddsUpEachRow(String name) {
        Ops ops = engine(name);
        INDArray out = Nd4j.create(DataType.DOUBLE, 2);
        ops.sumColumns(A, out);
        assertArrayEquals(new double[] {-1.5, 4}, out.toDoubleVector(), 0.0);
        INDArray single = Nd4j.create(DataType.FLOAT, 2);
        ops.sumColumns(A.castTo(DataType.FLOAT), single);
        assertEquals(-1.5f, single.getFloat(0), 0f);
    }
}
