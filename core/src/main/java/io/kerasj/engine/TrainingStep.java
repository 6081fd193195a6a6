package io.kerasj.engine;

import io.kerasj.core.Layer;
import io.kerasj.core.Loss;
import io.kerasj.core.Metric;
import io.kerasj.core.Objective;
import io.kerasj.core.Parameters;
import io.kerasj.core.Sequential;
import io.kerasj.core.Utils;
import io.kerasj.ops.Ops;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training step of a {@link Sequential} model, and the buffers it reuses from step to step and from fit to
 * fit: forward, the loss where the output activation and the loss meet (see {@link Objective}), backward, and
 * the optimizer's update. Its model owns it; evaluation shares its forward pass and loss.
 */
final class TrainingStep {

    private final Sequential model;

    /**
     * Input bytes per chunk of a large batch (see {@link #computeGradients(Batch)}): a few MB, more than the L2
     * cache and well within the L3 cache of a typical CPU.
     */
    private static final long CHUNK_BYTES = 3L << 20;
    /** Where the gradients of the two halves of a chunked batch are added up; allocated at the first one. */
    private final INDArray[] halfSums = new INDArray[2];
    /**
     * The chunks of the last chunked batch, kept while its arrays stay the same (in full-batch training, from
     * epoch to epoch): each ND4J view allocates native shape information, which a step must not.
     */
    private Batch chunked;
    private List<Batch> chunks = List.of();
    /** The second half's lane: replicas of the layers, made at the first chunked batch that can use them. */
    private Lane replicas;
    /** The model's parameters and layers when {@link #replicas} were made: they are remade when either changes. */
    private Parameters replicatedParameters;
    private List<Layer> replicatedLayers = List.of();
    /**
     * The thread the second half of a chunked batch runs on: the model's own, made on first use, ended after a
     * second without work so that an idle model holds no thread.
     */
    private ThreadPoolExecutor secondCore;
    /** The last batch input counted in chunks, its rows and chunks: the same buffer step after step. */
    private INDArray counted;
    private long countedRows;
    private long countedChunks;
    /** ∂L/∂(output or logits), by batch size, and the last one, found without boxing its size. */
    private final Map<Integer, INDArray> gradOutputs = new HashMap<>();
    private INDArray lastGradOutput;
    /** The buffers shuffled rows are gathered into, by batch size; unshuffled batches are read in place. */
    private final Map<Integer, Batch> gatherBuffers = new HashMap<>();
    /** The last of them, its rows and the arrays it was gathered from, found without boxing its size. */
    private Batch lastGathered;
    private int lastGatheredRows;
    private INDArray gatheredFromX;
    private INDArray gatheredFromY;

    TrainingStep(Sequential model) {
        this.model = model;
    }

    /** Forward, loss, backward and one optimizer step on a gathered batch; returns the batch loss. */
    double train(Batch batch) {
        double value = computeGradients(batch);
        model.optimizer().step(model.parameters());
        return value;
    }

    /** Whether every layer's output rows depend on their own input rows only, so that a batch may be chunked. */
    private static boolean rowsIndependent(List<Layer> layers) {
        for (Layer layer : layers) {
            if (!layer.rowsIndependent()) {
                return false;
            }
        }
        return true;
    }

    /** The number of chunks a batch of {@code rows} rows of {@code x}'s width and type is worked through in. */
    long chunkCount(long rows, INDArray x) {
        return rowsIndependent(model.layers()) ? chunksBySize(rows, x) : 1;
    }

    /** The number of chunks by size alone. */
    private static long chunksBySize(long rows, INDArray x) {
        long bytes = rows * (x.length() / Math.max(1, x.size(0))) * x.dataType().width();
        return Math.max(1, Math.min(rows, (bytes + CHUNK_BYTES - 1) / CHUNK_BYTES));
    }

