package io.kerasj.data;

import static org.junit.jupiter.api.Assertions.*;

import io.kerasj.datasets.DatasetException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class IdxDatasetTest {

    @TempDir Path dir;

    /** An IDX file: the magic number, the dimensions, then the bytes; gzipped if asked. */
    private Path idx(String name, int magic, int[] dims, byte[] data, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream sink = gzip ? new GZIPOutputStream(bytes) : bytes;
             DataOutputStream out = new DataOutputStream(sink)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    /** Three 1×2 images, pixels (0, 255), (51, 102), (204, 153), labels 7, 0, 255; raw and gzipped alike. */
    @Test
    void readsImagesScaledToOneAndTheirLabels() throws IOException {
        byte[] pixels = {0, (byte) 255, 51, 102, (byte) 204, (byte) 153};
        byte[] labels = {7, 0, (byte) 255};
        for (boolean gzip : new boolean[] {false, true}) {
            Dataset data = IdxDataset.read(idx("i" + gzip, IdxDataset.IMAGES_MAGIC, new int[] {3, 1, 2}, pixels, gzip),
                    idx("l" + gzip, IdxDataset.LABELS_MAGIC, new int[] {3}, labels, gzip)).batch(2);
            assertEquals(2, data.cardinality());
            try (Dataset.Cursor cursor = data.open(DataType.DOUBLE, 0, 0)) {
                Dataset.Batch first = cursor.next();
                // 51/255 = 0.2, 102/255 = 0.4, 204/255 = 0.8, 153/255 = 0.6.
                assertArrayEquals(new double[] {0, 1, 0.2, 0.4}, first.x().reshape(4).toDoubleVector(), 1e-15);
                assertArrayEquals(new double[] {7, 0}, first.y().reshape(2).toDoubleVector());
                Dataset.Batch last = cursor.next();
                assertArrayEquals(new double[] {0.8, 0.6}, last.x().reshape(2).toDoubleVector(), 1e-15);
                assertEquals(255, last.y().getDouble(0, 0));
                assertFalse(cursor.hasNext());
            }
        }
    }

    @Test
    void aFileThatEndsEarlyNamesTheSample() throws IOException {
        Path images = idx("images", IdxDataset.IMAGES_MAGIC, new int[] {3, 1, 2}, new byte[] {1, 2, 3, 4, 5}, false);
        Path labels = idx("labels", IdxDataset.LABELS_MAGIC, new int[] {3}, new byte[] {0, 1, 2}, false);
        DatasetException e = assertThrows(DatasetException.class, () -> {
            try (Dataset.Cursor cursor = IdxDataset.read(images, labels).batch(1).open(DataType.DOUBLE, 0, 0)) {
                cursor.forEachRemaining(b -> {});
            }
        });
        assertEquals("IdxDataset: " + images + " ends before image 2 of the 3 its header declares", e.getMessage());
    }

    @Test
    void mismatchedOrForeignFilesAreRefused() throws IOException {
        Path images = idx("images", IdxDataset.IMAGES_MAGIC, new int[] {2, 1, 1}, new byte[] {1, 2}, false);
        Path labels = idx("labels", IdxDataset.LABELS_MAGIC, new int[] {3}, new byte[] {0, 1, 2}, false);
        assertEquals("IdxDataset: " + images + " holds 2 images but " + labels + " holds 3 labels",
                assertThrows(DatasetException.class, () -> IdxDataset.read(images, labels)).getMessage());
        DatasetException swapped = assertThrows(DatasetException.class, () -> IdxDataset.read(labels, images));
        assertTrue(swapped.getMessage().contains("0x00000801, not the IDX magic number 0x00000803"),
                swapped.getMessage());
    }
}
