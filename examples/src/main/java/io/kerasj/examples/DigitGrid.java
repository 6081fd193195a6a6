package io.kerasj.examples;

import io.kerasj.datasets.Mnist;
import java.io.IOException;
import java.nio.file.Path;

/** The first test digits in a grid, each titled "label → prediction", mistakes marked (✗, red). */
final class DigitGrid {

    static final int COLS = 8;

    private DigitGrid() {}

    /** Draws the first {@code predicted.length} images of the split (up to 40 fit the usual 5 × 8 grid). */
    static Path save(Mnist.Split split, int[] predicted, Path file) throws IOException {
        int count = predicted.length;
        int rows = (count + COLS - 1) / COLS;
        var charts = Plots.digitCharts(count, split.rows(), split.cols(), split::pixel, split::label, i -> predicted[i]);
        return Plots.saveGrid(charts, rows, Math.min(COLS, count), file);
    }
}
