package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.*;

import io.kerasj.core.*;
import io.kerasj.layers.*;
import io.kerasj.losses.*;
import io.kerasj.optimizers.*;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class SmokeTest {
    @Test
    void trains() {
        Random r = new Random(1);
        double[][] c = {{15, 0}, {15, 15}, {0, 15}, {30, 15}};
        double[][] x = new double[1000][2];
        int[] y = new int[1000];
        for (int i = 0; i < 1000; i++) {
            y[i] = i % 4;
            x[i][0] = c[y[i]][0] + 1.5 * r.nextGaussian();
            x[i][1] = c[y[i]][1] + 1.5 * r.nextGaussian();
        }
        Sequential model = new Sequential(new Dense(12, Activation.RELU, Initializer.HE_UNIFORM).inputDim(2),
                new Dense(8, Activation.RELU, Initializer.HE_UNIFORM), new Dense(4, Activation.SOFTMAX)).setSeed(3);
        model.compile(new Adam(1e-3), new CategoricalCrossentropy(), "accuracy");
        model.summary();
        INDArray xs = Utils.tensor(x);
        long t0 = System.nanoTime();
        History h = model.fit(xs, Utils.toCategorical(y, 4), new FitOptions().epochs(30).batchSize(5).validationSplit(0.2).verbose(2));
        System.out.println("time " + (System.nanoTime() - t0) / 1e9);
        System.out.println(h);
        assertTrue(model.evaluate(xs, Utils.toCategorical(y, 4)).get("accuracy") > 0.99);
    }
}
