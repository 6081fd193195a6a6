package io.kerasj.core;

import static io.kerasj.core.Sequential.rowsView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training step of a {@link Sequential} model, and the buffers it reuses from step to step and from fit to
 * fit: forward, the loss where the output activation and the loss meet (see {@link Objective}), backward, and
 * the optimizer's update. Its model owns it; evaluation shares its forward pass and loss.
 */
final class TrainingStep {

    private final Sequential model;
    /** The model's own lists, which {@code add} and {@code compile} change in place. */
    private final List<Layer> layers;
    private final List<Metric> metrics;

    /**
     * Input bytes per chunk of a large batch (see {@link #computeGradients(Batch)}): a few MB, more than the L2
     * cache and well within the L3 cache of a typical CPU.
     */
    private static final long CHUNK_BYTES = 3L << 20;
    /** Where the gradients of a chunked batch are added up; allocated at the first chunked batch. */
    private INDArray gradientSum;
    /**
     * The chunks of the last chunked batch, kept while its arrays stay the same (in full-batch training, from
     * epoch to epoch): each ND4J view allocates native shape information, which a step must not.
     */
    private Batch chunked;
    private List<Batch> chunks = List.of();
    /** ∂L/∂(output or logits), by batch size. */
    private final Map<Integer, INDArray> gradOutputs = new HashMap<>();
    /** The buffers shuffled rows are gathered into, by batch size; unshuffled batches are read in place. */
    private final Map<Integer, Batch> gatherBuffers = new HashMap<>();

    TrainingStep(Sequential model, List<Layer> layers, List<Metric> metrics) {
        this.model = model;
        this.layers = layers;
        this.metrics = metrics;
    }

    /** Forward, loss, backward and one optimizer step on a gathered batch; returns the batch loss. */
    double train(Batch batch) {
        double value = computeGradients(batch);
        model.optimizer().step(model.parameters());
        return value;
    }

    /**
     * Forward and backward on one batch, leaving ∂L/∂θ in {@link Parameters#gradients()}; returns L.
     *
     * <p>A batch whose input rows take more than {@link #CHUNK_BYTES} is worked through in equal chunks of rows,
     * each carried forward and back while its rows are still in the cache, and the chunks' gradients are added up.
     * The result is the batch's gradient, summed in another order: L and ∂L/∂θ are means over rows, so chunk c
     * of m_c rows counts with weight m_c/m. (Full-batch MNIST, 60,000 × 784, measured alternately 12 times: the
     * two products that read x took 114–173 ms in one piece against 62–116 ms in chunks of 1,000 rows, which
     * also need 1/60 of the activation buffers.)
     */
    double computeGradients(Batch batch) {
        long m = batch.x.rows();
        long bytes = m * batch.x.columns() * batch.x.dataType().width();
        long count = Math.min(m, (bytes + CHUNK_BYTES - 1) / CHUNK_BYTES);
        if (count <= 1) {
            return computeGradients(batch.x, batch.y, batch.gradOutput, 1.0);
        }
        Matrix gradients = Matrix.of(model.parameters().gradients());
        Matrix sum = Matrix.of(gradientSum());
        double value = 0;
        List<Batch> pieces = chunks(batch, (m + count - 1) / count);
        for (int c = 0; c < pieces.size(); c++) {
            Batch piece = pieces.get(c);
            double weight = (double) piece.x.rows() / m;
            value += weight * computeGradients(piece.x, piece.y, piece.gradOutput, weight);
            if (c == 0) {
                gradients.copyTo(0, sum, 0, sum.length());
            } else {
                Kernels.map(sum, gradients, sum, (x, y, n) -> {
                    for (int i = 0; i < n; i++) {
                        x[i] += y[i];
                    }
                });
            }
        }
        sum.copyTo(0, gradients, 0, gradients.length());
        return value;
    }

