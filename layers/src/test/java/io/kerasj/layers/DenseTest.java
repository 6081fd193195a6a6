package io.kerasj.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.Layer;
import io.kerasj.core.Sequential;
import java.util.List;
import io.kerasj.ops.Ops;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DenseTest {

    @Test
    void forwardMatchesKerasHandCalculation() {
        // Keras dense_test: kernel [[1, −2], [3, −4]], bias [5, −6], input [−1, 2]:
        // z = [−1 + 6 + 5, 2 − 8 − 6] = [10, −12], relu → [10, 0].
        Sequential model = new Sequential(new Dense(2, Activation.RELU).inputDim(2));
        model.build(2);
        model.setWeights(List.of(Nd4j.createFromArray(new float[][] {{1, -2}, {3, -4}}),
                Nd4j.createFromArray(new float[] {5, -6})));
        INDArray out = model.predict(Nd4j.createFromArray(new float[][] {{-1, 2}}));
        assertArrayEquals(new float[] {10, 0}, out.toFloatVector());
    }

    /**
     * A replica works on the weights of the layer it copies and keeps its own buffers and gradients. By hand, with
     * kernel [[1, −2], [3, −4]] and bias [5, −6]: x = [1, 1] gives z = [9, −12]; x = [−1, 2] gives z = [10, −12],
     * and with ∂L/∂a = [1, 1] through relu ∂L/∂z = [1, 0], so dW = xᵀ∂L/∂z = [[−1, 0], [2, 0]], db = [1, 0] and
     * dx = ∂L/∂z·Wᵀ = [1, 3].
     */
    @Test
    void aReplicaSharesTheWeightsButNotTheBuffers() {
        Dense dense = new Dense(2, Activation.RELU).named("hidden");
        dense.build(new long[] {2}, DataType.FLOAT, Ops.host());
        INDArray kernel = Nd4j.createFromArray(new float[][] {{1, -2}, {3, -4}});
        INDArray bias = Nd4j.createFromArray(new float[] {5, -6});
        List<INDArray> gradients = List.of(Nd4j.zeros(DataType.FLOAT, 2, 2), Nd4j.zeros(DataType.FLOAT, 2));
        dense.bind(List.of(kernel, bias), gradients);
        Layer replica = dense.replica();
        assertEquals(dense.config(), replica.config());
        assertArrayEquals(new long[] {2}, replica.inputShape());
        List<INDArray> replicaGradients = List.of(Nd4j.zeros(DataType.FLOAT, 2, 2), Nd4j.zeros(DataType.FLOAT, 2));
        replica.bind(List.of(kernel, bias), replicaGradients);

        dense.forward(Nd4j.createFromArray(new float[][] {{1, 1}}), true);
        INDArray a = replica.forward(Nd4j.createFromArray(new float[][] {{-1, 2}}), true);
        assertArrayEquals(new float[] {10, 0}, a.toFloatVector());
        assertArrayEquals(new float[] {10, -12}, replica.preActivation().toFloatVector());
        assertArrayEquals(new float[] {9, -12}, dense.preActivation().toFloatVector());

        INDArray dx = replica.backward(Nd4j.createFromArray(new float[][] {{1, 1}}), true);
        assertArrayEquals(new float[] {1, 3}, dx.toFloatVector());
        assertArrayEquals(new float[] {-1, 0, 2, 0}, replicaGradients.get(0).ravel().toFloatVector());
        assertArrayEquals(new float[] {1, 0}, replicaGradients.get(1).toFloatVector());
        assertArrayEquals(new float[] {0, 0, 0, 0}, gradients.get(0).ravel().toFloatVector());
        assertArrayEquals(new float[] {0, 0}, gradients.get(1).toFloatVector());

        // The weights are shared, not copied: the replica sees a change at once. Kernel [[2, −2], [3, −4]]:
        // x = [−1, 2] gives z = [−2 + 6 + 5, −12] = [9, −12].
        kernel.putScalar(0, 0, 2f);
        assertArrayEquals(new float[] {9, 0}, replica.forward(Nd4j.createFromArray(new float[][] {{-1, 2}}), true)
                .toFloatVector());
    }

    @Test
    void withoutBiasOnlyTheKernelIsAWeight() {
        Sequential model = new Sequential(new Dense(2, Activation.LINEAR, false, Initializer.ONES));
        model.build(3);
        assertEquals(1, model.getWeights().size());
        assertEquals(6, model.countParams());
        assertArrayEquals(new float[] {6, 6}, model.predict(Nd4j.createFromArray(new float[][] {{1, 2, 3}})).toFloatVector());
    }

    @Test
    void summaryCountsParamsLikeKeras() {
        // 2·25 + 25 + 25·15 + 15 + 15·4 + 4 = 75 + 390 + 64 = 529.
        Sequential model = new Sequential(new Dense(25, Activation.RELU).inputDim(2), new Dense(15, Activation.RELU),
                new Dense(4, Activation.SOFTMAX));
        model.build(2);
        assertEquals(529, model.countParams());
        String summary = model.summaryText();
        assertTrue(summary.contains("dense (Dense)"), summary);
        assertTrue(summary.contains("dense_1 (Dense)"), summary);
        assertTrue(summary.contains("dense_2 (Dense)"), summary);
        assertTrue(summary.contains("(None, 15)"), summary);
        assertTrue(summary.contains("Total params: 529"), summary);

        Sequential regression = new Sequential(new Dense(10, Activation.SOFTMAX));
        regression.build(784);
        // 784·10 + 10.
        assertTrue(regression.summaryText().contains("Total params: 7,850"), regression.summaryText());
    }

    @Test
    void weightsComeInKerasOrderAndLayout() {
        Sequential model = new Sequential(new Dense(3).inputDim(2), new Dense(4));
        model.build(2);
        List<INDArray> w = model.getWeights();
        assertEquals(4, w.size());
        assertArrayEquals(new long[] {2, 3}, w.get(0).shape());
        assertArrayEquals(new long[] {3}, w.get(1).shape());
        assertArrayEquals(new long[] {3, 4}, w.get(2).shape());
        assertArrayEquals(new long[] {4}, w.get(3).shape());
        assertEquals(0.0, w.get(1).sumNumber().doubleValue(), 0.0);
    }

    @Test
    void setWeightsRejectsAWrongShapeNamingTheLayer() {
        Sequential model = new Sequential(new Dense(3).inputDim(2), new Dense(4));
        model.build(2);
        List<INDArray> w = new java.util.ArrayList<>(model.getWeights());
        w.set(2, Nd4j.zeros(DataType.FLOAT, 4, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.setWeights(w));
        assertTrue(e.getMessage().contains("dense_1") && e.getMessage().contains("[3, 4]")
                && e.getMessage().contains("[4, 3]"), e.getMessage());
    }

    @Test
    void setWeightsRejectsAWrongCount() {
        Sequential model = new Sequential(new Dense(3).inputDim(2));
        model.build(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.setWeights(List.of(Nd4j.zeros(DataType.FLOAT, 2, 3))));
        assertTrue(e.getMessage().contains("2 weight tensors but 1"), e.getMessage());
    }

    @Test
    void wrongInputWidthNamesTheLayerAndBothShapes() {
        Sequential model = new Sequential(new Dense(4).inputDim(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.predict(Nd4j.zeros(DataType.FLOAT, 32, 3)));
        assertEquals("Dense \"dense\": expected input of width 2, got shape (None, 3)", e.getMessage());
        model.build(2);
        IllegalArgumentException after = assertThrows(IllegalArgumentException.class,
                () -> model.predict(Nd4j.zeros(DataType.FLOAT, 32, 3)));
        assertEquals("Dense \"dense\": expected input of width 2, got shape [32, 3]", after.getMessage());
    }

    @Test
    void inputWidthIsInferredFromTheFirstBatch() {
        Sequential model = new Sequential(new Dense(4), new Dense(2));
        INDArray out = model.predict(Nd4j.zeros(DataType.FLOAT, 5, 7));
        assertArrayEquals(new long[] {5, 2}, out.shape());
        assertArrayEquals(new long[] {7}, model.layers().get(0).inputShape());
        assertEquals(7 * 4 + 4 + 4 * 2 + 2, model.countParams());
    }

    @Test
    void predictionsDoNotDependOnTheBatchSizeEvenPastTheBuffersKept() {
        // Seven batch sizes in turn: more than the layer keeps buffers for, so older ones are dropped and rebuilt.
        Sequential model = new Sequential(new Dense(6, Activation.TANH).inputDim(3), new Dense(2, Activation.SOFTMAX))
                .setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 23, 3);
        INDArray whole = model.predict(x, 23);
        for (int batch = 1; batch <= 7; batch++) {
            assertTrue(whole.equalsWithEps(model.predict(x, batch), 1e-6), "batch size " + batch);
        }
        assertTrue(whole.equalsWithEps(model.predict(x, 23), 0.0));
    }

    @Test
    void unitsMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dense(0));
        assertTrue(e.getMessage().contains("units=0"), e.getMessage());
    }

    @Test
    void kerasDefaultsAndNames() {
        Dense dense = new Dense(5);
        assertEquals(Activation.LINEAR, dense.activation());
        assertEquals(Initializer.GLOROT_UNIFORM, dense.kernelInitializer());
        assertTrue(dense.useBias());
        Dense byName = new Dense(12, "relu", "he_uniform");
        assertEquals(Activation.RELU, byName.activation());
        assertEquals(Initializer.HE_UNIFORM, byName.kernelInitializer());
    }

    @Test
    void sameSeedGivesIdenticalWeights() {
        Sequential a = new Sequential(new Dense(8).inputDim(3), new Dense(2)).setSeed(11);
        Sequential b = new Sequential(new Dense(8).inputDim(3), new Dense(2)).setSeed(11);
        Sequential c = new Sequential(new Dense(8).inputDim(3), new Dense(2)).setSeed(12);
        a.build(3);
        b.build(3);
        c.build(3);
        assertArrayEquals(a.parameters().values().toDoubleVector(), b.parameters().values().toDoubleVector());
        assertTrue(!a.parameters().values().equals(c.parameters().values()));
    }
}
