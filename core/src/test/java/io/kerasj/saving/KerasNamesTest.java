package io.kerasj.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keras's class-name conventions, and the jhdf behaviour the .keras writer works around. */
class KerasNamesTest {

    @TempDir
    Path dir;

    @Test
    void snakeCaseIsKerasToSnakeCase() {
        // Keras names a Sequential's weight groups by naming.to_snake_case of the class name.
        assertEquals("dense", KerasReader.snakeCase("Dense"));
        assertEquals("batch_normalization", KerasReader.snakeCase("BatchNormalization"));
        assertEquals("glorot_uniform", KerasReader.snakeCase("GlorotUniform"));
        assertEquals("kl_divergence", KerasReader.snakeCase("KLDivergence"));
        assertEquals("input_layer", KerasReader.snakeCase("InputLayer"));
    }

    @Test
    void camelCaseGivesKerasClassNames() {
        assertEquals("GlorotUniform", KerasWriter.camelCase("glorot_uniform"));
        assertEquals("CategoricalCrossentropy", KerasWriter.camelCase("categorical_crossentropy"));
        assertEquals("Zeros", KerasWriter.camelCase("zeros"));
    }

    /**
     * jhdf 0.9.2 loses an empty group written last (see {@link KerasWriter}): the reason for the writer's
     * {@code kerasj} group after the model's empty {@code vars}. If this starts failing, jhdf has fixed it and the
     * extra group can go.
     */
    @Test
    void jhdfLosesAnEmptyGroupWrittenLast() throws Exception {
        Path file = dir.resolve("empty-last.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putGroup("layers").putGroup("dense").putGroup("vars").putDataset("0", new float[] {1f});
            hdf.putGroup("vars");
        }
        assertThrows(RuntimeException.class, () -> {
            try (HdfFile hdf = new HdfFile(file)) {
                hdf.getChildren();
            }
        });
    }
}
