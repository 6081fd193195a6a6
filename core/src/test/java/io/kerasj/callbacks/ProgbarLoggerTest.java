package io.kerasj.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
