package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.Sequential;
import io.kerasj.layers.BatchNormalization;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Dropout;
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code predict} from many threads at once, as a Java service calls it: every thread gets exactly the answer a
 * lone call gives (compared bit for bit), with lanes of replicas for Dense models and one caller at a time for
 * layers without replicas; and predicting while another thread trains neither fails nor disturbs the training.
 */
class ConcurrentPredictTest {

    private static final int THREADS = 4;
    private static final int CALLS = 150;

    /** The W3 model, 784-128-64-10, with seeded weights; softmax output so that predictions are probabilities. */
    private static Sequential mlp() {
        Sequential model = new Sequential(new Dense(128, Activation.RELU).inputDim(784),
                new Dense(64, Activation.RELU), new Dense(10, Activation.SOFTMAX)).setSeed(5);
        model.build(784);
        return model;
    }

    @Test
    void concurrentCallersGetWhatALoneCallerGets() throws Exception {
        agreeUnderConcurrency(mlp());
    }

    /** BatchNormalization and Dropout have no replicas: their callers take turns on the model's own layers. */
    @Test
    void layersWithoutReplicasTakeTurns() throws Exception {
        Sequential model = new Sequential(new Dense(32, Activation.RELU).inputDim(784), new BatchNormalization(),
                new Dropout(0.3), new Dense(10, Activation.SOFTMAX)).setSeed(6);
        model.compile(new Adam(), new SparseCategoricalCrossentropy());
        // Moving statistics away from their initial values, so that inference reads something trained.
        model.fit(Fixtures.gaussian(1, DataType.FLOAT, 256, 784), labels(256), new FitOptions().verbose(0));
        agreeUnderConcurrency(model);
    }

    private static void agreeUnderConcurrency(Sequential model) throws Exception {
        // Inputs of several sizes: one row (a service's request), a partial batch, and more than one batch.
        List<INDArray> inputs = new ArrayList<>();
        List<INDArray> expected = new ArrayList<>();
        int[] sizes = {1, 7, 33, 70};
        for (int i = 0; i < 8; i++) {
            INDArray x = Fixtures.gaussian(100 + i, DataType.FLOAT, sizes[i % sizes.length], 784);
            inputs.add(x);
            expected.add(model.predict(x));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int checked = 0;
                    for (int c = 0; c < CALLS; c++) {
                        int i = (thread * 3 + c) % inputs.size();
                        INDArray got = model.predict(inputs.get(i));
                        assertArrayEquals(values(expected.get(i)), values(got), 0.0, "thread " + thread + ", call " + c + ", input " + i);
                        checked++;
                    }
                    return checked;
                }));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertEquals(CALLS, result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Predicting on one thread while another trains: no call fails, and the training gives the same weights as the
     * same training alone (predict touches none of the training step's buffers).
     */
    @Test
    void predictingWhileTrainingLeavesTheTrainingAlone() throws Exception {
        INDArray x = Fixtures.gaussian(2, DataType.FLOAT, 640, 784);
        INDArray y = labels(640);
        Sequential alone = compiled();
        alone.fit(x, y, new FitOptions().epochs(2).verbose(0));

        Sequential busy = compiled();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> predictions = pool.submit(() -> {
                int calls = 0;
                INDArray row = Fixtures.gaussian(3, DataType.FLOAT, 1, 784);
                while (!Thread.currentThread().isInterrupted() && calls < 100_000) {
                    INDArray p = busy.predict(row);
                    assertEquals(1.0, p.sumNumber().doubleValue(), 1e-5, "a probability row");
                    calls++;
                }
                return calls;
            });
            busy.fit(x, y, new FitOptions().epochs(2).verbose(0));
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            assertTrue(predictions.get() > 0);
        } finally {
            pool.shutdownNow();
        }
        List<INDArray> expected = alone.getWeights();
        List<INDArray> actual = busy.getWeights();
        for (int t = 0; t < expected.size(); t++) {
            assertArrayEquals(values(expected.get(t)), values(actual.get(t)), 0.0, "weight " + t);
        }
    }

    private static Sequential compiled() {
        Sequential model = mlp();
        model.compile(new Adam(), new SparseCategoricalCrossentropy());
        return model;
    }

    private static INDArray labels(int m) {
        INDArray ids = Nd4j.create(DataType.FLOAT, m, 1);
        for (int i = 0; i < m; i++) {
            ids.putScalar(i, i % 10);
        }
        return ids;
    }

    /** Every element, for an exact comparison (INDArray.equals allows differences up to 1e-5). */
    private static double[] values(INDArray a) {
        return a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }
}
