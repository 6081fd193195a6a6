package io.kerasj.integration.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine is not API: the layers, losses and optimizers modules reach it only through {@code io.kerasj.ops.Ops}
 * (and core's interfaces), never through {@code io.kerasj.engine}. Read from their sources, beside this module.
 */
class ArchitectureTest {

    private static List<Path> sources(String module) throws IOException {
        Path root = Path.of("..", module, "src", "main", "java");
        assertTrue(Files.isDirectory(root), root.toAbsolutePath() + " is not a directory");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void layersLossesAndOptimizersDoNotReachIntoTheEngine() throws IOException {
        for (String module : List.of("layers", "losses", "optimizers")) {
            List<Path> files = sources(module);
            assertTrue(files.size() >= 3, module + " has its sources");
            List<Path> offenders = files.stream().filter(f -> read(f).contains("io.kerasj.engine")).toList();
            assertEquals(List.of(), offenders, module + " must use io.kerasj.ops.Ops, not the engine");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
