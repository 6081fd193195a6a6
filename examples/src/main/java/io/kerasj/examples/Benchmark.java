package io.kerasj.examples;

import io.kerasj.ops.Ops;
import io.kerasj.core.Activation;
import io.kerasj.core.FitOptions;
import io.kerasj.core.History;
import io.kerasj.core.Sequential;
import io.kerasj.core.Utils;
import io.kerasj.datasets.Blobs;
import io.kerasj.datasets.Mnist;
import io.kerasj.layers.BatchNormalization;
import io.kerasj.layers.Dense;
import io.kerasj.layers.Dropout;
import io.kerasj.layers.Initializer;
import io.kerasj.losses.CategoricalCrossentropy;
import io.kerasj.losses.SparseCategoricalCrossentropy;
import io.kerasj.optimizers.Adam;
import io.kerasj.optimizers.SGD;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times the four workloads of BENCHMARKS.md with this framework's default settings, float32, and the ND4J
 * GEMM floor of W3 and W3b in the same run. Each figure is the median of {@code --repeats} runs (default 3).
 *
 * <ul>
 *   <li>W1 blobs: 2→12→8→4 (relu, relu, softmax), categorical cross-entropy, Adam(0.001), batch 5, 600 training
 *   samples (750 with validationSplit 0.2), 30 epochs, validation every epoch. Optimizer steps per second.</li>
 *   <li>W2 MNIST softmax regression: 784→10 from zero weights, full batch of 60,000, SGD(0.9), 50 epochs.
 *   Seconds per epoch; the loss after 50 epochs (0.3979) and test accuracy (0.8992) prove it is the same
 *   workload.</li>
 *   <li>W3 MNIST MLP 784→128→64→10, logits with sparse cross-entropy from logits, Adam(0.001), batch 32,
 *   1 epoch. Samples per second.</li>
 *   <li>W3b the same with 784→512→256→10 and batch 256. Epoch time against the floor.</li>
 * </ul>
 * The floor is the time of just the matrix products one training step needs (x·W per layer, dW per layer,
 * dx for all but the first), done with {@code Nd4j.gemm} into reused buffers for a whole epoch. Each W3/W3b
 * run is framed by floor runs just before and just after it; its ratio is to their mean, and the ratio printed
 * is the median of the per-run ratios, followed by each of them (on a shared machine they spread). The training
 * step calls the BLAS directly, without Nd4j.gemm's own cost per call, so a second floor made the same way is
 * printed beside it: the ratio to it is what the rest of the step costs.
 *
 * <p>A last line gives the garbage of a training step of W1, W3 and W3b: the bytes the training thread allocates
 * per step once warm, per-epoch work included (see {@link #garbagePerStep}).
 *
 * <p>Run: {@code mvn -q -pl examples -am compile exec:java -Dexec.mainClass=io.kerasj.examples.Benchmark}
 * (MNIST from {@code --data-dir} or {@code KERASJ_MNIST_DIR}; options {@code --repeats N}, {@code --only W1,W3};
 * {@code --help} lists them).
 */
public final class Benchmark {

    private Benchmark() {}

    public static void main(String[] args) {
        Examples.main(args, Benchmark::run);
    }

    /** Runs the workloads {@code --only} names, each {@code --repeats} times; {@code --help} lists the options. */
    static Void run(String... args) {
        Options o = new Options("Benchmark")
                .add("repeats", "3", "runs per workload; the median is reported")
                .add("only", "W1,W2,W3,W3b,W4,P1", "comma-separated workloads to run")
                .add("peer", "auto", "a Python with torch that runs " + PEER_SCRIPT + " after each workload, in the "
                        + "same sitting, for the ratios; auto: python3 when it has torch; none: no peer")
                .add("peer-threads", "1", "PyTorch's threads (torch.set_num_threads)")
                .add("data-dir", "", "directory with the MNIST IDX files (W2, W3, W3b); default: $" + Mnist.ENV
                        + ", else ~/.kerasj/datasets/mnist, else download")
                .parse(args);
        if (o.helpRequested()) {
            System.out.println(o.usage());
            return null;
        }
        int repeats = o.integer("repeats");
        List<String> only = Arrays.asList(o.string("only").split(","));
        for (String w : only) {
            if (!WORKLOADS.contains(w)) {
                throw new IllegalArgumentException("Benchmark: --only takes W1, W2, W3, W3b, W4 and P1. Received: " + w);
            }
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("Benchmark: --repeats must be at least 1. Received: " + repeats);
        }
        System.out.printf(Locale.ROOT, "KerasJ benchmark: %d cores, Java %s, %s; median of %d%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Nd4j.getBackend().getClass().getSimpleName(), repeats);
        Path dataDir = o.path("data-dir");
        Peer peer = Peer.find(o.string("peer"), o.integer("peer-threads"), repeats, dataDir);
        StringBuilder garbage = new StringBuilder();
        Mnist.Dataset mnist = null;
        // Workload by workload, KerasJ and then the peer, so that both meet the machine in the same state.
        for (String w : WORKLOADS) {
            if (!only.contains(w)) {
                continue;
            }
            if (!w.equals("W1") && mnist == null) {
                mnist = dataDir != null ? Mnist.loadData(dataDir) : Mnist.loadData();
            }
            Map<String, Double> ours = switch (w) {
                case "W1" -> w1(repeats);
                case "W2" -> w2(mnist, repeats);
                case "W3" -> mlp("W3 ", mnist, 128, 64, 32, repeats);
                case "W3b" -> mlp("W3b", mnist, 512, 256, 256, repeats);
                case "W4" -> w4(mnist, repeats);
                default -> p1(mnist, repeats);
            };
            if (peer != null) {
                peer.compare(w, ours);
            }
        }
        if (only.contains("W1")) {
            garbage.append(String.format(Locale.ROOT, "  W1 %.0f B", w1Garbage()));
        }
        if (only.contains("W3")) {
            garbage.append(String.format(Locale.ROOT, "  W3 %.0f B", mlpGarbage(mnist, 128, 64, 32)));
        }
        if (only.contains("W3b")) {
            garbage.append(String.format(Locale.ROOT, "  W3b %.0f B", mlpGarbage(mnist, 512, 256, 256)));
        }
        if (garbage.length() > 0) {
            System.out.println("Garbage per training step:" + garbage + " (W3 and W3b on the first 10,240 images)");
        }
        if (peer != null) {
            peer.printSummary();
        }
        return null;
    }

    /** The workloads, in the order they run. */
    static final List<String> WORKLOADS = List.of("W1", "W2", "W3", "W3b", "W4", "P1");

    /** The PyTorch twin of this program, from the project's root or from the examples module. */
    static final String PEER_SCRIPT = "examples/peers/pytorch_benchmark.py";

    private static double w1Garbage() {
        Blobs.Data train = Blobs.make(1000, new double[][] {{15, 0}, {15, 15}, {0, 15}, {30, 15}}, 1.5, 42)
                .slice(250, 1000);
        Sequential model = new Sequential(new Dense(12, Activation.RELU, Initializer.HE_UNIFORM).inputDim(2),
                new Dense(8, Activation.RELU, Initializer.HE_UNIFORM), new Dense(4, Activation.SOFTMAX)).setSeed(1);
        model.compile(new Adam(0.001), new CategoricalCrossentropy(), "accuracy");
        return garbagePerStep(model, train.features(), Utils.toCategorical(train.labels(), 4),
                new FitOptions().batchSize(5).validationSplit(0.2).validationBatchSize(32).verbose(0), 120);
    }

    private static double mlpGarbage(Mnist.Dataset mnist, int h1, int h2, int batch) {
        Mnist.Split head = mnist.train().head(10_240);
        INDArray x = head.features();
        INDArray y = head.labelsTensor();
        Sequential model = new Sequential(
                new Dense(h1, Activation.RELU).inputDim(784), new Dense(h2, Activation.RELU), new Dense(10)).setSeed(1);
        model.compile(new Adam(0.001), new SparseCategoricalCrossentropy(true), "accuracy");
        return garbagePerStep(model, x, y, new FitOptions().batchSize(batch).verbose(0), 10_240 / batch);
    }

    /**
     * The bytes this thread allocates per training step of a warm {@code fit}: a fit of 5 epochs minus a fit of 1,
     * over the 4 epochs' steps, so that what every fit allocates once (the shuffled index, the check of the inputs)
     * cancels, and what every epoch allocates (validation, the logs) counts.
     */
    private static double garbagePerStep(Sequential model, INDArray x, INDArray y, FitOptions options, int steps) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        model.fit(x, y, options.epochs(3));
        long start = threads.getCurrentThreadAllocatedBytes();
        model.fit(x, y, options.epochs(1));
        long one = threads.getCurrentThreadAllocatedBytes();
        model.fit(x, y, options.epochs(5));
        long five = threads.getCurrentThreadAllocatedBytes();
        return ((five - one) - (one - start)) / (4.0 * steps);
    }

    private static Map<String, Double> w1(int repeats) {
        // The Keras blog's data: 1000 samples, the first 250 held out for testing.
        Blobs.Data data = Blobs.make(1000, new double[][] {{15, 0}, {15, 15}, {0, 15}, {30, 15}}, 1.5, 42);
        Blobs.Data test = data.slice(0, 250);
        Blobs.Data train = data.slice(250, 1000);
        INDArray x = train.features();
        INDArray y = Utils.toCategorical(train.labels(), 4);
        double[] accuracy = new double[1];
        double seconds = median(repeats, () -> {
            Sequential model = new Sequential(
                    new Dense(12, Activation.RELU, Initializer.HE_UNIFORM).inputDim(2),
                    new Dense(8, Activation.RELU, Initializer.HE_UNIFORM),
                    new Dense(4, Activation.SOFTMAX)).setSeed(1);
            model.compile(new Adam(0.001), new CategoricalCrossentropy(), "accuracy");
            long start = System.nanoTime();
            model.fit(x, y, new FitOptions().epochs(30).batchSize(5).validationSplit(0.2).validationBatchSize(32)
                    .verbose(0));
            double elapsed = (System.nanoTime() - start) / 1e9;
            accuracy[0] = model.evaluate(test.features(), Utils.toCategorical(test.labels(), 4)).get("accuracy");
            return elapsed;
        });
        int steps = 30 * 120;
        System.out.printf(Locale.ROOT, "W1  blobs 2-12-8-4, batch 5     %8.0f steps/s     test accuracy %.4f%n",
                steps / seconds, accuracy[0]);
        return Map.of("steps/s", steps / seconds);
    }

    private static Map<String, Double> w2(Mnist.Dataset mnist, int repeats) {
        INDArray x = mnist.train().features();
        INDArray y = mnist.train().labelsTensor();
        double[] lossAndAccuracy = new double[3];
        double seconds = median(repeats, () -> {
            Sequential model = new Sequential(new Dense(10, Activation.SOFTMAX, Initializer.ZEROS).inputDim(784));
            model.compile(new SGD(0.9), new SparseCategoricalCrossentropy(), "accuracy");
            long start = System.nanoTime();
            History history = model.fit(x, y, new FitOptions().epochs(50).batchSize(60_000).shuffle(false).verbose(0));
            double elapsed = (System.nanoTime() - start) / 1e9;
            // The loss of epoch 50 is computed before its update; evaluate gives the loss after it.
            lossAndAccuracy[0] = history.get("loss").get(49);
            lossAndAccuracy[1] = model.evaluate(x, y, 10_000).get("loss");
            lossAndAccuracy[2] = model.evaluate(mnist.test().features(), mnist.test().labelsTensor()).get("accuracy");
            return elapsed / 50;
        });
        System.out.printf(Locale.ROOT, "W2  MNIST 784-10, full batch    %8.3f s/epoch     loss at epoch 50 %.4f (after "
                + "it %.4f), test accuracy %.4f%n", seconds, lossAndAccuracy[0], lossAndAccuracy[1], lossAndAccuracy[2]);
        return Map.of("s/epoch", seconds);
    }

    /**
     * W4: 784-256-128-10 with BatchNormalization and Dropout(0.2) after each hidden layer, logits, Adam, batch 128, one
     * epoch; samples per second and the test accuracy (in inference: moving statistics, no dropout).
     */
    private static Map<String, Double> w4(Mnist.Dataset mnist, int repeats) {
        INDArray x = mnist.train().features();
        INDArray y = mnist.train().labelsTensor();
        double[] seconds = new double[repeats];
        double accuracy = 0;
        for (int r = 0; r < repeats; r++) {
            Sequential model = new Sequential(
                    new Dense(256, Activation.RELU).inputDim(784), new BatchNormalization(), new Dropout(0.2),
                    new Dense(128, Activation.RELU), new BatchNormalization(), new Dropout(0.2),
                    new Dense(10)).setSeed(1);
            model.compile(new Adam(0.001), new SparseCategoricalCrossentropy(true), "accuracy");
            long start = System.nanoTime();
            model.fit(x, y, new FitOptions().epochs(1).batchSize(128).verbose(0));
            seconds[r] = (System.nanoTime() - start) / 1e9;
            accuracy = model.evaluate(mnist.test().features(), mnist.test().labelsTensor()).get("accuracy");
        }
        double epoch = median(seconds);
        System.out.printf(Locale.ROOT, "W4  MNIST 784-256-128-10 BN+Dropout, batch 128 %8.0f samples/s  %.2f s/epoch, "
                + "test accuracy %.4f%n", 60_000 / epoch, epoch, accuracy);
        return Map.of("samples/s", 60_000 / epoch);
    }

    /**
     * P1: predict on the W3 model (784-128-64-10, seeded weights; inference does not care whether they were trained)
     * over MNIST's test images: the latency of one row (median and 99th percentile of 10,000 timed calls, after
     * 5,000 to warm up), the throughput of 10,000 rows in Keras's default batches of 32 and in one call, and single
     * rows from one thread and from two at once, as a service's threads call it.
     */
    private static Map<String, Double> p1(Mnist.Dataset mnist, int repeats) {
        INDArray images = mnist.test().features();
        Sequential model = new Sequential(new Dense(128, Activation.RELU).inputDim(784), new Dense(64, Activation.RELU),
                new Dense(10)).setSeed(1);
        model.build(784);
        // Requests as a service receives them: one array a row.
        INDArray[] rows = new INDArray[1000];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = images.getRow(i, true).dup();
        }
        for (int i = 0; i < 5000; i++) {
            model.predict(rows[i % rows.length]);
        }
        double[] latencies = new double[10_000];
        for (int i = 0; i < latencies.length; i++) {
            long start = System.nanoTime();
            model.predict(rows[i % rows.length]);
            latencies[i] = (System.nanoTime() - start) / 1e3;
        }
        Arrays.sort(latencies);
        double median = latencies[latencies.length / 2];
        double p99 = latencies[(int) (latencies.length * 0.99)];
        double batched = 10_000 / median(repeats, () -> timed(() -> model.predict(images)));
        double whole = 10_000 / median(repeats, () -> timed(() -> model.predict(images, 10_000)));
        double one = median(repeats, () -> callsPerSecond(model, rows, 1));
        double two = median(repeats, () -> callsPerSecond(model, rows, 2));
        System.out.printf(Locale.ROOT, "P1  predict 784-128-64-10      %8.1f us a row (p99 %.1f us)  %.0f rows/s in batches "
                + "of 32, %.0f in one call; single rows %.0f calls/s on 1 thread, %.0f on 2 (x%.2f)%n", median, p99,
                batched, whole, one, two, two / one);
        return Map.of("latency us", median, "rows/s batch 32", batched, "rows/s one call", whole,
                "calls/s 1 thread", one, "calls/s 2 threads", two);
    }

    private static double timed(Runnable run) {
        long start = System.nanoTime();
        run.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** Single-row predict calls per second, all threads together, each thread making 20,000 calls. */
    private static double callsPerSecond(Sequential model, INDArray[] rows, int threads) {
        int calls = 20_000;
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int offset = t * 97;
            workers[t] = new Thread(() -> {
                for (int i = 0; i < calls; i++) {
                    model.predict(rows[(offset + i) % rows.length]);
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return threads * (double) calls / ((System.nanoTime() - start) / 1e9);
    }

    private static Map<String, Double> mlp(String label, Mnist.Dataset mnist, int h1, int h2, int batch, int repeats) {
        INDArray x = mnist.train().features();
        INDArray y = mnist.train().labelsTensor();
        double accuracy = 0;
        double[] seconds = new double[repeats];
        double[] floors = new double[repeats];
        double[] ratios = new double[repeats];
        double[] directFloors = new double[repeats];
        double[] directRatios = new double[repeats];
        // Each run is framed by its floors, taken just before and just after it, so that a ratio compares times
        // taken moments apart and a drift of the machine's speed during the run cancels out: on a shared machine
        // the floor alone moved by ±20% from one minute to the next.
        int[] widths = {784, h1, h2, 10};
        for (int r = 0; r < repeats; r++) {
            Sequential model = new Sequential(
                    new Dense(h1, Activation.RELU).inputDim(784), new Dense(h2, Activation.RELU), new Dense(10)).setSeed(1);
            model.compile(new Adam(0.001), new SparseCategoricalCrossentropy(true), "accuracy");
            double floorBefore = gemmFloor(widths, batch, 60_000, false);
            double directBefore = gemmFloor(widths, batch, 60_000, true);
            long start = System.nanoTime();
            model.fit(x, y, new FitOptions().epochs(1).batchSize(batch).verbose(0));
            seconds[r] = (System.nanoTime() - start) / 1e9;
            directFloors[r] = (directBefore + gemmFloor(widths, batch, 60_000, true)) / 2;
            floors[r] = (floorBefore + gemmFloor(widths, batch, 60_000, false)) / 2;
            ratios[r] = seconds[r] / floors[r];
            directRatios[r] = seconds[r] / directFloors[r];
            accuracy = model.evaluate(mnist.test().features(), mnist.test().labelsTensor()).get("accuracy");
        }
        double epoch = median(seconds);
        StringBuilder each = new StringBuilder();
        for (double ratio : ratios) {
            each.append(String.format(Locale.ROOT, " x%.2f", ratio));
        }
        System.out.printf(Locale.ROOT, "%s MNIST 784-%d-%d-10, batch %-4d %8.0f samples/s  %.2f s/epoch, floor %.2f s "
                + "(x%.2f; runs%s; direct BLAS floor %.2f s, x%.2f), test accuracy %.4f%n", label, h1, h2, batch,
                60_000 / epoch, epoch, median(floors), median(ratios), each, median(directFloors),
                median(directRatios), accuracy);
        return Map.of("samples/s", 60_000 / epoch, "x floor", median(ratios));
    }

    /**
     * Seconds for one epoch of only the GEMMs of forward and backward, into reused buffers: through
     * {@code Nd4j.gemm} (the floor), or with {@code direct} through {@link Ops#host()}'s matmul, which calls
     * the BLAS as the training step does and so skips Nd4j.gemm's own cost per call.
     */
    private static double gemmFloor(int[] widths, int batch, int samples, boolean direct) {
        int layers = widths.length - 1;
        List<INDArray> activations = new ArrayList<>();
        List<INDArray> weights = new ArrayList<>();
        List<INDArray> weightGradients = new ArrayList<>();
        List<INDArray> deltas = new ArrayList<>();
        List<INDArray> inputGradients = new ArrayList<>();
        activations.add(Nd4j.rand(DataType.FLOAT, batch, widths[0]));
        for (int l = 0; l < layers; l++) {
            weights.add(Nd4j.rand(DataType.FLOAT, widths[l], widths[l + 1]));
            weightGradients.add(Nd4j.create(DataType.FLOAT, widths[l], widths[l + 1]));
            activations.add(Nd4j.create(DataType.FLOAT, batch, widths[l + 1]));
            deltas.add(Nd4j.rand(DataType.FLOAT, batch, widths[l + 1]));
            inputGradients.add(Nd4j.create(DataType.FLOAT, batch, widths[l]));
        }
        int steps = (samples + batch - 1) / batch;
        long start = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            for (int l = 0; l < layers; l++) {
                product(activations.get(l), weights.get(l), activations.get(l + 1), false, false, direct);
            }
            for (int l = layers - 1; l >= 0; l--) {
                product(activations.get(l), deltas.get(l), weightGradients.get(l), true, false, direct);
                if (l > 0) {
                    product(deltas.get(l), weights.get(l), inputGradients.get(l), false, true, direct);
                }
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The host engine's products: the BLAS called directly. */
    private static final Ops HOST = Ops.host();

    private static void product(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB,
            boolean direct) {
        if (direct) {
            HOST.matmul(a, b, c, transposeA, transposeB);
        } else {
            Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, 0.0);
        }
    }

    private static double median(int repeats, DoubleSupplier run) {
        double[] values = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            values[i] = run.getAsDouble();
        }
        return median(values);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
