package io.kerasj.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static Options options() {
        return new Options("Demo").add("epochs", "30", "epochs").add("rate", "0.001", "rate").add("dir", "", "dir");
    }

    @Test
    void defaultsAndBothSpellings() {
        Options o = options().parse("--epochs", "5", "--rate=0.5");
        assertEquals(5, o.integer("epochs"));
        assertEquals(0.5, o.number("rate"), 0.0);
        assertNull(o.path("dir"));
        Options d = options().parse();
        assertEquals(30, d.integer("epochs"));
        assertEquals(0.001, d.number("rate"), 0.0);
        assertEquals(Path.of("x"), options().parse("--dir", "x").path("dir"));
        assertTrue(options().parse("--help").helpRequested());
        assertTrue(options().usage().contains("--epochs") && options().usage().contains("(default: 30)"));
    }

    @Test
    void errorsNameTheOption() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> options().parse("--epoch", "3"));
        assertTrue(unknown.getMessage().contains("unknown option --epoch"), unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> options().parse("--epochs"));
        assertTrue(missing.getMessage().contains("--epochs needs a value"), missing.getMessage());
        IllegalArgumentException notInt = assertThrows(IllegalArgumentException.class,
                () -> options().parse("--epochs", "ten").integer("epochs"));
        assertTrue(notInt.getMessage().contains("--epochs must be an integer"), notInt.getMessage());
        assertThrows(IllegalArgumentException.class, () -> options().parse("stray"));
    }
}
