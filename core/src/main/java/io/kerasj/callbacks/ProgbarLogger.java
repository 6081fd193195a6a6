package io.kerasj.callbacks;

import io.kerasj.core.Callback;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's progress line, as a callback that {@code fit} adds when {@code verbose > 0}:
 * <pre>
 * Epoch 3/30
 * 120/120 [==============================] - 0s 1ms/step - loss: 0.0462 - accuracy: 0.9917 - val_loss: 0.0388 - val_accuracy: 0.9933
 * </pre>
 * On a terminal (verbose 1) the line is redrawn in place as batches complete; otherwise, and with verbose 2,
 * it is printed once at the end of each epoch.
 *
 * <p>When the number of batches is not known (a {@link io.kerasj.data.Dataset} read for the first time), the line
 * counts them as Keras does, {@code 37/Unknown - 2s 41ms/step - loss: ...}, and knows the count from the end of
 * the first epoch on. {@code evaluate} and {@code predict} draw one pass with the same line, without the epoch line.
 */
public final class ProgbarLogger implements Callback {

    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final int epochs;
    /** Batches per epoch; 0 or less while unknown. */
    private long steps;
    private final boolean live;
    private final boolean epochLine;
    private long done;
    private long epochStart;
    private long lastDraw;
    private int drawnLength;

    /**
     * @param out      where the lines go ({@code fit} uses standard output, as Keras)
     * @param epochs   the number of epochs, for "Epoch 3/30"
     * @param steps    batches per epoch
     * @param verbose  1: a bar redrawn in place on a terminal; 2: one line per epoch
     * @param terminal whether {@code out} is a terminal, where a line may be redrawn
     */
    public ProgbarLogger(PrintStream out, int epochs, int steps, int verbose, boolean terminal) {
        this(out, epochs, steps, verbose, terminal, true);
    }

    /**
     * The line of one pass of {@code evaluate} or {@code predict}, without an epoch line: driven by
     * {@code onEpochBegin}, {@code onTrainBatchEnd} and {@code onEpochEnd} as in {@code fit}.
     *
     * @param steps batches in the pass, or 0 when unknown
     */
    public ProgbarLogger(PrintStream out, long steps, int verbose, boolean terminal) {
        this(out, 1, steps, verbose, terminal, false);
    }

    private ProgbarLogger(PrintStream out, int epochs, long steps, int verbose, boolean terminal, boolean epochLine) {
        this.out = out;
        this.epochs = epochs;
        this.steps = steps;
        this.live = verbose == 1 && terminal;
        this.epochLine = epochLine;
    }

    @Override public void onEpochBegin(int epoch, Map<String, Double> logs) {
        if (epochLine) {
            out.println("Epoch " + (epoch + 1) + "/" + epochs);
        }
        epochStart = System.nanoTime();
        lastDraw = 0;
        drawnLength = 0;
        done = 0;
    }

    @Override public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        long now = System.nanoTime();
        // Counted here rather than read from the batch index, which is an int.
        done++;
        if (live && (now - lastDraw >= REDRAW_NANOS || done == steps)) {
            lastDraw = now;
            String line = line(done, logs, now, false);
            out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
            out.flush();
            drawnLength = line.length();
        }
    }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (steps <= 0) {
            // As Keras: the first pass over data of unknown length counts its batches; later epochs know them.
            steps = done;
        }
        // An epoch cut short (stopped, or out of data) shows where it ended.
        String line = line(Math.min(done, steps), logs, System.nanoTime(), true);
        out.println((live ? "\r" : "") + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        out.flush();
    }

    private String line(long done, Map<String, Double> logs, long now, boolean finished) {
        double elapsed = (now - epochStart) / 1e9;
        double perStep = elapsed / Math.max(1, done);
        StringBuilder s = new StringBuilder();
        if (steps <= 0) {
            s.append(String.format(Locale.ROOT, "%7d/Unknown - ", done));
        } else {
            String count = String.valueOf(steps);
            s.append(" ".repeat(Math.max(0, count.length() - String.valueOf(done).length()))).append(done).append('/')
                    .append(count);
            s.append(" [").append(bar(done)).append("] - ");
        }
        if (finished || steps <= 0) {
            s.append(Math.round(elapsed)).append("s ");
        } else {
            s.append("ETA: ").append(Math.round(perStep * (steps - done))).append("s ");
        }
        s.append(perStepText(perStep));
        logs.forEach((key, value) -> s.append(" - ").append(key).append(": ").append(number(value)));
        return s.toString();
    }

    /** As Keras's progress bar: four decimals, or four in scientific notation at magnitudes up to 1e-3. */
    static String number(double value) {
        return String.format(Locale.ROOT, Math.abs(value) > 1e-3 ? "%.4f" : "%.4e", value);
    }

    private String bar(long done) {
        int filled = (int) (BAR_WIDTH * done / steps);
        if (done < steps) {
            return "=".repeat(Math.max(0, filled - 1)) + ">" + ".".repeat(BAR_WIDTH - Math.max(1, filled));
        }
        return "=".repeat(BAR_WIDTH);
    }

    private static String perStepText(double seconds) {
        if (seconds >= 1) {
            return Math.round(seconds) + "s/step";
        }
        if (seconds >= 1e-3) {
            return Math.round(seconds * 1e3) + "ms/step";
        }
        return Math.round(seconds * 1e6) + "us/step";
    }
}
