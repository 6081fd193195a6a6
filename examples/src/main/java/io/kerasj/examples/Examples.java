package io.kerasj.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Small helpers shared by the example programs. */
final class Examples {

    private Examples() {}

    /**
     * Shows INFO logs on the console. slf4j-simple reads its level from a system property, and Maven run with
     * {@code -q} sets that property to "error" in the JVM that {@code exec:java} shares; the programs reset it
     * before their first logger is created. {@code -Dkerasj.logLevel=warn} (or debug, ...) chooses another level.
     */
    static void initLogging() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("kerasj.logLevel", "info"));
    }

    /**
     * Where PNGs go unless {@code --output} says otherwise: {@code examples/output} when run from the repository
     * root (as {@code mvn -pl examples ... exec:java} does), else {@code output} (e.g. run from {@code examples/}).
     */
    static String defaultOutputDir() {
        return Files.isDirectory(Path.of("examples")) ? Path.of("examples", "output").toString() : "output";
    }

    /** Runs a program's {@code run}: bad options print the message and usage (exit 2), missing data its reason (exit 1). */
    static void main(String[] args, Function<String[], ?> run) {
        try {
            run.apply(args);
        } catch (io.kerasj.datasets.DatasetException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** The index of the largest value of each row. */
    static int[] argmax(INDArray rows) {
        int[] out = new int[(int) rows.rows()];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int j = 1; j < rows.columns(); j++) {
                if (rows.getDouble(i, j) > rows.getDouble(i, best)) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Softmax of one row, computed stably in double precision: exp(z − max) / Σ exp(z − max). */
    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double[] e = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < z.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    static String row(double[] values, String format) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, values[i]));
        }
        return s.append(']').toString();
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}
