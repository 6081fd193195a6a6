package io.kerasj.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Checks that a file is a readable PNG of at least the given size, and not a blank picture. */
final class Pngs {

    private Pngs() {}

    static BufferedImage assertValidPng(Path file, int minWidth, int minHeight) throws IOException {
        assertTrue(Files.isRegularFile(file), "missing " + file);
        byte[] bytes = Files.readAllBytes(file);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        assertTrue(bytes.length > signature.length, file + " is empty");
        for (int i = 0; i < signature.length; i++) {
            assertEquals(signature[i], bytes[i], file + ": not a PNG signature at byte " + i);
        }
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " could not be decoded");
        assertTrue(image.getWidth() >= minWidth && image.getHeight() >= minHeight,
                file + " is " + image.getWidth() + "x" + image.getHeight());
        // Something is drawn: more than one colour.
        int first = image.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < image.getHeight() && !varied; y += 3) {
            for (int x = 0; x < image.getWidth() && !varied; x += 3) {
                varied = image.getRGB(x, y) != first;
            }
        }
        assertTrue(varied, file + " is a single colour");
        return image;
    }
}
