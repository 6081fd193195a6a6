package io.kerasj.integration.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Flatten;
import io.kerasj.layers.Input;
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Inputs of more than one axis, declared as Keras users declare them: Input(4, 3), Flatten, Dense. */
class ImageInputTest {

    private static final int M = 40;

    /** 40 "images" of 4 × 3 values, and a class id per image from the sign of two pixels' sum. */
    private static INDArray images() {
        Random random = new Random(3);
        INDArray x = Nd4j.create(DataType.FLOAT, M, 4, 3);
        for (int i = 0; i < M; i++) {
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 3; c++) {
                    x.putScalar(new long[] {i, r, c}, random.nextGaussian());
                }
            }
        }
        return x;
    }

    private static INDArray labels(INDArray x) {
        INDArray y = Nd4j.create(DataType.FLOAT, M);
        for (int i = 0; i < M; i++) {
            y.putScalar(i, x.getDouble(i, 0, 0) + x.getDouble(i, 3, 2) > 0 ? 1 : 0);
        }
        return y;
    }

    private static float[] flat(INDArray a) {
        return a.reshape(a.length()).toFloatVector();
    }

    private static Sequential imageModel() {
        Sequential model = new Sequential(new Input(4, 3), new Flatten(), new Dense(8, Activation.RELU),
                new Dense(2, Activation.SOFTMAX)).setSeed(7);
        model.compile(new Adam(0.01), new SparseCategoricalCrossentropy(), "accuracy");
        return model;
    }

    /** Flatten is a view in C order: the same training as on rows flattened by hand, bit for bit. */
    @Test
    void trainingOnImagesEqualsTrainingOnTheirFlattenedRows() {
        INDArray x = images();
        INDArray y = labels(x);
        Sequential images = imageModel();
        Sequential rows = new Sequential(new Dense(8, Activation.RELU).inputDim(12), new Dense(2, Activation.SOFTMAX))
                .setSeed(7);
        rows.compile(new Adam(0.01), new SparseCategoricalCrossentropy(), "accuracy");
        FitOptions options = new FitOptions().epochs(3).batchSize(8).verbose(0);

        List<Double> imageLoss = images.fit(x, y, options).get("loss");
        List<Double> rowLoss = rows.fit(x.reshape('c', M, 12), y, options).get("loss");

        assertEquals(rowLoss, imageLoss);
        List<INDArray> a = images.getWeights();
        List<INDArray> b = rows.getWeights();
        assertEquals(b.size(), a.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(flat(b.get(i)), flat(a.get(i)), 0f, "weight " + i);
        }
        assertArrayEquals(new long[] {M, 2}, images.predict(x).shape());
    }

    @Test
    void theSummaryShowsTheFlattenedShapeAndNoInputRow() {
        Sequential model = imageModel();
        model.build(4, 3);
        String summary = model.summaryText();
        assertTrue(summary.matches("(?s).* flatten \\(Flatten\\) +\\(None, 12\\) +0\n.*"), summary);
        assertTrue(summary.matches("(?s).* dense \\(Dense\\) +\\(None, 8\\) +104\n.*"), summary);
        assertFalse(summary.contains("InputLayer"), summary);
        assertTrue(summary.contains("Trainable params: 122"), summary);
    }

    @Test
    void anImageOfAnotherShapeIsRefusedNamingBothShapes() {
        Sequential model = imageModel();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.predict(Nd4j.zeros(DataType.FLOAT, 5, 3, 4)));
        assertEquals("InputLayer \"input_layer\": expected input of shape (None, 4, 3), got shape (None, 3, 4)",
                e.getMessage());
    }

    @Test
    void anImageModelIsSavedAndLoadedWithItsShapes(@TempDir Path dir) throws IOException {
        INDArray x = images();
        Sequential model = imageModel();
        model.fit(x, labels(x), new FitOptions().epochs(1).batchSize(8).verbose(0));
        Path file = dir.resolve("images.kjm");
        model.save(file);

        Sequential loaded = Sequential.load(file);
        assertArrayEquals(new long[] {4, 3}, loaded.layers().get(0).inputShape());
        assertEquals(List.of("InputLayer", "Flatten", "Dense", "Dense"),
                loaded.layers().stream().map(l -> l.typeName()).toList());
        assertArrayEquals(flat(model.predict(x)), flat(loaded.predict(x)), 0f);
    }
}
