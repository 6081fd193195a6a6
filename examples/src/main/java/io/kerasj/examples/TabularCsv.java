package io.kerasj.examples;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Layer;
import io.kerasj.core.Sequential;
import io.kerasj.data.CsvDataset;
import io.kerasj.data.Dataset;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Initializer;
import io.kerasj.layers.Normalization;
import io.kerasj.losses.BinaryCrossentropy;
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tabular classifier trained from a CSV file streamed from disk, as a Keras user would with
 * {@code tf.data.experimental.make_csv_dataset}: the file is read batch by batch (never loaded whole), shuffled
 * through a buffer, and a {@link Normalization} layer adapted to it in one pass is the first layer. Without
 * {@code --csv}, a synthetic "customer churn" table (generated from the seed) is written to a temporary directory
 * and used. Prints Keras's progress lines and the validation results, and plots the loss per epoch.
 *
 * <pre>mvn -q -pl examples -am compile exec:java -Dexec.mainClass=io.kerasj.examples.TabularCsv \
 *     [-Dexec.args="--csv customers.csv --label churned --validation-csv holdout.csv"]</pre>
 */
public final class TabularCsv {

    static {
        Examples.initLogging();
    }

    private static final Logger log = LoggerFactory.getLogger(TabularCsv.class);

    /** The synthetic table's columns: an id (not a feature), five features, and the label. */
    static final List<String> CHURN_COLUMNS = List.of("customer_id", "tenure_months", "monthly_charges",
            "support_calls", "contract_months", "age", "churned");

    /** What a run produced. */
    public record Result(History history, Map<String, Double> validation, Path csv, Path lossPng) {}

    private TabularCsv() {}

    public static void main(String[] args) {
        Examples.main(args, TabularCsv::run);
    }

    static Options options() {
        return new Options("TabularCsv")
                .add("csv", "", "CSV file with a header row to train on; default: a synthetic churn table written to"
                        + " a temporary directory")
                .add("validation-csv", "", "CSV file to validate on (same columns); default: none, or the synthetic"
                        + " table's hold-out")
                .add("label", "churned", "the label column: class ids 0 .. classes-1")
                .add("ignore", "customer_id", "comma-separated columns that are not features (ids, text)")
                .add("classes", "2", "number of classes: 2 for a sigmoid output, more for a softmax")
                .add("rows", "4000", "rows of the synthetic table (a fifth of them held out for validation)")
                .add("epochs", "20", "training epochs")
                .add("batch-size", "32", "batch size")
                .add("shuffle-buffer", "1000", "rows in the shuffle buffer (tf.data's shuffle(buffer_size))")
                .add("learning-rate", "0.001", "Adam's learning rate")
                .add("seed", "42", "seeds the synthetic table, the model and the shuffling")
                .add("verbose", "1", "progress: 1 a line per epoch (live on a terminal), 2 plain, 0 none")
                .add("output", Examples.defaultOutputDir(), "directory for the PNG");
    }

