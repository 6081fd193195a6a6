package io.kerasj.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs code with standard output and standard error (where slf4j-simple logs) captured. */
final class Console {

    record Captured<T>(T result, String out, String err) {}

    interface Body<T> {
        T run() throws Exception;
    }

    private Console() {}

    static <T> Captured<T> capture(Body<T> body) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        T result;
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            result = body.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Captured<>(result, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    }
}
