package io.kerasj.examples;

import static org.junit.jupiter.api.Assertions.*;

import io.kerasj.datasets.Mnist;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitGridTest {

    @TempDir Path tmp;

    @Test
    void titlesReadLabelArrowPredictionWithTheDataSetsClassNames() {
        assertEquals("7 → 7", DigitGrid.title(7, 7, DatasetName.MNIST::className));
        assertEquals("✗ 5 → 6", DigitGrid.title(5, 6, DatasetName.MNIST::className));
        assertEquals("✗ Ankle boot → T-shirt/top", DigitGrid.title(9, 0, DatasetName.FASHION_MNIST::className));
        assertEquals("Bag → Bag", DigitGrid.title(8, 8, DatasetName.FASHION_MNIST::className));
    }

    @Test
    void theGridHasACaptionAboveTheImages() throws Exception {
        Path dir = IdxFixtures.write(tmp.resolve("data"), 16, 16, 3);
        Mnist.Split test = Mnist.loadData(dir).test();
        int[] predicted = new int[16];
        Path png = DigitGrid.save(test, predicted, DatasetName.MNIST::className,
                "The first 16 test digits, each titled label → prediction.", tmp.resolve("grid.png"));
        BufferedImage image = Pngs.assertValidPng(png, 8 * 100, 2 * 100);
        // The caption's text is dark on the white strip above the first row of titles.
        boolean inked = false;
        for (int y = 0; y < 30 && !inked; y++) {
            for (int x = 0; x < 200 && !inked; x++) {
                inked = (image.getRGB(x, y) & 0xFF) < 128;
            }
        }
        assertTrue(inked, "no caption drawn at the top left");
    }
}
