package io.kerasj.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MNIST programs on IDX data that is not the published MNIST, as Fashion-MNIST is (see {@link IdxFixtures}). */
class OtherIdxDataTest {

    @TempDir Path tmp;

    @Test
    void fashionMnistGetsItsClassNamesAndFileNames() throws Exception {
        Path data = IdxFixtures.write(tmp.resolve("fashion"), 200, 40, 1);
        var run = Console.capture(() -> MnistSoftmaxRegression.run("--epochs", "3", "--learning-rate", "0.01",
                "--data-dir", data.toString(), "--dataset", "fashion_mnist", "--output", tmp.toString()));
        assertEquals(tmp.resolve("fashion_mnist_softmax_articles.png"), run.result().gridPng());
        Pngs.assertValidPng(run.result().gridPng(), 8 * 100, 5 * 100);
        assertFalse(Files.exists(tmp.resolve("mnist_softmax_digits.png")));
        // The loader says once that these are not the standard MNIST; no note asks for --dataset.
        assertEquals(1, count(run.err(), "does not hold the standard MNIST data"), run.err());
        assertFalse(run.out().contains("--dataset fashion_mnist for its class names"), run.out());

        var mlp = Console.capture(() -> MnistMlp.run("--epochs", "1", "--verbose", "0", "--show", "1",
                "--data-dir", data.toString(), "--dataset", "fashion_mnist"));
        // The first test image is class 0 (i % 10): T-shirt/top.
        assertTrue(mlp.out().contains("test image 0 (label T-shirt/top):"), mlp.out());
    }

    @Test
    void withoutDatasetTheProgramsSayHowToNameFashionMnist() throws Exception {
        Path data = IdxFixtures.write(tmp.resolve("other"), 100, 20, 2);
        var run = Console.capture(() -> MnistSoftmaxRegression.run("--epochs", "1", "--data-dir", data.toString(),
                "--output", tmp.toString()));
        assertTrue(run.out().contains("not the standard MNIST digits") && run.out().contains("--dataset fashion_mnist"),
                run.out());
        assertEquals(tmp.resolve("mnist_softmax_digits.png"), run.result().gridPng());
    }

    @Test
    void anUnknownDatasetIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MnistMlp.run("--dataset", "kmnist"));
        assertEquals("MnistMlp: --dataset must be mnist or fashion_mnist. Received: kmnist", e.getMessage());
    }

    @Test
    void theTutorialsLearningRateIsWarnedAboutWhenItIsTooLargeForTheData() throws Exception {
        // Bright images: the loss is steep along their large mean, and full-batch SGD at the tutorial's 0.9
        // overshoots, so the loss climbs from one checkpoint to the next (on MNIST it falls at every one).
        Path data = IdxFixtures.writeBright(tmp.resolve("bright"), 200, 20, 3);
        var run = Console.capture(() -> MnistSoftmaxRegression.run("--epochs", "6", "--print-every", "1",
                "--data-dir", data.toString(), "--dataset", "fashion_mnist", "--output", tmp.toString()));
        assertTrue(run.result().lossRose(), run.out());
        assertTrue(run.out().contains("Warning: the loss has risen at 2 of the checkpoints above")
                && run.out().contains("learning rate 0.9 is too large") && run.out().contains("--learning-rate 0.09"),
                run.out());
        assertEquals(1, count(run.out(), "Warning: the loss has risen"), "warned once:\n" + run.out());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
