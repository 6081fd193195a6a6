package io.kerasj.examples;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Sequential;
import io.kerasj.core.Utils;
import io.kerasj.datasets.Blobs;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Initializer;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Keras blog's first classifier: four Gaussian blobs in 2-D, a 12–8–4 network, categorical
 * cross-entropy and Adam; prints {@code Test results - Loss: … - Accuracy: …%} and draws the decision
 * regions and the loss and accuracy curves.
 *
 * <pre>mvn -q -pl examples -am compile exec:java [-Dexec.args="--epochs 30 --seed 42"]</pre>
 */
public final class BlobsDemo {

    static {
        Examples.initLogging();
    }

    private static final Logger log = LoggerFactory.getLogger(BlobsDemo.class);
    static final double[][] CENTERS = {{15, 0}, {15, 15}, {0, 15}, {30, 15}};

    /** What a run produced. */
    public record Result(double testLoss, double testAccuracy, History history, Path regionsPng, Path curvesPng) {}

    private BlobsDemo() {}

    public static void main(String[] args) {
        Examples.main(args, BlobsDemo::run);
    }

    static Options options() {
        return new Options("BlobsDemo")
                .add("samples", "1000", "number of samples")
                .add("test-size", "250", "the first this many samples are the test set")
                .add("std", "1.5", "standard deviation of each cluster")
                .add("epochs", "30", "training epochs")
                .add("batch-size", "5", "batch size")
                .add("validation-split", "0.2", "fraction of the training samples held out for validation")
                .add("learning-rate", "0.001", "Adam's learning rate")
                .add("seed", "42", "seeds the data and the model")
                .add("verbose", "1", "progress: 1 a line per epoch (live on a terminal), 2 plain, 0 none")
                .add("output", Examples.defaultOutputDir(), "directory for the PNGs");
    }

    public static Result run(String... args) {
        Options o = options().parse(args);
        if (o.helpRequested()) {
            System.out.println(o.usage());
            return null;
        }
        int samples = o.integer("samples");
        int testSize = o.integer("test-size");
        long seed = o.longValue("seed");
        if (testSize <= 0 || testSize >= samples) {
            throw new IllegalArgumentException("BlobsDemo: --test-size must be in (0, samples). Received: " + testSize);
        }

        Blobs.Data data = Blobs.make(samples, CENTERS, o.number("std"), seed);
        Blobs.Data test = data.slice(0, testSize);
        Blobs.Data train = data.slice(testSize, samples);
        log.info("{} samples from {} clusters: {} for training (incl. validation), {} for testing",
                samples, CENTERS.length, train.size(), test.size());
        INDArray xTrain = train.features();
        INDArray yTrain = Utils.toCategorical(train.labels(), 4);
        INDArray xTest = test.features();
        INDArray yTest = Utils.toCategorical(test.labels(), 4);

        Sequential model = new Sequential(
                new Dense(12, Activation.RELU, Initializer.HE_UNIFORM).inputDim(2),
                new Dense(8, Activation.RELU, Initializer.HE_UNIFORM),
                new Dense(4, Activation.SOFTMAX)).setSeed(seed);
        model.compile(new Adam(o.number("learning-rate")), new CategoricalCrossentropy(), "accuracy");
        model.build(2);
        model.summary();

        History history = model.fit(xTrain, yTrain, new FitOptions().epochs(o.integer("epochs"))
                .batchSize(o.integer("batch-size")).validationSplit(o.number("validation-split"))
                .verbose(o.integer("verbose")));

        Map<String, Double> results = model.evaluate(xTest, yTest);
        double loss = results.get("loss");
        double accuracy = results.get("accuracy");
        System.out.printf(Locale.ROOT, "Test results - Loss: %.6f - Accuracy: %.2f%%%n", loss, 100 * accuracy);

        Path out = o.path("output");
        try {
            Path regions = Plots.save(Plots.decisionRegions("Blobs: training data over the decision regions",
                    train.x(), train.y(), 4, grid -> Examples.argmax(model.predict(Utils.tensor(grid), 1024))),
                    out.resolve("blobs_decision_regions.png"));
            Path curves = Plots.saveGrid(curveCharts(history), 1, 2, out.resolve("blobs_training_curves.png"));
            System.out.println("Wrote " + regions.toAbsolutePath().normalize());
            System.out.println("Wrote " + curves.toAbsolutePath().normalize());
            return new Result(loss, accuracy, history, regions, curves);
        } catch (IOException e) {
            throw new UncheckedIOException("BlobsDemo: cannot write the PNGs to " + out + ": " + e.getMessage(), e);
        }
    }

    /** Loss (on a log scale when it falls by orders of magnitude) and accuracy per epoch, training and validation. */
    static List<org.knowm.xchart.XYChart> curveCharts(History h) {
        boolean val = h.history().containsKey("val_loss");
        List<List<Double>> losses = val ? List.of(h.get("loss"), h.get("val_loss")) : List.of(h.get("loss"));
        return List.of(
                Plots.curves("Loss", "categorical cross-entropy", h.epochs(),
                        val ? List.of("loss", "val_loss") : List.of("loss"), losses,
                        Plots.spansOrdersOfMagnitude(losses)),
                Plots.curves("Accuracy", "accuracy", h.epochs(),
                        val ? List.of("accuracy", "val_accuracy") : List.of("accuracy"),
                        val ? List.of(h.get("accuracy"), h.get("val_accuracy")) : List.of(h.get("accuracy")), false));
    }
}
