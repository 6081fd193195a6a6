package io.kerasj.examples;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
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

    /** Per-epoch curves, e.g. training and validation loss. */
    static XYChart curves(String title, String yTitle, List<Integer> epochs, List<String> names, List<List<Double>> series) {
        XYChart chart = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(4);
        if (yTitle.equals("accuracy")) {
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        }
        List<Integer> x = epochs.stream().map(e -> e + 1).toList();
        for (int i = 0; i < names.size(); i++) {
            XYSeries s = chart.addSeries(names.get(i), x, series.get(i));
            s.setLineColor(DARK[i % DARK.length]);
            s.setMarkerColor(DARK[i % DARK.length]);
        }
        return chart;
    }

    /**
     * One small gray-scale image per digit, titled "label → predicted"; mistakes in red with an ✗.
     *
     * @param pixel (image, row, col) → 0..255
     */
    static List<HeatMapChart> digitCharts(int count, int rows, int cols, PixelSource pixel, IntUnaryOperator label,
            IntUnaryOperator predicted) {
        List<HeatMapChart> charts = new ArrayList<>();
        int[] xs = new int[cols];
        int[] ys = new int[rows];
        for (int c = 0; c < cols; c++) {
            xs[c] = c;
        }
        for (int r = 0; r < rows; r++) {
            ys[r] = r;
        }
        for (int i = 0; i < count; i++) {
            int truth = label.applyAsInt(i);
            int guess = predicted.applyAsInt(i);
            boolean wrong = truth != guess;
            HeatMapChart chart = new HeatMapChartBuilder().width(130).height(150)
                    .title(wrong ? "✗ " + truth + " → " + guess : truth + " → " + guess).build();
            int[][] heat = new int[cols][rows];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    heat[c][rows - 1 - r] = pixel.at(i, r, c);  // row 0 at the top
                }
            }
            chart.addSeries("digit", xs, ys, heat);
            var s = chart.getStyler();
            s.setLegendVisible(false);
            s.setRangeColors(new Color[] {Color.WHITE, Color.BLACK});
            s.setMin(0);
            s.setMax(255);
            s.setAxisTicksVisible(false);
            s.setAxisTitlesVisible(false);
            s.setPlotGridLinesVisible(false);
            s.setPlotBorderVisible(wrong);
            s.setPlotBorderColor(Color.RED);
            s.setChartBackgroundColor(Color.WHITE);
            s.setChartFontColor(wrong ? Color.RED : Color.DARK_GRAY);
            s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            s.setChartTitleBoxVisible(false);
            s.setChartPadding(4);
            s.setPlotMargin(0);
            s.setDrawBorder(false);
            s.setShowValue(false);
            charts.add(chart);
        }
        return charts;
    }

    @FunctionalInterface
    interface PixelSource {
        int at(int image, int row, int col);
    }

    /** Writes one chart as PNG: to a temporary file first, then moved into place. */
    static Path save(Chart<?, ?> chart, Path file) throws IOException {
        return write(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG), file);
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