    /**
     * Forward and backward on rows x, y, with ∂L/∂(output or logits) in {@code gradOutput}; the loss's gradient is
     * scaled by {@code weight}, the rows' share of their batch. Returns the rows' own mean loss.
     */
    private double computeGradients(INDArray x, INDArray y, INDArray gradOutput, double weight) {
        INDArray output = forward(x, !model.objective().readsPreActivation());
        double value = loss(y, output, gradOutput);
        if (weight != 1.0) {
            Matrix g = Matrix.of(gradOutput);
            Kernels.map(g, null, g, (block, unused, n) -> {
                for (int i = 0; i < n; i++) {
                    block[i] *= weight;
                }
            });
        }
        Layer last = outputLayer();
        boolean deeper = layers.size() > 1;
        INDArray grad = model.objective().readsPreActivation()
                ? last.backwardFromPreActivation(gradOutput, deeper)
                : last.backward(gradOutput, deeper);
        for (int i = layers.size() - 2; i >= 0; i--) {
            grad = layers.get(i).backward(grad, i > 0);
        }
        for (Metric metric : metrics) {
            metric.update(y, output);
        }
        return value;
    }

    /**
     * The forward pass; the output layer's activation is left out unless {@code activateOutput}, for
     * {@link #loss} to apply when the objective is fused.
     */
    INDArray forward(INDArray x, boolean activateOutput) {
        INDArray a = x;
        for (int i = 0; i < layers.size(); i++) {
            a = layers.get(i).forward(a, activateOutput || i < layers.size() - 1);
        }
        return a;
    }

    /**
     * The loss of the batch whose forward pass ran last, and ∂L/∂(what the loss reads) into {@code grad} unless it
     * is null. When the objective is fused, the loss reads the output layer's z and also fills {@code output}
     * with the output activation, in the same pass, if a metric is to read it.
     */
    double loss(INDArray y, INDArray output, INDArray grad) {
        Objective objective = model.objective();
        Loss loss = objective.loss();
        if (objective.readsPreActivation()) {
            return loss.computeWithGradientAndOutput(y, outputLayer().preActivation(), grad,
                    metrics.isEmpty() ? null : output);
        }
        return grad == null ? loss.compute(y, output) : loss.computeWithGradient(y, output, grad);
    }

    /** {@code batch} cut into runs of {@code size} rows (the last may be shorter), as views. */
    private List<Batch> chunks(Batch batch, long size) {
        if (chunked == null || chunked.x != batch.x || chunked.y != batch.y || chunked.gradOutput != batch.gradOutput
                || chunks.get(0).x.rows() != size) {
            List<Batch> views = new ArrayList<>();
            long m = batch.x.rows();
            for (long from = 0; from < m; from += size) {
                long to = Math.min(m, from + size);
                views.add(new Batch(rowsView(batch.x, from, to), rowsView(batch.y, from, to),
                        rowsView(batch.gradOutput, from, to)));
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
    }

    private Layer outputLayer() {
        return layers.get(layers.size() - 1);
    }

    private INDArray gradientSum() {
        INDArray gradients = model.parameters().gradients();
        if (gradientSum == null || gradientSum.length() != gradients.length()) {
            gradientSum = gradients.ulike();
        }
        return gradientSum;
    }

    /** ∂L/∂(output or logits) for a batch of {@code size} rows, reused. */
    INDArray gradOutput(int size) {
        return gradOutputs.computeIfAbsent(size, s -> Nd4j.create(model.dataType(), s, outputLayer().outputWidth()));
    }

    /** Rows [from, from + size) of x and y, read in place: x and y themselves when that is all their rows. */
    Batch inPlace(INDArray x, INDArray y, int from, int size) {
        if (from == 0 && size == x.rows()) {
            return new Batch(x, y, gradOutput(size));
        }
        return new Batch(rowsView(x, from, from + size), rowsView(y, from, from + size), gradOutput(size));
    }

    /** The buffers a batch of {@code size} shuffled rows of x and y is gathered into, reused. */
    Batch gatherBuffers(int size, INDArray x, INDArray y) {
        Batch batch = gatherBuffers.get(size);
        long[] yShape = y.shape().clone();
        yShape[0] = size;
        if (batch == null || !Arrays.equals(batch.y.shape(), yShape)) {
            batch = new Batch(Nd4j.create(model.dataType(), size, x.columns()), Nd4j.create(model.dataType(), yShape),
                    gradOutput(size));
            gatherBuffers.put(size, batch);
        }
        return batch;
    }

    /** One training batch: its rows of x and y (gathered copies or views in place), and ∂L/∂(output or logits). */
    record Batch(INDArray x, INDArray y, INDArray gradOutput) {}
}
