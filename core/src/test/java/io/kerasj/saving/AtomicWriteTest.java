package io.kerasj.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
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

    private Set<String> namesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void temporaryFileLeftByAKilledWriteIsDeletedByTheNextWriteOfTheSameTarget() throws IOException {
        Path target = dir.resolve("model.kjm");
        // A kill cannot be simulated in-process: note the name the write gives its temporary file, let the write
        // fail (which deletes it), then put back what a kill at that point would have left.
        List<String> temporaries = new ArrayList<>();
        assertThrows(IOException.class, () -> ModelArchive.writeAtomically(target, out -> {
            namesInDir().stream().filter(n -> !n.equals("model.kjm")).forEach(temporaries::add);
            throw new IOException("killed");
        }));
        assertEquals(1, temporaries.size(), "one temporary file while writing: " + temporaries);
        Files.write(dir.resolve(temporaries.get(0)), new byte[100_000]);

        ModelArchive.writeAtomically(target, out -> out.write(new byte[] {7}));

        assertEquals(Set.of("model.kjm"), namesInDir());
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
    }

    @Test
    void nextWriteDeletesOnlyTheTemporaryFilesOfItsOwnTarget() throws IOException {
        Set<String> stale = Set.of(".model.kjm.42.tmp", ".model.kjm.18446744073709551615.tmp");
        Set<String> others = Set.of(
                ".other.kjm.42.tmp",          // another target's
                ".modelxkjm.42.tmp",          // would match if the target's '.' were a regex wildcard
                ".model.kjm.42.tmp.bak",
                ".model.kjm.tmp",
                ".model.kjm.4x2.tmp",
                "model.kjm.42.tmp",
                ".model.kjm.old.42.tmp",
                "notes.txt");
        for (String name : stale) {
            Files.write(dir.resolve(name), new byte[] {1});
        }
        for (String name : others) {
            Files.write(dir.resolve(name), new byte[] {2});
        }
        // Named like a temporary file, but not a regular file: left alone.
        Files.createDirectory(dir.resolve(".model.kjm.7.tmp"));
        Files.createSymbolicLink(dir.resolve(".model.kjm.8.tmp"), dir.resolve("notes.txt"));

        ModelArchive.writeAtomically(dir.resolve("model.kjm"), out -> out.write(new byte[] {9}));

        Set<String> expected = new TreeSet<>(others);
        expected.addAll(Set.of("model.kjm", ".model.kjm.7.tmp", ".model.kjm.8.tmp"));
        assertEquals(expected, namesInDir());
        assertTrue(Files.isRegularFile(dir.resolve("notes.txt")), "the link's target stays");
    }
}
