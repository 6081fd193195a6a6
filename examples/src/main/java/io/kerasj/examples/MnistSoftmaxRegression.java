package io.kerasj.examples;

import io.kerasj.core.Activation;
import io.kerasj.core.Callback;
import io.kerasj.core.FitOptions;
import io.kerasj.core.Sequential;
import io.kerasj.datasets.Mnist;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Initializer;
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.optimizers.SGD;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Softmax regression on MNIST, the from-scratch NumPy tutorial in KerasJ's API: one Dense(10, softmax) layer
 * on the 784 pixels (scaled to [0, 1]), cross-entropy, full-batch gradient descent (SGD, learning rate 0.9,
 * one batch of all 60,000 images, no shuffling), 1000 epochs, the loss printed every 100 epochs; then the train
 * and test accuracy (the tutorial reports 91.8% and 91.7%), and a PNG grid of 40 test digits titled
 * "label → prediction", mistakes in red.
 *
 * <p>One difference from the tutorial: its bias gradient sums ∂L/∂z over all classes as well as all samples,
 * and since each row of softmax(z) − onehot(y) sums to zero, that gradient is always zero and its biases never
 * move. Here the bias gradient is per class (Σ over samples only), as it should be.
 *
 * <pre>mvn -q -pl examples -am compile exec:java -Dexec.mainClass=io.kerasj.examples.MnistSoftmaxRegression</pre>
 */
public final class MnistSoftmaxRegression {

    static {
        Examples.initLogging();
    }

    private static final Logger log = LoggerFactory.getLogger(MnistSoftmaxRegression.class);

    /** The accuracies, the loss of the last epoch, whether the loss rose at the checkpoints (see {@link RisingLoss}), the PNG. */
    public record Result(double trainAccuracy, double testAccuracy, double finalLoss, boolean lossRose, Path gridPng) {}

    private MnistSoftmaxRegression() {}

    public static void main(String[] args) {
        Examples.main(args, MnistSoftmaxRegression::run);
    }

    public static Result run(String... args) {
        Options o = Examples.mnistOptions(new Options("MnistSoftmaxRegression")
                .add("epochs", "1000", "full-batch gradient-descent steps")
                .add("learning-rate", "0.9", "SGD learning rate")
                .add("batch-size", "0", "batch size; 0 = all training images (full batch)")
                .add("print-every", "100", "print the loss every this many epochs")
                .add("seed", "1", "seeds the model")
                .add("output", Examples.defaultOutputDir(), "directory for the PNG"))
                .parse(args);
        if (o.helpRequested()) {
            System.out.println(o.usage());
            return null;
        }
        Examples.MnistData loaded = Examples.loadMnist(o, "MnistSoftmaxRegression");
        Mnist.Dataset mnist = loaded.data();
        DatasetName dataset = loaded.name();
        Mnist.Split trainSplit = mnist.train();
        INDArray xTrain = trainSplit.features();
        INDArray yTrain = trainSplit.labelsTensor();
        INDArray xTest = mnist.test().features();
        INDArray yTest = mnist.test().labelsTensor();
        log.info("Training on {} images of {} pixels, testing on {}", trainSplit.size(), xTrain.columns(), mnist.test().size());

        double learningRate = o.number("learning-rate");
        Sequential model = new Sequential(new Dense(10, Activation.SOFTMAX, Initializer.ZEROS).inputDim(784))
                .setSeed(o.longValue("seed"));
        model.compile(new SGD(learningRate), new SparseCategoricalCrossentropy(), "accuracy");
        model.build(784);
        model.summary();

        int epochs = o.integer("epochs");
        int printEvery = Math.max(1, o.integer("print-every"));
        int batch = o.integer("batch-size") > 0 ? o.integer("batch-size") : trainSplit.size();
        double[] lastLoss = {Double.NaN};
        RisingLoss rising = new RisingLoss();
        Callback printer = new Callback() {
            @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
                lastLoss[0] = logs.get("loss");
                if (epoch == 0 || (epoch + 1) % printEvery == 0 || epoch + 1 == epochs) {
                    System.out.printf(Locale.ROOT, "Epoch %d/%d - loss: %.4f - accuracy: %.4f%n", epoch + 1, epochs,
                            logs.get("loss"), logs.get("accuracy"));
                    if (rising.record(logs.get("loss"))) {
                        System.out.printf(Locale.ROOT, "Warning: the loss has risen at %d of the checkpoints above "
                                + "(now %.4f): learning rate %s is too large for these data, and gradient descent "
                                + "oscillates. Try a smaller one, e.g. --learning-rate %s%n", RisingLoss.RISES,
                                logs.get("loss"), o.string("learning-rate"), BigDecimal.valueOf(learningRate)
                                        .movePointLeft(1).stripTrailingZeros().toPlainString());
                    }
                }
            }
        };
        long start = System.nanoTime();
        model.fit(xTrain, yTrain, new FitOptions().epochs(epochs).batchSize(batch).shuffle(false).verbose(0)
                .callbacks(printer));
        log.info("Trained {} epochs in {} s", epochs, String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));

        double trainAccuracy = model.evaluate(xTrain, yTrain, 1000).get("accuracy");
        double testAccuracy = model.evaluate(xTest, yTest, 1000).get("accuracy");
        System.out.println("Train accuracy: " + Examples.percent(trainAccuracy));
        System.out.println("Test accuracy:  " + Examples.percent(testAccuracy));

        int shown = Math.min(40, mnist.test().size());
        int[] predicted = Examples.argmax(model.predict(xTest.get(NDArrayIndex.interval(0, shown), NDArrayIndex.all())));
        Path out = o.path("output").resolve(dataset.option() + "_softmax_" + dataset.items() + ".png");
        try {
            Path grid = DigitGrid.save(mnist.test(), predicted, dataset::className, String.format(Locale.ROOT,
                    "The first %d %s test %s, each titled label → prediction: the true class, then the softmax "
                    + "regression's. Mistakes are red, marked ✗ and framed.", shown, dataset.title(), dataset.items()),
                    out);
            System.out.println("Wrote " + grid.toAbsolutePath().normalize());
            return new Result(trainAccuracy, testAccuracy, lastLoss[0], rising.rose(), grid);
        } catch (IOException e) {
            throw new UncheckedIOException("MnistSoftmaxRegression: cannot write " + out + ": " + e.getMessage(), e);
        }
    }
}