    /**
     * Forward and backward on one batch, leaving ∂L/∂θ in {@link Parameters#gradients()}; returns L, the layers'
     * regularization penalties included.
     *
     * <p>A batch whose input rows take more than {@link #CHUNK_BYTES} is worked through in equal chunks of rows,
     * each carried forward and back while its rows are still in the cache, and the chunks' gradients are added up.
     * The result is the batch's gradient, summed in another order: L and ∂L/∂θ are means over rows, so chunk c
     * of m_c rows counts with weight m_c/m. (Full-batch MNIST, 60,000 × 784, measured alternately 12 times: the
     * two products that read x took 114–173 ms in one piece against 62–116 ms in chunks of 1,000 rows, which
     * also need 1/60 of the activation buffers.)
     *
     * <p>The chunks are added up in two halves, and the halves then added: with one BLAS thread and two cores,
     * the second half runs on the other core, on replicas of the layers that share their weights (see
     * {@link Layer#replica()}). The sums are the same either way: the second core changes no bit (tested).
     * (Full-batch MNIST, both products of each chunk, 8 runs of 5 epochs: 81–116 ms an epoch on one lane with two
     * BLAS threads, 53–57 ms on two lanes with one BLAS thread each.)
     */
    double computeGradients(Batch batch) {
        List<Layer> layers = model.layers();
        if (batch.x != counted) {
            countedRows = batch.x.size(0);
            countedChunks = chunkCount(countedRows, batch.x);
            counted = batch.x;
        }
        long m = countedRows;
        long count = countedChunks;
        if (count <= 1) {
            return pass(layers, batch, 1.0) + regularizationLoss(true);
        }
        List<Batch> pieces = chunks(batch, (m + count - 1) / count);
        int half = (pieces.size() + 1) / 2;
        Lane own = new Lane(layers, model.parameters().gradients());
        Lane second = secondLane(layers);
        INDArray firstSum = halfSum(0);
        INDArray secondSum = halfSum(1);
        double value;
        if (second == null) {
            value = own.sum(pieces.subList(0, half), m, firstSum) + own.sum(pieces.subList(half, pieces.size()), m,
                    secondSum);
        } else {
            // Java's loops stay on their lane's core while both halves run.
            HostOps host = model.ops() instanceof HostOps h ? h : null;
            boolean split = host != null && host.splitLoops(false);
            try {
                Future<Double> later = secondCore().submit(() -> second.sum(pieces.subList(half, pieces.size()), m,
                        secondSum));
                double first = own.sum(pieces.subList(0, half), m, firstSum);
                value = first + await(later);
            } finally {
                if (host != null) {
                    host.splitLoops(split);
                }
            }
        }
        model.ops().add(firstSum, secondSum, own.gradients);
        return value + regularizationLoss(true);
    }

    /**
     * The layers' regularization penalties, added to the loss as Keras adds {@code model.losses}; with
     * {@code addGradients}, their gradients are added to the batch's, once, after every chunk's.
     */
    double regularizationLoss(boolean addGradients) {
        List<Layer> layers = model.layers();
        double loss = 0;
        for (int i = 0; i < layers.size(); i++) {
            loss += layers.get(i).regularizationLoss(addGradients);
        }
        return loss;
    }

    /**
     * The layers and gradient buffer a chunked batch's second half is carried through on another core, or null
     * when it is to run on this thread: with one core, with BLAS threads of its own (which two lanes would
     * fight over), or with a layer that has no {@link Layer#replica()}.
     */
    private Lane secondLane(List<Layer> layers) {
        // Only the host engine's products run on the calling thread; another engine's run where it puts them.
        if (!(model.ops() instanceof HostOps) || Runtime.getRuntime().availableProcessors() < 2
                || Nd4j.factory().blas().getMaxThreads() != 1) {
            return null;
        }
        Parameters parameters = model.parameters();
        if (replicas != null && replicatedParameters == parameters && replicatedLayers.equals(layers)) {
            return replicas;
        }
        // The replicas add up gradients of their own.
        INDArray gradients = parameters.gradients().ulike();
        List<Layer> copies = replicate(layers, parameters, gradients);
        if (copies == null) {
            return null;
        }
        replicas = new Lane(copies, gradients);
        replicatedParameters = parameters;
        replicatedLayers = List.copyOf(layers);
        return replicas;
    }

    /**
     * Replicas of {@code layers} (see {@link Layer#replica()}) bound to the same weights, trainable and not, with
     * their weight gradients in {@code gradients} (a buffer of the parameters' gradient layout); null when a layer
     * has no replica.
     */
    static List<Layer> replicate(List<Layer> layers, Parameters parameters, INDArray gradients) {
        List<Layer> copies = new ArrayList<>();
        for (Layer layer : layers) {
            Layer copy = layer.replica();
            if (copy == null) {
                return null;
            }
            copies.add(copy);
        }
        long offset = 0;
        long fixedOffset = 0;
        for (int i = 0; i < copies.size(); i++) {
            Layer layer = layers.get(i);
            List<INDArray> weights = new ArrayList<>(Parameters.split(parameters.values(), offset, layer.weightShapes()));
            weights.addAll(Parameters.split(parameters.nonTrainable(), fixedOffset, layer.nonTrainableWeightShapes()));
            copies.get(i).bind(weights, Parameters.split(gradients, offset, layer.weightShapes()));
            offset += size(layer.weightShapes());
            fixedOffset += size(layer.nonTrainableWeightShapes());
        }
        return List.copyOf(copies);
    }

    private static long size(List<long[]> shapes) {
        long n = 0;
        for (long[] shape : shapes) {
            long s = 1;
            for (long d : shape) {
                s *= d;
            }
            n += s;
        }
        return n;
    }

