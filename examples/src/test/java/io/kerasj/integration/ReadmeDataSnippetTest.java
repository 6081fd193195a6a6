package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Sequential;
import io.kerasj.data.CsvDataset;
import io.kerasj.data.Dataset;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Normalization;
import io.kerasj.losses.BinaryCrossentropy;
import io.kerasj.optimizers.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Data larger than memory" snippet, run on two small CSV files in a temporary directory. */
class ReadmeDataSnippetTest {

    @TempDir
    Path dir;

    /** Customers who churn when their charges are high and their tenure short (plus label noise). */
    private Path customers(String name, int rows, long seed) throws IOException {
        Random r = new Random(seed);
        StringBuilder csv = new StringBuilder("tenure_months,monthly_charges,churned\n");
        for (int i = 0; i < rows; i++) {
            int tenure = 1 + r.nextInt(72);
            double charges = 20 + 100 * r.nextDouble();
            boolean churned = (charges / 100 - tenure / 72.0 + 0.2 * r.nextGaussian()) > 0;
            csv.append(tenure).append(',').append(String.format(java.util.Locale.ROOT, "%.2f", charges)).append(',')
                    .append(churned ? 1 : 0).append('\n');
        }
        return Files.writeString(dir.resolve(name), csv);
    }

    @Test
    void snippetTrainsOnAStreamedCsvAndEvaluates() throws IOException {
        Path customers = customers("customers.csv", 800, 1);
        Path holdout = customers("holdout.csv", 200, 2);

        Dataset train = CsvDataset.read(customers, "churned")
                .shuffle(1000)
                .batch(32);
        Dataset validation = CsvDataset.read(holdout, "churned").batch(256);

        Normalization norm = new Normalization().adapt(train);
        Sequential model = new Sequential(norm, new Dense(16, Activation.RELU), new Dense(1, Activation.SIGMOID));
        model.setSeed(3);
        model.compile(new Adam(1e-3), new BinaryCrossentropy(), "accuracy");
        History history = model.fit(train, new FitOptions().epochs(10).validationData(validation).verbose(0));
        Map<String, Double> result = model.evaluate(validation, 0);

        assertEquals(10, history.get("val_loss").size());
        assertTrue(history.get("loss").get(9) < history.get("loss").get(0), "loss " + history.get("loss"));
        assertEquals(history.get("val_loss").get(9), result.get("loss"), 1e-9);
        // A boundary a small network draws well; chance is about 50%.
        assertTrue(result.get("accuracy") > 0.8, "accuracy " + result.get("accuracy"));
    }
}
