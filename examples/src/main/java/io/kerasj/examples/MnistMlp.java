package io.kerasj.examples;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.Sequential;
import io.kerasj.datasets.Mnist;
import io.kerasj.layers.Dense;
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small MNIST network that outputs logits: Dense(25, relu) → Dense(15, relu) → Dense(10, linear), trained
 * with {@code SparseCategoricalCrossentropy(fromLogits = true)} and Adam(0.001) in batches of 32. Prints the test
 * accuracy and, for a few test images, the logits, the probabilities (softmax of the logits) and the category
 * (their argmax).
 *
 * <pre>mvn -q -pl examples -am compile exec:java -Dexec.mainClass=io.kerasj.examples.MnistMlp</pre>
 */
public final class MnistMlp {

    static {
        Examples.initLogging();
    }

    private static final Logger log = LoggerFactory.getLogger(MnistMlp.class);

    public record Result(double trainAccuracy, double testAccuracy, int[] firstCategories, int[] firstLabels) {}

    private MnistMlp() {}

    public static void main(String[] args) {
        Examples.main(args, MnistMlp::run);
    }

    public static Result run(String... args) {
        Options o = Examples.mnistOptions(new Options("MnistMlp")
                .add("epochs", "5", "training epochs")
                .add("batch-size", "32", "batch size")
                .add("learning-rate", "0.001", "Adam's learning rate")
                .add("seed", "1", "seeds the model and the shuffling")
                .add("show", "5", "how many test predictions to print")
                .add("verbose", "1", "progress: 1 a line per epoch (live on a terminal), 2 plain, 0 none"))
                .parse(args);
        if (o.helpRequested()) {
            System.out.println(o.usage());
            return null;
        }
        Examples.MnistData loaded = Examples.loadMnist(o, "MnistMlp");
        Mnist.Dataset mnist = loaded.data();
        DatasetName dataset = loaded.name();
        Mnist.Split trainSplit = mnist.train();
        INDArray xTrain = trainSplit.features();
        INDArray yTrain = trainSplit.labelsTensor();
        INDArray xTest = mnist.test().features();
        INDArray yTest = mnist.test().labelsTensor();
        log.info("Training on {} images, testing on {}", trainSplit.size(), mnist.test().size());

        Sequential model = new Sequential(
                new Dense(25, Activation.RELU).inputDim(784),
                new Dense(15, Activation.RELU),
                new Dense(10, Activation.LINEAR)).setSeed(o.longValue("seed"));
        model.compile(new Adam(o.number("learning-rate")), new SparseCategoricalCrossentropy(true), "accuracy");
        model.build(784);
        model.summary();
        model.fit(xTrain, yTrain, new FitOptions().epochs(o.integer("epochs")).batchSize(o.integer("batch-size"))
                .verbose(o.integer("verbose")));

        double trainAccuracy = model.evaluate(xTrain, yTrain, 1000).get("accuracy");
        Map<String, Double> test = model.evaluate(xTest, yTest, 1000);
        System.out.printf(Locale.ROOT, "Test results - Loss: %.4f - Accuracy: %s (train accuracy %s)%n",
                test.get("loss"), Examples.percent(test.get("accuracy")), Examples.percent(trainAccuracy));

        int show = Math.max(0, Math.min(o.integer("show"), mnist.test().size()));
        int[] categories = new int[show];
        int[] labels = new int[show];
        if (show > 0) {
            INDArray logits = model.predict(xTest.get(NDArrayIndex.interval(0, show), NDArrayIndex.all()));
            int[] argmax = Examples.argmax(logits);
            INDArray probabilities = Examples.softmax(logits);
            System.out.println("The model outputs logits; softmax turns them into probabilities, argmax into a category:");
            for (int i = 0; i < show; i++) {
                double[] z = logits.getRow(i).toDoubleVector();
                double[] p = probabilities.getRow(i).toDoubleVector();
                categories[i] = argmax[i];
                labels[i] = mnist.test().label(i);
                System.out.printf(Locale.ROOT, "test image %d (label %s):%n  logits        %s%n  probabilities %s%n"
                        + "  category      %s%s%n", i, dataset.className(labels[i]), Examples.row(z, "%7.2f"),
                        Examples.row(p, "%7.4f"), dataset.className(categories[i]),
                        categories[i] == labels[i] ? "" : "   (wrong)");
            }
        }
        return new Result(trainAccuracy, test.get("accuracy"), categories, labels);
    }
}