    private synchronized ExecutorService secondCore() {
        if (secondCore == null) {
            secondCore = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, "kerasj-second-core");
                thread.setDaemon(true);
                return thread;
            });
        }
        return secondCore;
    }

    /** The result of the second lane, waited for even if this thread is interrupted: it writes the model's buffers. */
    private static double await(Future<Double> result) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A list of layers and the flat gradient buffer their gradient views point into. */
    private final class Lane {
        final List<Layer> layers;
        final INDArray gradients;

        Lane(List<Layer> layers, INDArray gradients) {
            this.layers = layers;
            this.gradients = gradients;
        }

        /**
         * Carries {@code pieces}, chunks of a batch of {@code m} rows, forward and back, and adds their weighted
         * gradients up in {@code sum}, in order; returns their weighted losses, added up in the same order.
         */
        double sum(List<Batch> pieces, long m, INDArray sum) {
            Ops ops = model.ops();
            double value = 0;
            for (int c = 0; c < pieces.size(); c++) {
                Batch piece = pieces.get(c);
                double weight = (double) piece.x.size(0) / m;
                value += weight * pass(layers, piece, weight);
                if (c == 0) {
                    ops.copy(gradients, sum);
                } else {
                    ops.add(sum, gradients, sum);
                }
            }
            return value;
        }
    }

    /**
     * Forward and backward through {@code layers} on a batch's rows, with ∂L/∂(output or logits) in its
     * {@code gradOutput}; the loss's gradient is scaled by {@code weight}, the rows' share of their batch. Returns
     * the rows' own mean loss.
     */
    private double pass(List<Layer> layers, Batch batch, double weight) {
        INDArray y = batch.y;
        INDArray gradOutput = batch.gradOutput;
        INDArray output = forward(layers, batch.x, true, !model.objective().readsPreActivation());
        double value = loss(layers, y, output, gradOutput, batch.weights);
        if (weight != 1.0) {
            model.ops().scale(gradOutput, weight, gradOutput);
        }
        Layer last = layers.get(layers.size() - 1);
        boolean deeper = layers.size() > 1;
        INDArray grad = model.objective().readsPreActivation()
                ? last.backwardFromPreActivation(gradOutput, deeper)
                : last.backward(gradOutput, deeper);
        for (int i = layers.size() - 2; i >= 0; i--) {
            grad = layers.get(i).backward(grad, i > 0);
        }
        // The two halves of a chunked batch take turns here. Metrics count right answers, so the order in which
        // the chunks are counted does not change the result.
        List<Metric> metrics = model.metrics();
        synchronized (this) {
            // Indexed: an iterator would be an allocation per step.
            for (int i = 0; i < metrics.size(); i++) {
                metrics.get(i).update(model.ops(), y, output);
            }
        }
        return value;
    }

    /**
     * The forward pass; the output layer's activation is left out unless {@code activateOutput}, for
     * {@link #loss} to apply when the objective is fused.
     */
    INDArray forward(INDArray x, boolean training, boolean activateOutput) {
        return forward(model.layers(), x, training, activateOutput);
    }

    static INDArray forward(List<Layer> layers, INDArray x, boolean training, boolean activateOutput) {
        INDArray a = x;
        for (int i = 0; i < layers.size(); i++) {
            a = layers.get(i).forward(a, training, activateOutput || i < layers.size() - 1);
        }
        return a;
    }

    /**
     * The loss of the batch whose forward pass ran last, and ∂L/∂(what the loss reads) into {@code grad} unless it
     * is null. When the objective is fused, the loss reads the output layer's z and also fills {@code output}
     * with the output activation, in the same pass, if a metric is to read it.
     */
    double loss(INDArray y, INDArray output, INDArray grad, INDArray weights) {
        return loss(model.layers(), y, output, grad, weights);
    }

    /**
     * As {@link #loss(INDArray, INDArray, INDArray, INDArray)} on these layers. With sample {@code weights} [m, 1]
     * the loss is Σ_i w_i·l_i / m, Keras's "sum_over_batch_size", and row i of the gradient, (1/m)·∂l_i, is scaled
     * by w_i: each row of the mean's gradient depends on its own sample's loss only.
     */
    private double loss(List<Layer> layers, INDArray y, INDArray output, INDArray grad, INDArray weights) {
        Objective objective = model.objective();
        Loss loss = objective.loss();
        Ops ops = model.ops();
        INDArray read = objective.readsPreActivation() ? layers.get(layers.size() - 1).preActivation() : output;
        double mean = objective.readsPreActivation()
                ? loss.computeWithOutput(ops, y, read, grad, model.metrics().isEmpty() ? null : output)
                : loss.compute(ops, y, read, grad);
        if (weights == null) {
            return mean;
        }
        // Allocated per call: the two halves of a chunked batch may be here at once.
        INDArray values = Nd4j.create(model.dataType(), weights.length(), 1);
        loss.perSample(ops, y, read, values);
        ops.mul(values, weights, values);
        if (grad != null) {
            ops.mulColumnVector(grad, weights, grad);
        }
        return ops.sum(values) / weights.length();
    }

    /** {@code batch} cut into runs of {@code size} rows (the last may be shorter), as views. */
    private List<Batch> chunks(Batch batch, long size) {
        if (chunked == null || chunked.x != batch.x || chunked.y != batch.y || chunked.gradOutput != batch.gradOutput
                || chunked.weights != batch.weights || chunks.get(0).x.size(0) != size) {
            List<Batch> views = new ArrayList<>();
            long m = batch.x.size(0);
            for (long from = 0; from < m; from += size) {
                long to = Math.min(m, from + size);
                views.add(new Batch(Utils.rows(batch.x, from, to), Utils.rows(batch.y, from, to),
                        Utils.rows(batch.gradOutput, from, to),
                        batch.weights == null ? null : Utils.rows(batch.weights, from, to)));
            }
            chunked = batch;
            chunks = List.copyOf(views);
        }
        return chunks;
    }

    /** Forgets the views kept from step to step, so that the model holds no reference to data it trained on. */
    void forgetViews() {
        chunked = null;
        chunks = List.of();
        counted = null;
        gatheredFromX = null;
        gatheredFromY = null;
        if (model.ops() instanceof HostOps host) {
            host.release();
        }
    }

    private Layer outputLayer() {
        List<Layer> layers = model.layers();
        return layers.get(layers.size() - 1);
    }

    private INDArray halfSum(int half) {
        INDArray gradients = model.parameters().gradients();
        if (halfSums[half] == null || halfSums[half].length() != gradients.length()
                || halfSums[half].dataType() != gradients.dataType()) {
            halfSums[half] = gradients.ulike();
        }
        return halfSums[half];
    }

    /** ∂L/∂(output or logits) for a batch of {@code size} rows, reused. */
    INDArray gradOutput(int size) {
        if (lastGradOutput == null || lastGradOutput.size(0) != size) {
            lastGradOutput = gradOutputs.computeIfAbsent(size, s -> {
                long[] out = outputLayer().outputShape();
                long[] shape = new long[out.length + 1];
                shape[0] = s;
                System.arraycopy(out, 0, shape, 1, out.length);
                return Nd4j.create(model.dataType(), shape);
            });
        }
        return lastGradOutput;
    }

    /** Rows [from, from + size) of x and y, read in place: x and y themselves when that is all their rows. */
    Batch inPlace(INDArray x, INDArray y, int from, int size) {
        if (from == 0 && size == x.size(0)) {
            return new Batch(x, y, gradOutput(size));
        }
        return new Batch(Utils.rows(x, from, from + size), Utils.rows(y, from, from + size), gradOutput(size));
    }

    /** The buffers a batch of {@code size} shuffled rows of x and y is gathered into, reused. */
    Batch gatherBuffers(int size, INDArray x, INDArray y) {
        // The common case, step after step: the same size from the same arrays, answered without a shape query.
        if (lastGathered != null && x == gatheredFromX && y == gatheredFromY && size == lastGatheredRows) {
            return lastGathered;
        }
        Batch batch = gatherBuffers.get(size);
        if (batch == null || !sameShapeBut(batch.y, y, size) || !sameShapeBut(batch.x, x, size)) {
            long[] xShape = x.shape().clone();
            xShape[0] = size;
            long[] yShape = y.shape().clone();
            yShape[0] = size;
            batch = new Batch(Nd4j.create(model.dataType(), xShape), Nd4j.create(model.dataType(), yShape),
                    gradOutput(size));
            gatherBuffers.put(size, batch);
        }
        lastGathered = batch;
        lastGatheredRows = size;
        gatheredFromX = x;
        gatheredFromY = y;
        return batch;
    }

    /** Whether {@code a} has the shape of {@code b} except for {@code rows} rows. */
    private static boolean sameShapeBut(INDArray a, INDArray b, long rows) {
        if (a.rank() != b.rank() || a.size(0) != rows) {
            return false;
        }
        for (int d = 1; d < a.rank(); d++) {
            if (a.size(d) != b.size(d)) {
                return false;
            }
        }
        return true;
    }

    /**
     * One training batch: its rows of x and y (gathered copies or views in place), ∂L/∂(output or logits), and
     * the weights of its samples [m, 1], or null when they all count once.
     */
    record Batch(INDArray x, INDArray y, INDArray gradOutput, INDArray weights) {
        Batch(INDArray x, INDArray y, INDArray gradOutput) {
            this(x, y, gradOutput, null);
        }

        /** This batch with these sample weights. */
        Batch weighted(INDArray sampleWeights) {
            return new Batch(x, y, gradOutput, sampleWeights);
        }
    }
}
