package io.kerasj.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options of the example programs: {@code --name value} or {@code --name=value}, each declared
 * with its default (the tutorial's value) and a description; {@code --help} prints them.
 */
final class Options {

    private record Spec(String defaultValue, String help) {}

    private final String program;
    private final Map<String, Spec> specs = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private boolean help;

    Options(String program) {
        this.program = program;
    }

    /** Declares {@code --name} with a default ("" for none). */
    Options add(String name, String defaultValue, String help) {
        specs.put(name, new Spec(defaultValue, help));
        return this;
    }

    /** Parses the arguments; unknown options and missing values are errors (IllegalArgumentException). */
    Options parse(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException(program + ": unexpected argument \"" + arg + "\"\n" + usage());
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(program + ": option --" + name + " needs a value\n" + usage());
            }
            if (!specs.containsKey(name)) {
                throw new IllegalArgumentException(program + ": unknown option --" + name + "\n" + usage());
            }
            values.put(name, value);
        }
        return this;
    }

    boolean helpRequested() {
        return help;
    }

    String string(String name) {
        Spec spec = specs.get(name);
        if (spec == null) {
            throw new IllegalStateException("undeclared option " + name);
        }
        return values.getOrDefault(name, spec.defaultValue());
    }

    int integer(String name) {
        try {
            return Integer.parseInt(string(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(program + ": --" + name + " must be an integer. Received: " + string(name));
        }
    }

    long longValue(String name) {
        try {
            return Long.parseLong(string(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(program + ": --" + name + " must be an integer. Received: " + string(name));
        }
    }

    double number(String name) {
        try {
            return Double.parseDouble(string(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(program + ": --" + name + " must be a number. Received: " + string(name));
        }
    }

    /** A path, or null when the option is empty. */
    Path path(String name) {
        String value = string(name);
        return value.isEmpty() ? null : Path.of(value);
    }

    String usage() {
        List<String> lines = new ArrayList<>();
        lines.add("Usage: " + program + " [options]");
        specs.forEach((name, spec) -> lines.add(String.format("  --%-20s %s%s", name + " <v>", spec.help(),
                spec.defaultValue().isEmpty() ? "" : " (default: " + spec.defaultValue() + ")")));
        lines.add(String.format("  --%-20s %s", "help", "this text"));
        return String.join("\n", lines);
    }
}
