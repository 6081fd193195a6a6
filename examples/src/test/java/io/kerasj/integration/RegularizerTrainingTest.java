package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.GradientCheck;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Initializer;
import io.kerasj.losses.MeanSquaredError;
import io.kerasj.optimizers.SGD;
import io.kerasj.regularizers.L1;
import io.kerasj.regularizers.L1L2;
import io.kerasj.regularizers.L2;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Dense's kernel and bias regularizers: their penalty in the loss, their gradient in the weights' gradients. */
class RegularizerTrainingTest {

    private static final DataType F64 = DataType.DOUBLE;
    private static final INDArray X = Nd4j.createFromArray(new double[][] {{1.0, 1.0}});
    private static final INDArray Y = Nd4j.createFromArray(new double[][] {{0.0}});

    /** W = [[2], [−1]], b = 0.5, kernel L2(0.1), bias L1(0.2), under MSE. */
    private static Sequential regularized() {
        Sequential model = new Sequential(F64,
                new Dense(1).kernelRegularizer(new L2(0.1)).biasRegularizer(new L1(0.2)));
        model.compile(new SGD(0.1), new MeanSquaredError());
        model.build(2);
        model.setWeights(List.of(Nd4j.createFromArray(new double[][] {{2.0}, {-1.0}}), Nd4j.createFromArray(0.5)));
        return model;
    }

    @Test
    void penaltyJoinsTheLossAndItsGradientTheWeightGradients() {
        // z = 2 − 1 + 0.5 = 1.5, MSE = 2.25; penalty 0.1·(2² + 1²) + 0.2·|0.5| = 0.6: loss 2.85.
        // ∂MSE/∂W = 2·1.5·x = [3, 3], plus 2·0.1·W = [0.4, −0.2]: [3.4, 2.8]; ∂/∂b = 3 + 0.2·sign(0.5) = 3.2.
        Sequential model = regularized();
        assertEquals(2.85, model.computeGradients(X, Y), 1e-12);
        assertArrayEquals(new double[] {3.4, 2.8, 3.2}, model.parameters().gradients().toDoubleVector(), 1e-12);
    }

    @Test
    void trainingAndEvaluationReportTheLossWithThePenalty() {
        // As Keras: train_on_batch reports the loss before the step, evaluate the loss with the penalty too.
        Sequential model = regularized();
        assertEquals(2.85, model.evaluate(X, Y).get("loss"), 1e-12);
        assertEquals(2.85, model.trainOnBatch(X, Y).get("loss"), 1e-12);
        // The step moved W by −0.1·[3.4, 2.8] and b by −0.1·3.2: W = [1.66, −1.28], b = 0.18.
        assertArrayEquals(new double[] {1.66, -1.28, 0.18}, model.parameters().values().toDoubleVector(), 1e-12);
    }

    @Test
    void gradientsOfARegularizedModelMatchFiniteDifferences() {
        Sequential model = new Sequential(F64,
                new Dense(5, Activation.TANH, Initializer.GLOROT_NORMAL).kernelRegularizer(new L1L2(0.05, 0.02))
                        .biasRegularizer(new L2(0.3)),
                new Dense(3, Activation.LINEAR, Initializer.GLOROT_NORMAL).kernelRegularizer(new L1(0.1)))
                .setSeed(5);
        model.compile(new SGD(), new MeanSquaredError());
        model.build(4);
        // Biases away from 0, where the L1 penalty has its kink.
        model.parameters().values().addi(0.01);
        GradientCheck.Result result = GradientCheck.model(model, Fixtures.gaussian(7, F64, 6, 4),
                Fixtures.gaussian(8, F64, 6, 3));
        assertTrue(result.passed(), result.toString());
    }

    @Test
    void regularizersAreSavedWithTheLayer(@TempDir Path dir) throws Exception {
        Sequential model = regularized();
        Path file = dir.resolve("regularized.kjm");
        model.save(file);
        Sequential loaded = Sequential.load(file);
        Dense dense = assertInstanceOf(Dense.class, loaded.layers().get(0));
        assertEquals(0.1, assertInstanceOf(L2.class, dense.kernelRegularizer()).l2());
        assertEquals(0.2, assertInstanceOf(L1.class, dense.biasRegularizer()).l1());
        assertEquals(2.85, loaded.evaluate(X, Y).get("loss"), 1e-12);
    }

    @Test
    void regularizersByKerasName() {
        Dense dense = new Dense(3).kernelRegularizer("l2").biasRegularizer("l1_l2");
        assertEquals(0.01, assertInstanceOf(L2.class, dense.kernelRegularizer()).l2());
        assertInstanceOf(L1L2.class, dense.biasRegularizer());
    }

    @Test
    void aRegularizerCannotBeAddedToABuiltLayer() {
        Sequential model = regularized();
        Dense dense = (Dense) model.layers().get(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> dense.kernelRegularizer("l1"));
        assertTrue(e.getMessage().contains("before the layer is built"), e.getMessage());
    }
}
