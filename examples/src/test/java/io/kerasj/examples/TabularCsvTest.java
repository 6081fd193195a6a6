package io.kerasj.examples;

import static org.junit.jupiter.api.Assertions.*;

import io.kerasj.datasets.DatasetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularCsvTest {

    @TempDir Path out;

    @Test
    void theSyntheticTableIsTheSameForTheSameSeedAndPlausible() throws IOException {
        Path a = TabularCsv.writeChurnCsv(out.resolve("a.csv"), 2000, 3);
        Path b = TabularCsv.writeChurnCsv(out.resolve("b.csv"), 2000, 3);
        assertEquals(Files.readString(a), Files.readString(b));
        List<String> lines = Files.readAllLines(a);
        assertEquals(String.join(",", TabularCsv.CHURN_COLUMNS), lines.get(0));
        assertEquals(2001, lines.size());
        long churned = lines.stream().skip(1).filter(l -> l.endsWith(",1")).count();
        // Both classes well represented: neither a handful nor nearly all.
        assertTrue(churned > 300 && churned < 1700, churned + " of 2000 churned");
        assertFalse(Files.exists(out.resolve("a.csv.tmp")));
    }

    @Test
    void aShortRunOnTheSyntheticTableLearnsAndWritesThePlot() throws Exception {
        TabularCsv.Result r = TabularCsv.run("--rows", "1500", "--epochs", "4", "--verbose", "0", "--output",
                out.toString());
        List<Double> loss = r.history().get("loss");
        assertEquals(4, loss.size());
        assertTrue(loss.get(3) < loss.get(0), "loss " + loss);
        assertEquals(4, r.history().get("val_loss").size());
        assertNotNull(r.validation());
        Pngs.assertValidPng(r.lossPng(), 600, 400);
    }

    /** A CSV of the user's: three classes, set by x1 alone (x2 is noise); the id and text columns are ignored. */
    @Test
    void trainsAMultiClassModelOnAGivenCsv() throws Exception {
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder("customer_id,x1,note,x2,label\n");
        for (int i = 0; i < 600; i++) {
            int c = random.nextInt(3);
            csv.append(i).append(',').append(5.0 * c + random.nextGaussian()).append(",n/a,")
                    .append(random.nextGaussian()).append(',').append(c).append('\n');
        }
        Path file = Files.writeString(out.resolve("three.csv"), csv);
        String printed = Console.capture(() -> TabularCsv.run("--csv", file.toString(), "--validation-csv",
                file.toString(), "--label", "label", "--ignore", "customer_id,note", "--classes", "3", "--epochs", "8", "--learning-rate", "0.01",
                "--verbose", "2", "--output", out.toString())).out();
        assertTrue(printed.contains("Epoch 8/8"), printed);
        assertTrue(printed.contains("19/19 [=============================="), printed);
        double accuracy = Double.parseDouble(printed.replaceAll("(?s).*Validation results - Loss: [0-9.]+ - Accuracy: "
                + "([0-9.]+)%.*", "$1"));
        // Chance is 33%; the classes are 5 standard deviations apart.
        assertTrue(accuracy > 80, printed);
    }

    @Test
    void aBadValueStopsWithTheFileLineAndColumn() throws Exception {
        Path file = Files.writeString(out.resolve("bad.csv"), "x,churned\n1,0\n2,1\nabc,0\n");
        DatasetException e = assertThrows(DatasetException.class, () -> TabularCsv.run("--csv", file.toString(),
                "--epochs", "1", "--verbose", "0", "--output", out.toString()));
        assertTrue(e.getMessage().contains(file + " line 4, column \"x\": \"abc\" is not a number"), e.getMessage());
    }
}
