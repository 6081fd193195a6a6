package io.kerasj.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgbarLoggerTest {

    /**
     * Keras's progress bar prints {@code f"{v:.4f}"} when |v| > 1e-3 and {@code f"{v:.4e}"} otherwise. Python's
     * output for these values, by its format rules: 0.5 → 0.5000, 0.0011 → 0.0011, −0.25 → −0.2500,
     * 0.001 → 1.0000e-03 (not above 1e-3), 0.0001 → 1.0000e-04, 0 → 0.0000e+00, 1.5e-7 → 1.5000e-07.
     */
    @Test
    void numbersAreFormattedAsKerasFormatsThem() {
        assertEquals("0.5000", ProgbarLogger.number(0.5));
        assertEquals("0.0011", ProgbarLogger.number(0.0011));
        assertEquals("-0.2500", ProgbarLogger.number(-0.25));
        assertEquals("1.0000e-03", ProgbarLogger.number(0.001));
        assertEquals("1.0000e-04", ProgbarLogger.number(0.0001));
        assertEquals("0.0000e+00", ProgbarLogger.number(0.0));
        assertEquals("1.5000e-07", ProgbarLogger.number(1.5e-7));
    }

    /** What the logger prints over two epochs of three batches, driven as fit drives it. */
    private static String printed(int verbose, boolean terminal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgbarLogger logger = new ProgbarLogger(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2, 3,
                verbose, terminal);
        for (int epoch = 0; epoch < 2; epoch++) {
            logger.onEpochBegin(epoch, Map.of());
            for (int batch = 0; batch < 3; batch++) {
                logger.onTrainBatchEnd(batch, Map.of("loss", 0.5));
            }
            logger.onEpochEnd(epoch, Map.of("loss", 0.25));
        }
        // println ends lines with the platform's separator ("\r\n" on Windows); only other '\r's are redraws.
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    /** When standard output is a file or a pipe: one plain line per epoch, as in a Keras log file. */
    @Test
    void offATerminalEachEpochIsOnePlainLineWithoutCarriageReturnsOrEscapeCodes() {
        String text = printed(1, false);

        assertFalse(text.contains("\r"), "no carriage return: " + text);
        assertFalse(text.contains("\u001b"), "no escape code: " + text);
        List<String> lines = text.lines().toList();
        assertEquals(4, lines.size(), text);
        String epochLine = "3/3 \\[={30}\\] - \\d+s \\d+(us|ms|s)/step - loss: 0\\.2500";
        assertEquals("Epoch 1/2", lines.get(0));
        assertTrue(lines.get(1).matches(epochLine), lines.get(1));
        assertEquals("Epoch 2/2", lines.get(2));
        assertTrue(lines.get(3).matches(epochLine), lines.get(3));
        assertTrue(text.endsWith("\n"));
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlace() {
        String text = printed(1, true);

        assertTrue(text.contains("\r1/3 [=========>....................] - ETA: "), text);
        assertTrue(text.contains("\r3/3 [==============================] - "), text);
    }

    @Test
    void verboseTwoPrintsPlainLinesEvenOnATerminal() {
        assertFalse(printed(2, true).contains("\r"));
    }

    /**
     * Keras's line for data of unknown length: the batches done over "Unknown", without a bar or an ETA, until the
     * end of the first epoch gives the count; the next epoch has a bar of that many batches.
     */
    @Test
    void anUnknownCountShowsUnknownUntilTheFirstEpochEnds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgbarLogger logger = new ProgbarLogger(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2, 0, 1, true);
        logger.onEpochBegin(0, Map.of());
        logger.onTrainBatchEnd(0, Map.of("loss", 0.5));
        String first = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(first.matches("Epoch 1/2\\R\\r      1/Unknown - \\d+s \\d+(us|ms|s)/step - loss: 0\\.5000"), first);
        logger.onTrainBatchEnd(1, Map.of("loss", 0.5));
        logger.onTrainBatchEnd(2, Map.of("loss", 0.5));
        logger.onEpochEnd(0, Map.of("loss", 0.5));
        bytes.reset();
        logger.onEpochBegin(1, Map.of());
        logger.onTrainBatchEnd(0, Map.of("loss", 0.5));
        String second = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(second.matches("Epoch 2/2\\R\\r1/3 \\[={9}>\\.{20}\\] - ETA: .*"), second);
    }

    /** evaluate's and predict's line: one pass, no epoch line. */
    @Test
    void aSinglePassHasNoEpochLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgbarLogger logger = new ProgbarLogger(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2L, 2, false);
        logger.onEpochBegin(0, Map.of());
        logger.onTrainBatchEnd(0, Map.of());
        logger.onTrainBatchEnd(1, Map.of());
        logger.onEpochEnd(0, Map.of("loss", 0.25));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.matches("2/2 \\[={30}\\] - \\d+s \\d+(us|ms|s)/step - loss: 0\\.2500\\R"), text);
    }
}
