package io.kerasj.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SoftmaxExplainerTest {

    @Test
    void printsTheBlogTableWithCorrectValues() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        SoftmaxExplainer.Result r;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            r = SoftmaxExplainer.run();
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        // exp(2.0) = 7.389056, exp(4.3) = 73.699794, exp(1.2) = 3.320117, exp(-3.1) = 0.045049; sum 84.454016.
        double[] expected = {0.087492, 0.872662, 0.039313, 0.000533};
        assertArrayEquals(new double[] {2.0, 4.3, 1.2, -3.1}, r.logits(), 0.0);
        assertEquals(84.454016, r.exponentials()[0] + r.exponentials()[1] + r.exponentials()[2] + r.exponentials()[3], 1e-6);
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], r.softmax()[i], 5e-7, "softmax " + i);
            assertTrue(out.contains(String.format("%.6f", expected[i])), "printed " + expected[i] + ":\n" + out);
        }
        assertEquals(1.0, r.sum(), 1e-12);
        assertEquals(1, r.argmax());
        // Without exponentials: z / 4.4, the last is -3.1 / 4.4 = -0.704545 (negative).
        assertEquals(-0.704545, r.naive()[3], 5e-7);
        assertEquals(4.3 / 4.4, r.naive()[1], 1e-12);
        assertTrue(out.contains("-0.704545") && out.contains("negative"), out);
        assertTrue(out.contains("argmax: class 1"), out);
    }

    @Test
    void rejectsNonNumericLogits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxExplainer.run("--logits", "1,x"));
        assertTrue(e.getMessage().contains("--logits"), e.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxExplainer.run("--epochs", "3"));
        assertTrue(unknown.getMessage().contains("unknown option --epochs"), unknown.getMessage());
    }
}
