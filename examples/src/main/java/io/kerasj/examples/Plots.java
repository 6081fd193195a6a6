package io.kerasj.examples;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of the examples, drawn with XChart off-screen (headless: no display needed). */
final class Plots {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Color[] DARK = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75)};

    private Plots() {}

    private static Color light(Color c) {
        return new Color((c.getRed() + 3 * 255) / 4, (c.getGreen() + 3 * 255) / 4, (c.getBlue() + 3 * 255) / 4);
    }

    /**
     * The samples, coloured by class, over the regions where the model predicts each class.
     *
     * @param x        samples [n][2]
     * @param y        their classes
     * @param classify the predicted class of each grid point [m][2]
     */
    static XYChart decisionRegions(String title, double[][] x, int[] y, int classes,
            java.util.function.Function<double[][], int[]> classify) {
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (double[] p : x) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        double padX = (maxX - minX) * 0.08, padY = (maxY - minY) * 0.08;
        minX -= padX;
        maxX += padX;
        minY -= padY;
        maxY += padY;
        int steps = 120;
        double[][] grid = new double[steps * steps][];
        for (int i = 0; i < steps; i++) {
            for (int j = 0; j < steps; j++) {
                grid[i * steps + j] = new double[] {minX + (maxX - minX) * (i + 0.5) / steps,
                        minY + (maxY - minY) * (j + 0.5) / steps};
            }
        }
        int[] regions = classify.apply(grid);
        XYChart chart = new XYChartBuilder().width(720).height(560).title(title).xAxisTitle("x1").yAxisTitle("x2").build();
        Styler styler = chart.getStyler();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setXAxisMin(minX).setXAxisMax(maxX).setYAxisMin(minY).setYAxisMax(maxY);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(6);
        for (int c = 0; c < classes; c++) {
            List<Double> gx = new ArrayList<>(), gy = new ArrayList<>();
            for (int k = 0; k < grid.length; k++) {
                if (regions[k] == c) {
                    gx.add(grid[k][0]);
                    gy.add(grid[k][1]);
                }
            }
            if (!gx.isEmpty()) {
                XYSeries s = chart.addSeries("region " + c, gx, gy);
                s.setMarker(SeriesMarkers.SQUARE);
                s.setMarkerColor(light(DARK[c % DARK.length]));
                s.setShowInLegend(false);
            }
        }
        for (int c = 0; c < classes; c++) {
            List<Double> px = new ArrayList<>(), py = new ArrayList<>();
            for (int k = 0; k < x.length; k++) {
                if (y[k] == c) {
                    px.add(x[k][0]);
                    py.add(x[k][1]);
                }
            }
            if (!px.isEmpty()) {
                XYSeries s = chart.addSeries("class " + c, px, py);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(DARK[c % DARK.length]);
            }
        }
        return chart;
    }

    /**
     * Per-epoch curves, e.g. training and validation loss. The x axis is labelled with whole epochs only, at
     * most about ten of them; a run of more than 100 epochs is drawn at every tenth of the label step. With
     * {@code logScale} the y axis is logarithmic, for a loss that falls by orders of magnitude: on a linear axis
     * its later epochs lie flat against zero.
     */
    static XYChart curves(String title, String yTitle, List<Integer> epochs, List<String> names, List<List<Double>> series,
            boolean logScale) {
        XYChart chart = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("epoch")
                .yAxisTitle(logScale ? yTitle + " (log scale)" : yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(logScale || !yTitle.equals("accuracy") ? Styler.LegendPosition.InsideNE
                : Styler.LegendPosition.InsideSE);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setYAxisLogarithmic(logScale);
        // XChart labels a log axis at powers of ten only: enough over two decades or more, but a loss within less
        // gets one label or none, so there the ticks at 2..9 × 10^k are labelled too.
        chart.getStyler().setYAxisLogarithmicDecadeOnly(decades(series) >= 2);
        // XChart puts a tick on every epoch and labels each one ("1.0", "2.0", ...), which crowds a long run.
        // Only about ten are labelled here, as whole numbers: epoch 1 and the multiples of a round step.
        int step = labelStep(epochs.size());
        chart.getStyler().setxAxisTickLabelsFormattingFunction(epoch -> epochLabel(epoch, step));
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        // XChart thins the ticks of more than about a hundred points on its own, away from the round epochs; a
        // long run is drawn at every tenth of the label step instead (every 10th epoch of 1000), which keeps the
        // labelled epochs among the points.
        int every = Math.max(1, step / 10);
        List<Integer> shown = new ArrayList<>();
        for (int k = 0; k < epochs.size(); k++) {
            if (every == 1 || (epochs.get(k) + 1) % every == 0) {
                shown.add(k);
            }
        }
        List<Double> x = shown.stream().map(k -> epochs.get(k) + 1.0).toList();
        for (int i = 0; i < names.size(); i++) {
            List<Double> values = series.get(i);
            XYSeries s = chart.addSeries(names.get(i), x, shown.stream().map(values::get).toList());
            s.setLineColor(DARK[i % DARK.length]);
            s.setMarkerColor(DARK[i % DARK.length]);
        }
        return chart;
    }

    /** The smallest of 1, 2, 5, 10, 20, 50, ... that labels at most ten of {@code epochs} epochs. */
    static int labelStep(int epochs) {
        for (int decade = 1; ; decade *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                if (epochs / (m * decade) <= 10) {
                    return m * decade;
                }
            }
        }
    }

    /**
     * The label of the tick at {@code epoch}: the epoch for epoch 1 and the multiples of {@code step}, else a label
     * that shows nothing. That one cannot be empty (XChart's text layout rejects it), nor the same for every tick
     * (XChart drops ticks until no two labels are equal): it is the epoch in binary, written with two characters
     * that have no width, zero-width space and zero-width non-joiner.
     */
    static String epochLabel(double epoch, int step) {
        long e = Math.round(epoch);
        return e == 1 || e % step == 0 ? Long.toString(e)
                : Long.toBinaryString(e).replace('0', '\u200B').replace('1', '\u200C');
    }

    /** Whether the positive values span at least a factor of 10, where a log scale reads better than a linear one. */
    static boolean spansOrdersOfMagnitude(List<List<Double>> series) {
        return decades(series) >= 1;
    }

    /** log10(max / min) of the values; 0 unless all are positive and finite. */
    private static double decades(List<List<Double>> series) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (List<Double> values : series) {
            for (double v : values) {
                if (!(v > 0) || Double.isInfinite(v)) {
                    return 0;
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return max > 0 ? Math.log10(max / min) : 0;
    }

    /** Writes one chart as PNG: to a temporary file first, then moved into place. */
    static Path save(Chart<?, ?> chart, Path file) throws IOException {
        return write(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG), file);
    }

    /** Writes a picture drawn with Java2D as PNG: to a temporary file first, then moved into place. */
    static Path save(BufferedImage image, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return write(bytes.toByteArray(), file);
    }

    /** Writes charts tiled in a grid of {@code rows} × {@code cols} as one PNG. */
    static <T extends Chart<?, ?>> Path saveGrid(List<T> charts, int rows, int cols, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(charts, rows, cols, bytes, BitmapEncoder.BitmapFormat.PNG);
        return write(bytes.toByteArray(), file);
    }

    /** Temporary files are created owner-only; the finished PNG should read like any other file (rw-r--r--). */
    private static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: keep the default
        }
    }

    private static Path write(byte[] png, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(temp, png);
            readableByAll(temp);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return file;
    }
}
