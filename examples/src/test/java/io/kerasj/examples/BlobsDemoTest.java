package io.kerasj.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobsDemoTest {

    @TempDir Path out;

    @Test
    void shortRunCompletesWritesPngsAndBeatsChance() throws Exception {
        BlobsDemo.Result r = BlobsDemo.run("--epochs", "3", "--seed", "7", "--verbose", "0", "--output", out.toString());
        assertEquals(3, r.history().epochs().size());
        assertEquals(3, r.history().get("val_accuracy").size());
        // Four classes: chance is 25%.
        assertTrue(r.testAccuracy() > 0.6, "test accuracy " + r.testAccuracy());
        assertEquals(out.resolve("blobs_decision_regions.png"), r.regionsPng());
        Pngs.assertValidPng(r.regionsPng(), 600, 400);
        Pngs.assertValidPng(r.curvesPng(), 1000, 300);
    }

    /** The bar: at least 99% test accuracy with the tutorial's settings, for any seed (two tried). */
    @Test
    void fullRunReaches99PercentForTwoSeeds() throws Exception {
        for (String seed : new String[] {"42", "2024"}) {
            BlobsDemo.Result r = BlobsDemo.run("--seed", seed, "--verbose", "2", "--output", out.toString());
            assertEquals(30, r.history().epochs().size());
            assertTrue(r.testAccuracy() >= 0.99, "seed " + seed + ": test accuracy " + r.testAccuracy());
        }
    }
}
