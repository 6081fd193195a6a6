package io.kerasj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** KerasPredict on the fixture model: its summary, and the predictions NumPy computed for the same rows. */
class KerasPredictTest {

    @TempDir
    Path dir;

    private static Path fixture(String name) throws Exception {
        return Path.of(KerasPredictTest.class.getResource("/keras/" + name).toURI());
    }

    @Test
    void predictsTheRowsOfACsvFileAsNumPy() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(fixture("expected.json").toFile()).get("mlp.keras");
        StringBuilder csv = new StringBuilder("f1,f2,f3,f4\n");
        for (JsonNode row : expected.get("x")) {
            csv.append(row.get(0).asText()).append(',').append(row.get(1).asText()).append(',')
                    .append(row.get(2).asText()).append(',').append(row.get(3).asText()).append('\n');
        }
        Path rows = Files.writeString(dir.resolve("rows.csv"), csv);
        Console.Captured<INDArray> run = Console.capture(() -> KerasPredict.run("--model",
                fixture("mlp.keras").toString(), "--csv", rows.toString()));
        assertTrue(run.out().contains("Total params: 139"), run.out());
        assertTrue(run.out().contains("row 5:"), run.out());
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                double want = expected.get("y").get(i).get(j).asDouble();
                assertEquals(want, run.result().getDouble(i, j), 2e-5);
            }
        }
    }

    @Test
    void aRowOfTheWrongWidthIsNamed() throws Exception {
        Path rows = Files.writeString(dir.resolve("rows.csv"), "1,2,3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Console.capture(
                () -> KerasPredict.run("--model", fixture("mlp.keras").toString(), "--csv", rows.toString())));
        assertTrue(e.getMessage().contains("line 1 has 3 values; the model takes 4"), e.getMessage());
    }
}
