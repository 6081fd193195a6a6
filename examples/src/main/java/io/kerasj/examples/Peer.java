package io.kerasj.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PyTorch measured in the same sitting as KerasJ: after each of the Benchmark's workloads, the twin in
 * {@value Benchmark#PEER_SCRIPT} runs the same workload in a Python process, and the ratio of the two is printed
 * at once and again in a summary at the end. A ratio is always "times better for KerasJ": KerasJ's rate over
 * PyTorch's, or PyTorch's time over KerasJ's.
 */
final class Peer {

    private final List<String> command;
    private final Path dataDir;
    private final List<String> summary = new ArrayList<>();

    private Peer(List<String> command, Path dataDir) {
        this.command = command;
        this.dataDir = dataDir;
    }

    /**
     * The peer to run, or null: {@code python} is a Python command, "auto" for python3 when it can import torch,
     * "none" for no peer. The script is looked for from the project's root and from the examples module.
     */
    static Peer find(String python, int threads, int repeats, Path dataDir) {
        if (python.equals("none")) {
            return null;
        }
        Path script = Path.of(Benchmark.PEER_SCRIPT);
        if (!Files.isRegularFile(script)) {
            script = Path.of("peers", "pytorch_benchmark.py");
        }
        boolean auto = python.equals("auto");
        String executable = auto ? "python3" : python;
        if (!Files.isRegularFile(script)) {
            return unavailable(auto, "the twin script " + Benchmark.PEER_SCRIPT + " is not found from "
                    + Path.of("").toAbsolutePath());
        }
        String version = torchVersion(executable);
        if (version == null) {
            return unavailable(auto, executable + " cannot import torch (Debian: apt-get install python3-torch)");
        }
        System.out.println("Peer: PyTorch " + version + " through " + executable + ", " + threads
                + " thread(s), after each workload");
        return new Peer(List.of(executable, script.toString(), "--threads", String.valueOf(threads), "--repeats",
                String.valueOf(repeats), "--results"), dataDir);
    }

    private static Peer unavailable(boolean auto, String why) {
        if (!auto) {
            throw new IllegalArgumentException("Benchmark: --peer: " + why);
        }
        System.out.println("Peer: none (" + why + "); --peer none hides this line");
        return null;
    }

    /** torch's version as this Python reports it, or null when it cannot import torch. */
    private static String torchVersion(String python) {
        try {
            Process process = new ProcessBuilder(python, "-c", "import torch; print(torch.__version__)")
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Runs {@code workload} in PyTorch, echoes its line, and prints the ratios to KerasJ's figures. */
    void compare(String workload, Map<String, Double> ours) {
        Map<String, Double> theirs = run(workload);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "    vs PyTorch, %-3s", workload));
        for (Map.Entry<String, Double> e : ours.entrySet()) {
            Double peer = theirs.get(e.getKey());
            if (peer == null) {
                continue;
            }
            double ratio = betterWhenLower(e.getKey()) ? peer / e.getValue() : e.getValue() / peer;
            line.append(String.format(Locale.ROOT, "  %s x%.2f (%s against %s)", e.getKey(), ratio,
                    figure(e.getValue()), figure(peer)));
        }
        System.out.println(line);
        summary.add(line.toString().trim());
    }

    void printSummary() {
        System.out.println("Same-sitting ratios, KerasJ against PyTorch (above 1: KerasJ is faster):");
        summary.forEach(s -> System.out.println("  " + s));
    }

    private static boolean betterWhenLower(String metric) {
        return metric.startsWith("s/") || metric.startsWith("latency");
    }

    private static String figure(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.3f", value);
    }

    /** The figures the script prints as "RESULT workload metric=value" lines; its other lines are echoed. */
    private Map<String, Double> run(String workload) {
        List<String> args = new ArrayList<>(command);
        args.add("--only");
        args.add(workload);
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
        if (dataDir != null) {
            builder.environment().put("KERASJ_MNIST_DIR", dataDir.toString());
        }
        Map<String, Double> results = new LinkedHashMap<>();
        try {
            Process process = builder.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("RESULT ")) {
                        String[] parts = line.substring(7).split(" ", 2);
                        for (String pair : parts[1].split(";")) {
                            String[] kv = pair.split("=");
                            results.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
                        }
                    } else if (!line.startsWith("PyTorch ")) {
                        System.out.println("    PyTorch: " + line.trim());
                    }
                }
            }
            if (process.waitFor() != 0) {
                System.out.println("    PyTorch's " + workload + " failed (exit " + process.exitValue() + ")");
            }
        } catch (IOException e) {
            System.out.println("    PyTorch's " + workload + " could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return results;
    }
}
