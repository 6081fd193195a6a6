package io.kerasj.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {

    @TempDir
    Path dir;

    @Test
    void writeInterruptedPartWayLeavesThePreviousFileIntactAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("model.kjm");
        byte[] previous = "the good model".getBytes(StandardCharsets.UTF_8);
        Files.write(target, previous);

        IOException diskFull = assertThrows(IOException.class, () -> ModelArchive.writeAtomically(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("No space left on device");
        }));

        assertEquals("No space left on device", diskFull.getMessage());
        assertArrayEquals(previous, Files.readAllBytes(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the target should remain");
        }
    }

    @Test
    void completedWriteReplacesThePreviousFile() throws IOException {
        Path target = dir.resolve("model.kjm");
        Files.write(target, new byte[] {1, 2, 3});

        ModelArchive.writeAtomically(target, out -> out.write(new byte[] {9, 8}));

        assertArrayEquals(new byte[] {9, 8}, Files.readAllBytes(target));
    }
}
