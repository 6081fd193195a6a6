package io.kerasj.examples;

import io.kerasj.datasets.Mnist;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The first test images in a grid of {@value #COLS} columns under a caption, each titled "label → prediction"
 * with the data set's class names; mistakes are red, marked ✗ and framed. Drawn with Java2D (headless).
 */
final class DigitGrid {

    static final int COLS = 8;
    /** Each pixel is drawn as a SCALE × SCALE square: 28 pixels become 112. */
    private static final int SCALE = 4;
    private static final int PAD = 8;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font CAPTION = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    private static final Color WRONG = new Color(204, 0, 0);

    private DigitGrid() {}

    /** The title of one image: its label, an arrow, the prediction; a mistake starts with ✗. */
    static String title(int label, int predicted, IntFunction<String> className) {
        return (label == predicted ? "" : "✗ ") + className.apply(label) + " → " + className.apply(predicted);
    }

    /** Draws the first {@code predicted.length} images of the split (40 make the usual 5 × 8 grid) as a PNG. */
    static Path save(Mnist.Split split, int[] predicted, IntFunction<String> className, String caption, Path file)
            throws IOException {
        int count = predicted.length;
        int cols = Math.max(1, Math.min(COLS, count));
        int rows = (count + cols - 1) / cols;
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            titles.add(title(split.label(i), predicted[i], className));
        }
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D measure = probe.createGraphics();
        FontMetrics titleMetrics = measure.getFontMetrics(TITLE);
        FontMetrics captionMetrics = measure.getFontMetrics(CAPTION);
        measure.dispose();
        int imageWidth = split.cols() * SCALE;
        int imageHeight = split.rows() * SCALE;
        int cellWidth = imageWidth;
        for (String t : titles) {
            cellWidth = Math.max(cellWidth, titleMetrics.stringWidth(t));
        }
        cellWidth += 2 * PAD;
        int cellHeight = titleMetrics.getHeight() + 4 + imageHeight + 2 * PAD;
        int width = cols * cellWidth;
        List<String> captionLines = wrap(caption, captionMetrics, width - 2 * PAD);
        int captionHeight = captionLines.size() * captionMetrics.getHeight() + 2 * PAD;

        BufferedImage canvas = new BufferedImage(width, captionHeight + rows * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(CAPTION);
        for (int l = 0; l < captionLines.size(); l++) {
            g.drawString(captionLines.get(l), PAD, PAD + captionMetrics.getAscent() + l * captionMetrics.getHeight());
        }
        g.setFont(TITLE);
        for (int i = 0; i < count; i++) {
            int x = (i % cols) * cellWidth;
            int y = captionHeight + (i / cols) * cellHeight;
            boolean wrong = split.label(i) != predicted[i];
            g.setColor(wrong ? WRONG : Color.DARK_GRAY);
            g.drawString(titles.get(i), x + (cellWidth - titleMetrics.stringWidth(titles.get(i))) / 2,
                    y + PAD + titleMetrics.getAscent());
            int imageX = x + (cellWidth - imageWidth) / 2;
            int imageY = y + PAD + titleMetrics.getHeight() + 4;
            for (int r = 0; r < split.rows(); r++) {
                for (int c = 0; c < split.cols(); c++) {
                    int ink = 255 - split.pixel(i, r, c);  // 255 is ink: drawn black on white
                    g.setColor(new Color(ink, ink, ink));
                    g.fillRect(imageX + c * SCALE, imageY + r * SCALE, SCALE, SCALE);
                }
            }
            if (wrong) {
                g.setColor(WRONG);
                g.setStroke(new BasicStroke(2));
                g.drawRect(imageX - 3, imageY - 3, imageWidth + 6, imageHeight + 6);
            }
        }
        g.dispose();
        return Plots.save(canvas, file);
    }

    /** Splits {@code text} into lines no wider than {@code width} pixels, at spaces. */
    private static List<String> wrap(String text, FontMetrics metrics, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && metrics.stringWidth(line + " " + word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