    public static Result run(String... args) {
        Options o = options().parse(args);
        if (o.helpRequested()) {
            System.out.println(o.usage());
            return null;
        }
        int classes = o.integer("classes");
        int batchSize = o.integer("batch-size");
        int buffer = o.integer("shuffle-buffer");
        long seed = o.longValue("seed");
        if (classes < 2) {
            throw new IllegalArgumentException("TabularCsv: --classes must be at least 2. Received: " + classes);
        }
        if (batchSize <= 0 || buffer <= 0) {
            throw new IllegalArgumentException("TabularCsv: --batch-size and --shuffle-buffer must be > 0. Received: "
                    + batchSize + ", " + buffer);
        }
        Path csv = o.path("csv");
        Path validationCsv = o.path("validation-csv");
        if (csv == null) {
            Path dir = createTempDirectory();
            int rows = o.integer("rows");
            if (rows < 10) {
                throw new IllegalArgumentException("TabularCsv: --rows must be at least 10. Received: " + rows);
            }
            csv = writeChurnCsv(dir.resolve("churn_train.csv"), rows - rows / 5, seed);
            if (validationCsv == null) {
                validationCsv = writeChurnCsv(dir.resolve("churn_validation.csv"), rows / 5, seed + 1);
            }
            System.out.println("No --csv given: wrote a synthetic churn table to " + csv.toAbsolutePath());
        }

        String label = o.string("label");
        List<String> ignored = Arrays.stream(o.string("ignore").split(",")).map(String::trim).toList();
        List<String> features = CsvDataset.header(csv).stream()
                .filter(c -> !c.equals(label) && !ignored.contains(c)).toList();
        Dataset train = CsvDataset.read(csv, features, List.of(label));
        log.info("Training on {} (streamed), features {}, label \"{}\"", csv, features, label);

        // As Keras's layer.adapt(dataset): the statistics of every training row, in one streaming pass.
        Normalization norm = new Normalization().adapt(train.batch(1024));
        Layer output = classes == 2 ? new Dense(1, Activation.SIGMOID) : new Dense(classes, Activation.SOFTMAX);
        Sequential model = new Sequential(norm,
                new Dense(16, Activation.RELU, Initializer.HE_UNIFORM),
                new Dense(8, Activation.RELU, Initializer.HE_UNIFORM),
                output).setSeed(seed);
        model.compile(new Adam(o.number("learning-rate")),
                classes == 2 ? new BinaryCrossentropy() : new SparseCategoricalCrossentropy(), "accuracy");
        model.build(features.size());
        model.summary();

        FitOptions fit = new FitOptions().epochs(o.integer("epochs")).verbose(o.integer("verbose"));
        Dataset validation = null;
        if (validationCsv != null) {
            validation = CsvDataset.read(validationCsv, features, List.of(label)).batch(batchSize);
            fit.validationData(validation);
        }
        History history = model.fit(train.shuffle(buffer).batch(batchSize), fit);

        Map<String, Double> results = null;
        if (validation != null) {
            results = model.evaluate(validation);
            System.out.printf(Locale.ROOT, "Validation results - Loss: %.6f - Accuracy: %.2f%%%n",
                    results.get("loss"), 100 * results.get("accuracy"));
        }

        Path out = o.path("output");
        try {
            boolean val = history.history().containsKey("val_loss");
            List<List<Double>> losses = val ? List.of(history.get("loss"), history.get("val_loss"))
                    : List.of(history.get("loss"));
            Path png = Plots.save(Plots.curves("Loss of the CSV classifier",
                    classes == 2 ? "binary cross-entropy" : "sparse categorical cross-entropy", history.epochs(),
                    val ? List.of("loss", "val_loss") : List.of("loss"), losses, Plots.spansOrdersOfMagnitude(losses)),
                    out.resolve("tabular_csv_loss.png"));
            System.out.println("Wrote " + png.toAbsolutePath().normalize());
            return new Result(history, results, csv, png);
        } catch (IOException e) {
            throw new UncheckedIOException("TabularCsv: cannot write the PNG to " + out + ": " + e.getMessage(), e);
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("kerasj-tabular-");
        } catch (IOException e) {
            throw new UncheckedIOException("TabularCsv: cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    /**
     * A synthetic churn table of {@code rows} customers, the same for the same seed. Each column is drawn
     * independently; a customer churns with probability σ(z), where z rises with the monthly charges and the support
     * calls and falls with the tenure and the contract length (age plays no part: a feature to learn to ignore):
     * <pre>
     * z = 1.0 − 0.06·tenure + 0.04·(charges − 70) + 0.5·calls − 0.09·contract
     * </pre>
     * Written to a temporary file, then moved into place.
     */
    static Path writeChurnCsv(Path file, int rows, long seed) {
        Random random = new Random(seed);
        int[] contracts = {1, 12, 24};
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            w.write(String.join(",", CHURN_COLUMNS));
            w.newLine();
            for (int i = 0; i < rows; i++) {
                int tenure = 1 + random.nextInt(72);
                double charges = 20 + 100 * random.nextDouble();
                int calls = Math.min(9, (int) Math.floor(-Math.log(1 - random.nextDouble()) * 1.5));
                int contract = contracts[random.nextInt(3)];
                int age = 18 + random.nextInt(63);
                double z = 1.0 - 0.06 * tenure + 0.04 * (charges - 70) + 0.5 * calls - 0.09 * contract;
                int churned = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
                w.write(String.format(Locale.ROOT, "C%05d,%d,%.2f,%d,%d,%d,%d", i, tenure, charges, calls, contract,
                        age, churned));
                w.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("TabularCsv: cannot write " + temp + ": " + e.getMessage(), e);
        }
        try {
            return Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("TabularCsv: cannot move " + temp + " to " + file + ": " + e.getMessage(), e);
        }
    }
}
