package io.kerasj.examples;

import io.kerasj.core.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Serves a model trained in Python: loads a Keras file ({@code .keras}, a Keras HDF5 {@code .h5}, or KerasJ's own),
 * prints its {@code summary()}, and prints the predictions for each row of a CSV file, one line per row (with the
 * most probable class when the model has several outputs). docs/from-keras.md walks through it.
 *
 * <pre>mvn -q -pl examples -am compile exec:java -Dexec.mainClass=io.kerasj.examples.KerasPredict \
 *     -Dexec.args="--model model.keras --csv rows.csv"</pre>
 *
 * <p>The CSV holds one sample per line, its values separated by commas, as many as the model's input has elements
 * (flattened in C order for inputs of several axes); a first line that is not numeric is taken as a header.
 */
public final class KerasPredict {

    static {
        Examples.initLogging();
    }

    private KerasPredict() {}

    public static void main(String[] args) {
        Examples.main(args, KerasPredict::run);
    }

    static Options options() {
        return new Options("KerasPredict")
                .add("model", "", "the model file: .keras, Keras HDF5 .h5, or KerasJ's own (required)")
                .add("csv", "", "CSV file of input rows, comma-separated numbers; a header line is skipped (required)");
    }

    /** Runs the program; returns the predictions (null for --help). */
    static INDArray run(String... args) {
        Options o = options().parse(args);
        if (o.helpRequested()) {
            System.out.println(o.usage());
            return null;
        }
        Path modelPath = o.path("model");
        Path csv = o.path("csv");
        if (modelPath == null || csv == null) {
            throw new IllegalArgumentException("KerasPredict: --model and --csv are required\n" + o.usage());
        }
        try {
            Sequential model = Sequential.load(modelPath, false);
            model.summary();
            long[] inputShape = model.layers().get(0).inputShape();
            INDArray x = rows(csv, inputShape);
            INDArray y = model.predict(x);
            for (int i = 0; i < y.size(0); i++) {
                double[] row = y.getRow(i).dup().ravel().toDoubleVector();
                StringBuilder line = new StringBuilder("row " + (i + 1) + ":");
                for (double v : row) {
                    line.append(String.format(Locale.ROOT, " %.6f", v));
                }
                if (row.length > 1) {
                    int best = 0;
                    for (int c = 1; c < row.length; c++) {
                        best = row[c] > row[best] ? c : best;
                    }
                    line.append("  -> class ").append(best);
                }
                System.out.println(line);
            }
            return y;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CSV's rows as a batch of the model's input shape. */
    static INDArray rows(Path csv, long[] inputShape) throws IOException {
        long width = Arrays.stream(inputShape).reduce(1, Math::multiplyExact);
        List<float[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",");
            float[] row = new float[cells.length];
            try {
                for (int c = 0; c < cells.length; c++) {
                    row[c] = Float.parseFloat(cells[c].strip());
                }
            } catch (NumberFormatException e) {
                if (rows.isEmpty() && n == 0) {
                    continue;  // a header line
                }
                throw new IllegalArgumentException("KerasPredict: " + csv + " line " + (n + 1) + " is not a row of "
                        + "numbers: " + line);
            }
            if (row.length != width) {
                throw new IllegalArgumentException("KerasPredict: " + csv + " line " + (n + 1) + " has " + row.length
                        + " values; the model takes " + width + " (input shape " + Arrays.toString(inputShape) + ")");
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("KerasPredict: " + csv + " holds no rows");
        }
        long[] shape = new long[inputShape.length + 1];
        shape[0] = rows.size();
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        return Nd4j.createFromArray(rows.toArray(float[][]::new)).castTo(DataType.FLOAT).reshape(shape);
    }
}
