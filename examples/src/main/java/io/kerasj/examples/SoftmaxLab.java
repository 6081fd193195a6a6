package io.kerasj.examples;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.Sequential;
import io.kerasj.core.Utils;
import io.kerasj.datasets.Blobs;
import io.kerasj.layers.Dense;
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The softmax lab's two models on four blobs: the "obvious" one ends in a softmax and trains with
 * {@code SparseCategoricalCrossentropy()}; the "preferred" one ends in a linear layer and trains with
 * {@code SparseCategoricalCrossentropy(fromLogits = true)}, which is numerically more accurate. The preferred
 * model's {@code predict} therefore returns logits, not probabilities: the program shows their range, turns
 * them into probabilities with softmax, and checks that the argmax (the predicted class) is the same either way.
 *
 * <p>With the same seed the two models start from the same weights. KerasJ, like Keras, computes a softmax
 * output's cross-entropy from the layer's logits during training, so here both models also learn nearly the
 * same weights; the difference the lab is about is what {@code predict} returns.
 *
 * <pre>mvn -q -pl examples -am compile exec:java -Dexec.mainClass=io.kerasj.examples.SoftmaxLab</pre>
 */
public final class SoftmaxLab {

    static {
        Examples.initLogging();
    }

    private static final Logger log = LoggerFactory.getLogger(SoftmaxLab.class);
    static final double[][] CENTERS = {{-5, 2}, {-2, -2}, {1, 2}, {5, -2}};

    /** Accuracies of both models on the data, the logits' range, and the softmax checks. */
    public record Result(double obviousAccuracy, double preferredAccuracy, double minLogit, double maxLogit,
            double maxSumError, int argmaxDisagreements, int samples) {}

    private SoftmaxLab() {}

    public static void main(String[] args) {
        Examples.main(args, SoftmaxLab::run);
    }

    public static Result run(String... args) {
        Options o = new Options("SoftmaxLab")
                .add("samples", "2000", "number of samples")
                .add("std", "1.0", "standard deviation of each cluster")
                .add("epochs", "10", "training epochs")
                .add("batch-size", "32", "batch size")
                .add("learning-rate", "0.001", "Adam's learning rate")
                .add("seed", "30", "seeds the data and the models")
                .add("verbose", "1", "progress: 1 a line per epoch, 2 plain, 0 none")
                .parse(args);
        if (o.helpRequested()) {
            System.out.println(o.usage());
            return null;
        }
        long seed = o.longValue("seed");
        Blobs.Data data = Blobs.make(o.integer("samples"), CENTERS, o.number("std"), seed);
        INDArray x = data.features();
        INDArray y = Utils.labels(data.labels());
        log.info("{} samples around {} centres", data.size(), CENTERS.length);
        FitOptions fit = new FitOptions().epochs(o.integer("epochs")).batchSize(o.integer("batch-size"))
                .verbose(o.integer("verbose"));

        System.out.println("== The obvious model: softmax output, SparseCategoricalCrossentropy()");
        Sequential obvious = new Sequential(
                new Dense(25, Activation.RELU).inputDim(2),
                new Dense(15, Activation.RELU),
                new Dense(4, Activation.SOFTMAX)).setSeed(seed);
        obvious.compile(new Adam(o.number("learning-rate")), new SparseCategoricalCrossentropy(), "accuracy");
        obvious.fit(x, y, fit);
        INDArray pNonpreferred = obvious.predict(x);
        System.out.println("predict on the first two samples (probabilities):");
        for (int i = 0; i < 2; i++) {
            System.out.println("  " + Examples.row(pNonpreferred.getRow(i).toDoubleVector(), "%.6f"));
        }
        System.out.printf(Locale.ROOT, "largest value %.6f, smallest value %.6f%n",
                pNonpreferred.maxNumber().doubleValue(), pNonpreferred.minNumber().doubleValue());

        System.out.println();
        System.out.println("== The preferred model: linear output, SparseCategoricalCrossentropy(fromLogits=true)");
        Sequential preferred = new Sequential(
                new Dense(25, Activation.RELU).inputDim(2),
                new Dense(15, Activation.RELU),
                new Dense(4, Activation.LINEAR)).setSeed(seed);
        preferred.compile(new Adam(o.number("learning-rate")), new SparseCategoricalCrossentropy(true), "accuracy");
        preferred.fit(x, y, fit);
        INDArray logits = preferred.predict(x);
        double minLogit = logits.minNumber().doubleValue();
        double maxLogit = logits.maxNumber().doubleValue();
        System.out.println("predict on the first two samples (logits, not probabilities):");
        for (int i = 0; i < 2; i++) {
            System.out.println("  " + Examples.row(logits.getRow(i).toDoubleVector(), "%.4f"));
        }
        System.out.printf(Locale.ROOT, "largest value %.4f, smallest value %.4f%n", maxLogit, minLogit);

        int[] fromLogits = Examples.argmax(logits);
        double maxSumError = 0;
        int disagreements = 0;
        System.out.println("softmax(logits) on the first two samples (probabilities):");
        INDArray probabilities = Examples.softmax(logits);
        for (int i = 0; i < data.size(); i++) {
            double[] p = probabilities.getRow(i).toDoubleVector();
            double sum = 0;
            int best = 0;
            for (int k = 0; k < p.length; k++) {
                sum += p[k];
                if (p[k] > p[best]) {
                    best = k;
                }
            }
            maxSumError = Math.max(maxSumError, Math.abs(sum - 1));
            if (best != fromLogits[i]) {
                disagreements++;
            }
            if (i < 2) {
                System.out.printf(Locale.ROOT, "  %s  sum %.6f%n", Examples.row(p, "%.6f"), sum);
            }
        }
        System.out.printf(Locale.ROOT, "every row of softmax(logits) sums to 1 (largest deviation %.1e)%n", maxSumError);
        System.out.printf(Locale.ROOT, "argmax(logits) == argmax(softmax(logits)) for %d of %d samples%n",
                data.size() - disagreements, data.size());
        System.out.println("first five categories: " + java.util.Arrays.toString(java.util.Arrays.copyOf(fromLogits, 5))
                + ", labels: " + java.util.Arrays.toString(java.util.Arrays.copyOf(data.y(), 5)));

        double obviousAccuracy = obvious.evaluate(x, y).get("accuracy");
        double preferredAccuracy = preferred.evaluate(x, y).get("accuracy");
        System.out.println();
        System.out.println("Accuracy on the training data: obvious model " + Examples.percent(obviousAccuracy)
                + ", preferred model " + Examples.percent(preferredAccuracy));
        return new Result(obviousAccuracy, preferredAccuracy, minLogit, maxLogit, maxSumError, disagreements, data.size());
    }
}
