package io.kerasj.callbacks;

import io.kerasj.core.Callback;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Streams each epoch's logs to a CSV file, as Keras's {@code CSVLogger}.
 *
 * <p>Layout: a header {@code epoch,<keys>} then one row per epoch: the epoch from 0, then the values in the
 * header's order. The keys are those of the first epoch's logs, sorted alphabetically ({@code epoch,accuracy,
 * loss,val_accuracy,val_loss}); a key missing from a later epoch is written as {@code NA}. Values are written
 * with {@link Double#toString(double)}. Rows end with "\n" and are flushed as they are written, so the file
 * can be followed during training.
 *
 * <p>{@code append = false} (default) overwrites the file at the start of training; {@code append = true}
 * continues it, for a resumed run, writing the header only if the file is missing or empty. Separator
 * default: ",".
 */
public final class CSVLogger implements Callback {

    private final Path file;
    private final String separator;
    private final boolean append;
    private BufferedWriter writer;
    private List<String> keys;
    private boolean writeHeader;

    public CSVLogger(Path file) {
        this(file, ",", false);
    }

    public CSVLogger(Path file, boolean append) {
        this(file, ",", append);
    }

    public CSVLogger(Path file, String separator, boolean append) {
        if (file == null || separator == null || separator.isEmpty()) {
            throw new IllegalArgumentException("CSVLogger: file and a non-empty separator are required");
        }
        this.file = file;
        this.separator = separator;
        this.append = append;
    }

    @Override public void onTrainBegin(Map<String, Double> logs) {
        try {
            boolean continuing = append && Files.exists(file) && Files.size(file) > 0;
            writeHeader = !continuing;
            keys = null;
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    continuing ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot open " + file, e);
        }
    }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
        try {
            if (keys == null) {
                keys = new ArrayList<>(logs.keySet());
                keys.sort(null);
                if (writeHeader) {
                    writer.write("epoch" + separator + String.join(separator, keys) + "\n");
                }
            }
            StringBuilder row = new StringBuilder().append(epoch);
            for (String key : keys) {
                Double value = logs.get(key);
                row.append(separator).append(value == null ? "NA" : value.toString());
            }
            writer.write(row.append('\n').toString());
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write to " + file, e);
        }
    }

    @Override public void onTrainEnd(Map<String, Double> logs) {
        try {
            if (writer != null) {
                writer.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot close " + file, e);
        } finally {
            writer = null;
        }
    }
}
