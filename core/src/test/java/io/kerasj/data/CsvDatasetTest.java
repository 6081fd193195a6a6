package io.kerasj.data;

import static org.junit.jupiter.api.Assertions.*;

import io.kerasj.datasets.DatasetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class CsvDatasetTest {

    @TempDir Path dir;

    private Path write(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    private static Dataset.Batch first(Dataset data) {
        try (Dataset.Cursor cursor = data.open(DataType.DOUBLE, 0, 0)) {
            return cursor.next();
        }
    }

    /** A DatasetException from reading every batch of one pass. */
    private static DatasetException readFails(Dataset data) {
        return assertThrows(DatasetException.class, () -> {
            try (Dataset.Cursor cursor = data.open(DataType.DOUBLE, 0, 0)) {
                cursor.forEachRemaining(b -> {});
            }
        });
    }

    @Test
    void featuresAreTheOtherColumnsAndTheLabelIsTheTarget() throws IOException {
        Path file = write("churn.csv", "age,plan,churned", "34,2.5,1", "51, -1e-1 ,0");
        Dataset.Batch batch = first(CsvDataset.read(file, "churned").batch(8));
        assertArrayEquals(new double[] {34, 2.5, 51, -0.1}, batch.x().reshape(4).toDoubleVector());
        assertArrayEquals(new double[] {1, 0}, batch.y().reshape(2).toDoubleVector());
    }

    @Test
    void columnsNamedAreReadInTheirOrderAndOthersNotAtAll() throws IOException {
        Path file = write("people.csv", "id,name,b,a,y", "7,\"Smith, Ann\",2,1,0", "8,Bo,4,3,1");
        Dataset.Batch batch = first(CsvDataset.read(file, List.of("a", "b"), List.of("y")).batch(8));
        assertArrayEquals(new double[] {1, 2, 3, 4}, batch.x().reshape(4).toDoubleVector());
        assertEquals(List.of("id", "name", "b", "a", "y"), CsvDataset.header(file));
    }

    @Test
    void aBadValueNamesTheFileTheLineAndTheColumn() throws IOException {
        Path file = write("bad.csv", "age,income,y", "30,100,0", "41,12k,1");
        DatasetException e = readFails(CsvDataset.read(file, "y").batch(1));
        assertEquals("CsvDataset: " + file + " line 3, column \"income\": \"12k\" is not a number; every value read "
                + "must be a finite decimal number", e.getMessage());
    }

    @Test
    void emptyNanAndInfinityAreRefusedNotReadAsNaN() throws IOException {
        for (String value : new String[] {"", "NaN", "Infinity", "1f", "0x10"}) {
            Path file = write("v.csv", "x,y", "1,0", value + ",1");
            DatasetException e = readFails(CsvDataset.read(file, "y").batch(4));
            assertTrue(e.getMessage().contains("line 3, column \"x\""), value + ": " + e.getMessage());
        }
        Path huge = write("huge.csv", "x,y", "1e999,0");
        assertTrue(readFails(CsvDataset.read(huge, "y").batch(4)).getMessage().contains("beyond the range"));
    }

    @Test
    void lineNumbersCountTheLinesOfAQuotedMultiLineField() throws IOException {
        Path file = write("notes.csv", "note,x,y", "\"two\nlines\",1,0", "ok,zz,1");
        DatasetException e = readFails(CsvDataset.read(file, List.of("x"), List.of("y")).batch(1));
        assertTrue(e.getMessage().contains("line 4, column \"x\""), e.getMessage());
    }

    @Test
    void aRecordWithAnotherNumberOfFieldsIsRefused() throws IOException {
        Path file = write("short.csv", "a,b,y", "1,2,0", "3,1");
        DatasetException e = readFails(CsvDataset.read(file, "y").batch(4));
        assertEquals("CsvDataset: " + file + " line 3: 2 fields, but the header has 3 columns", e.getMessage());
    }

    @Test
    void anUnknownColumnListsTheColumns() throws IOException {
        Path file = write("c.csv", "a,b", "1,2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvDataset.read(file, "label"));
        assertEquals("CsvDataset: " + file + " has no label column \"label\"; its columns are [a, b]", e.getMessage());
        assertThrows(DatasetException.class, () -> CsvDataset.read(dir.resolve("missing.csv"), "y"));
    }

    /** The file is streamed: the first batches come before a bad line further on is reached. */
    @Test
    void batchesArriveBeforeALaterBadLineIsRead() throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 100; i++) {
            csv.append(i).append(",0\n");
        }
        csv.append("oops,1\n");
        Path file = Files.writeString(dir.resolve("long.csv"), csv);
        try (Dataset.Cursor cursor = CsvDataset.read(file, "y").batch(10).open(DataType.DOUBLE, 0, 0)) {
            for (int b = 0; b < 10; b++) {
                assertEquals(10 * b, cursor.next().x().getDouble(0, 0));
            }
            DatasetException e = assertThrows(DatasetException.class, cursor::next);
            assertTrue(e.getMessage().contains("line 102"), e.getMessage());
        }
    }
}
