package io.kerasj.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every program answers --help with its usage, without loading data or training. */
class HelpTest {

    private static final Map<String, Consumer<String[]>> PROGRAMS = Map.of(
            "BlobsDemo", BlobsDemo::main,
            "SoftmaxLab", SoftmaxLab::main,
            "SoftmaxExplainer", SoftmaxExplainer::main,
            "MnistSoftmaxRegression", MnistSoftmaxRegression::main,
            "MnistMlp", MnistMlp::main,
            "Benchmark", Benchmark::main,
            "TabularCsv", TabularCsv::main,
            "KerasPredict", KerasPredict::main);

    @Test
    void everyProgramAnswersHelp() throws Exception {
        for (var program : PROGRAMS.entrySet()) {
            String out = Console.capture(() -> {
                program.getValue().accept(new String[] {"--help"});
                return null;
            }).out();
            assertTrue(out.startsWith("Usage: " + program.getKey() + " [options]"), program.getKey() + ":\n" + out);
            assertTrue(out.contains("--help"), out);
        }
    }

    @Test
    void theMnistProgramsAndTheBenchmarkTakeADataDirectory() throws Exception {
        for (String name : new String[] {"MnistSoftmaxRegression", "MnistMlp", "Benchmark"}) {
            String out = Console.capture(() -> {
                PROGRAMS.get(name).accept(new String[] {"--help"});
                return null;
            }).out();
            assertTrue(out.contains("--data-dir") && out.contains("KERASJ_MNIST_DIR"), name + ":\n" + out);
        }
        for (String name : new String[] {"MnistSoftmaxRegression", "MnistMlp"}) {
            String out = Console.capture(() -> {
                PROGRAMS.get(name).accept(new String[] {"--help"});
                return null;
            }).out();
            assertTrue(out.contains("--dataset") && out.contains("fashion_mnist"), name + ":\n" + out);
        }
    }

    @Test
    void theBenchmarkRejectsAnUnknownWorkloadByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Benchmark.run("--only", "W5"));
        assertEquals("Benchmark: --only takes W1, W2, W3, W3b, W4 and P1. Received: W5", e.getMessage());
    }
}
