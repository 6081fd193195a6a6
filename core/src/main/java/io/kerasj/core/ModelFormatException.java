package io.kerasj.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A saved model or weights file that cannot be loaded: empty, truncated, corrupted, not a KerasJ file, of
 * an unsupported format version, naming an unregistered type, or disagreeing with its own architecture.
 * The message names the file and the problem.
 */
public final class ModelFormatException extends IOException {

    private final Path file;

    public ModelFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that could not be loaded. */
    public Path file() {
        return file;
    }
}
