package io.kerasj.examples;

import io.kerasj.datasets.Mnist;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Small IDX data sets of 28 × 28 images under MNIST's file names, which are not the published MNIST: a stand-in
 * for Fashion-MNIST, which the tests cannot download. In {@link #write} each class is a bright vertical bar at
 * its own column, with noise, so that a model can learn them; {@link #writeBright} makes every pixel bright.
 */
final class IdxFixtures {

    private IdxFixtures() {}

    static Path write(Path dir, int train, int test, long seed) throws IOException {
        return write(dir, train, test, seed, false);
    }

    /**
     * Images whose every pixel is 200–255, classes 0–9 in turn: the inputs' mean is large, so the loss is steep along
     * it, as for inverted or bright images.
     */
    static Path writeBright(Path dir, int train, int test, long seed) throws IOException {
        return write(dir, train, test, seed, true);
    }

    private static Path write(Path dir, int train, int test, long seed, boolean bright) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        writeSplit(dir, Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS, train, random, bright);
        writeSplit(dir, Mnist.TEST_IMAGES, Mnist.TEST_LABELS, test, random, bright);
        return dir;
    }

    private static void writeSplit(Path dir, String imagesName, String labelsName, int n, Random random,
            boolean bright) throws IOException {
        ByteBuffer images = ByteBuffer.allocate(16 + n * 784).putInt(0x00000803).putInt(n).putInt(28).putInt(28);
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x00000801).putInt(n);
        for (int i = 0; i < n; i++) {
            int label = i % 10;
            labels.put((byte) label);
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    boolean bar = bright || (c >= 4 + 2 * label && c < 6 + 2 * label);
                    images.put((byte) (bar ? 200 + random.nextInt(56) : random.nextInt(30)));
                }
            }
        }
        gzip(dir.resolve(imagesName + ".gz"), images.array());
        gzip(dir.resolve(labelsName + ".gz"), labels.array());
    }

    private static void gzip(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }
}
