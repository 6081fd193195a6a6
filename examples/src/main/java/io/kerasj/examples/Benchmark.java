package io.kerasj.examples;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.Sequential;
import io.kerasj.core.Utils;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Initializer;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Temporary W1 timing. */
public final class Benchmark {
    public static void main(String[] args) {
        int n = 1000;
        double[][] centres = {{15, 0}, {15, 15}, {0, 15}, {30, 15}};
        Random random = new Random(1);
        double[][] x = new double[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 4;
            x[i][0] = centres[y[i]][0] + 1.5 * random.nextGaussian();
            x[i][1] = centres[y[i]][1] + 1.5 * random.nextGaussian();
        }
        INDArray xs = Utils.tensor(x);
        INDArray ys = Utils.toCategorical(y, 4);
        INDArray xTest = xs.get(NDArrayIndex.interval(0, 250), NDArrayIndex.all());
        INDArray yTest = ys.get(NDArrayIndex.interval(0, 250), NDArrayIndex.all());
        INDArray xTrain = xs.get(NDArrayIndex.interval(250, n), NDArrayIndex.all()).dup();
        INDArray yTrain = ys.get(NDArrayIndex.interval(250, n), NDArrayIndex.all()).dup();
        for (int run = 0; run < 3; run++) {
            Sequential model = new Sequential(new Dense(12, Activation.RELU, Initializer.HE_UNIFORM).inputDim(2),
                    new Dense(8, Activation.RELU, Initializer.HE_UNIFORM), new Dense(4, Activation.SOFTMAX)).setSeed(run);
            model.compile(new Adam(0.001), new CategoricalCrossentropy(), "accuracy");
            long t0 = System.nanoTime();
            model.fit(xTrain, yTrain, new FitOptions().epochs(30).batchSize(5).validationSplit(0.2).verbose(0));
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "W1 run %d: %.0f steps/s, test accuracy %.4f%n", run, 30 * 120 / seconds,
                    model.evaluate(xTest, yTest).get("accuracy"));
        }
    }
}
