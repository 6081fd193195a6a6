package io.kerasj.data;

import io.kerasj.datasets.DatasetException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file with a header row as a {@link Dataset} of samples, read record by record with Apache Commons CSV and
 * never loaded whole: what tf.data's {@code make_csv_dataset} gives a Keras user.
 *
 * <pre>{@code
 * Dataset train = CsvDataset.read(Path.of("churn.csv"), "churned").shuffle(2000).batch(32);
 * }</pre>
 *
 * <p>Targets come from the label columns named, features from the feature columns named (by default every other
 * column), in the order named. Every value read must be a decimal number (such as {@code 42}, {@code -0.5},
 * {@code 1e-3}); an empty field, {@code NaN}, {@code Infinity} or text stops the pass with a
 * {@link DatasetException} naming the file, the line and the column: nothing becomes NaN silently. Columns not
 * named are not read, so an id or a text column may stay in the file. The number of samples is unknown until a
 * pass ends.
 */
public final class CsvDataset {

    /** A decimal number; Java's parseDouble alone would also take "NaN", "Infinity", "0x1p3" and "1f". */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();

    private CsvDataset() {}

    /** The samples of {@code file}: targets from {@code labelColumns}, features from every other column. */
    public static Dataset read(Path file, String... labelColumns) {
        List<String> header = header(file);
        List<String> labels = List.of(labelColumns);
        List<String> features = header.stream().filter(c -> !labels.contains(c)).toList();
        return read(file, features, labels);
    }

    /**
     * The samples of {@code file}: features from {@code featureColumns}, targets from {@code labelColumns} (empty
     * for data to predict on), each in the order given.
     */
    public static Dataset read(Path file, List<String> featureColumns, List<String> labelColumns) {
        List<String> header = header(file);
        int[] features = indices(file, header, featureColumns, "feature");
        int[] labels = indices(file, header, labelColumns, "label");
        Set<String> both = new HashSet<>(featureColumns);
        both.retainAll(labelColumns);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("CsvDataset: " + file + ": columns " + both + " are both features and "
                    + "labels");
        }
        if (features.length == 0) {
            throw new IllegalArgumentException("CsvDataset: " + file + ": no feature column; the header is " + header);
        }
        return Dataset.fromSamples(() -> new Records(file, header, features, labels));
    }

    /** The column names of the file's header row. */
    public static List<String> header(Path file) {
        try (CSVParser parser = FORMAT.parse(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            List<String> names = parser.getHeaderNames();
            if (names.isEmpty()) {
                throw new DatasetException("CsvDataset: " + file + " is empty; expected a header row of column names");
            }
            return List.copyOf(names);
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException("CsvDataset: cannot read the header of " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // Commons CSV refuses a header with a duplicate or empty name this way.
            throw new DatasetException("CsvDataset: " + file + ": bad header row: " + e.getMessage(), e);
        }
    }

    private static int[] indices(Path file, List<String> header, List<String> columns, String what) {
        if (columns == null) {
            throw new IllegalArgumentException("CsvDataset: the " + what + " columns are null");
        }
        int[] index = new int[columns.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = header.indexOf(columns.get(i));
            if (index[i] < 0) {
                throw new IllegalArgumentException("CsvDataset: " + file + " has no " + what + " column \""
                        + columns.get(i) + "\"; its columns are " + header);
            }
        }
        return index;
    }

    /** One pass: the file open, a record read each time a sample is asked for, closed at the end or on close. */
    private static final class Records implements Iterator<Dataset.Sample>, AutoCloseable {

        private final Path file;
        private final List<String> header;
        private final int[] features;
        private final int[] labels;
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private boolean closed;

        Records(Path file, List<String> header, int[] features, int[] labels) {
            this.file = file;
            this.header = header;
            this.features = features;
            this.labels = labels;
            try {
                Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                this.parser = FORMAT.parse(reader);
            } catch (IOException e) {
                throw new DatasetException("CsvDataset: cannot open " + file + ": " + e.getMessage(), e);
            }
            if (!parser.getHeaderNames().equals(header)) {
                close();
                throw new DatasetException("CsvDataset: the header of " + file + " changed since the dataset was made: "
                        + parser.getHeaderNames() + " instead of " + header);
            }
            this.records = parser.iterator();
        }

        @Override public boolean hasNext() {
            if (closed) {
                return false;
            }
            boolean more;
            try {
                more = records.hasNext();
            } catch (UncheckedIOException | IllegalStateException e) {
                close();
                throw new DatasetException("CsvDataset: " + file + " line " + parser.getCurrentLineNumber() + ": "
                        + e.getMessage(), e);
            }
            if (!more) {
                close();
            }
            return more;
        }

        @Override public Dataset.Sample next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            CSVRecord record = records.next();
            if (record.size() != header.size()) {
                throw new DatasetException("CsvDataset: " + file + " line " + line(record) + ": " + record.size()
                        + " fields, but the header has " + header.size() + " columns");
            }
            return new Dataset.Sample(values(record, features),
                    labels.length == 0 ? null : values(record, labels));
        }

        private double[] values(CSVRecord record, int[] columns) {
            double[] values = new double[columns.length];
            for (int i = 0; i < columns.length; i++) {
                String text = record.get(columns[i]);
                if (!NUMBER.matcher(text).matches()) {
                    throw new DatasetException("CsvDataset: " + file + " line " + line(record) + ", column \""
                            + header.get(columns[i]) + "\": " + (text.isEmpty() ? "empty value" : "\"" + text + "\" is "
                            + "not a number") + "; every value read must be a finite decimal number");
                }
                values[i] = Double.parseDouble(text);
                if (!Double.isFinite(values[i])) {
                    throw new DatasetException("CsvDataset: " + file + " line " + line(record) + ", column \""
                            + header.get(columns[i]) + "\": " + text + " is beyond the range of a double");
                }
            }
            return values;
        }

        /** The line the record starts on: the header is line 1, and a quoted field may span lines. */
        private long line(CSVRecord record) {
            return parser.getCurrentLineNumber() - countLineBreaks(record);
        }

        private static long countLineBreaks(CSVRecord record) {
            long breaks = 0;
            for (String value : record) {
                breaks += value.chars().filter(c -> c == '\n').count();
            }
            return breaks;
        }

        @Override public void close() {
            if (!closed) {
                closed = true;
                try {
                    parser.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("CsvDataset: closing " + file + " failed", e);
                }
            }
        }
    }
}
