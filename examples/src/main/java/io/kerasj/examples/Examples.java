package io.kerasj.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import io.kerasj.core.Activation;
import io.kerasj.datasets.Mnist;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Small helpers shared by the example programs. */
final class Examples {

    private Examples() {}

    /**
     * Shows INFO logs on the console. slf4j-simple reads its level from a system property, and Maven run with
     * {@code -q} sets that property to "error" in the JVM that {@code exec:java} shares; the programs reset it
     * before their first logger is created. {@code -Dkerasj.logLevel=warn} (or debug, ...) chooses another level.
     */
    static void initLogging() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("kerasj.logLevel", "info"));
    }

    /**
     * Where PNGs go unless {@code --output} says otherwise: {@code examples/output} when run from the repository
     * root (as {@code mvn -pl examples ... exec:java} does), else {@code output} (e.g. run from {@code examples/}).
     */
    static String defaultOutputDir() {
        return Files.isDirectory(Path.of("examples")) ? Path.of("examples", "output").toString() : "output";
    }

    /** Runs a program's {@code run}: bad options print the message and usage (exit 2), missing data its reason (exit 1). */
    static void main(String[] args, Function<String[], ?> run) {
        try {
            run.apply(args);
        } catch (io.kerasj.datasets.DatasetException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** The index of the largest value of each row (ND4J's argMax along the columns). */
    static int[] argmax(INDArray rows) {
        return rows.argMax(1).toIntVector();
    }

    /** The library's row-wise softmax, in float64 so that the printed probabilities are exact to 1e-16. */
    static INDArray softmax(INDArray logits) {
        INDArray z = logits.castTo(DataType.DOUBLE);
        INDArray p = z.ulike();
        Activation.SOFTMAX.forward(z, p);
        return p;
    }

    /** Declares the options every MNIST program takes: where the data is, which data set, and how much to train on. */
    static Options mnistOptions(Options options) {
        return options
                .add("train-limit", "0", "use only the first n training images; 0 = all")
                .add("data-dir", "", "directory with the four IDX files; default: $" + Mnist.ENV
                        + ", else ~/.kerasj/datasets/mnist, else download")
                .add("dataset", DatasetName.MNIST.option(), "mnist, or fashion_mnist for Fashion-MNIST's files (same"
                        + " file names): its class names and output file names");
    }

    /** The data and which data set they are. */
    record MnistData(Mnist.Dataset data, DatasetName name) {}

    /**
     * MNIST from {@code --data-dir} (else the loader's usual places), the training split cut to {@code --train-limit},
     * and the data set {@code --dataset} names. Fashion-MNIST named for the published MNIST files is an error; MNIST
     * named for other files prints a note, since the classes then are only numbers.
     */
    static MnistData loadMnist(Options options, String program) {
        DatasetName name = DatasetName.of(options.string("dataset"), program);
        Path dataDir = options.path("data-dir");
        Mnist.Dataset mnist = dataDir != null ? Mnist.loadData(dataDir) : Mnist.loadData();
        if (name == DatasetName.FASHION_MNIST && mnist.standard()) {
            throw new IllegalArgumentException(program + ": --dataset fashion_mnist, but the files loaded are the "
                    + "standard MNIST digits (each matches the published file's SHA-256); point --data-dir or $"
                    + Mnist.ENV + " at the Fashion-MNIST files");
        }
        if (name == DatasetName.MNIST && !mnist.standard()) {
            System.out.println("Note: the files loaded are not the standard MNIST digits (the log says which differ), "
                    + "so their classes are shown as 0-9; if they are Fashion-MNIST, pass --dataset fashion_mnist for "
                    + "its class names.");
        }
        int limit = options.integer("train-limit");
        return new MnistData(limit > 0 ? new Mnist.Dataset(mnist.train().head(Math.min(limit, mnist.train().size())),
                mnist.test(), mnist.standard()) : mnist, name);
    }

    static String row(double[] values, String format) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, values[i]));
        }
        return s.append(']').toString();
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}
