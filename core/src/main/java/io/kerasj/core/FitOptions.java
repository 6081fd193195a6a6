package io.kerasj.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The keyword arguments of Keras's {@code fit}, with Keras's defaults:
 * {@code new FitOptions().epochs(30).batchSize(5).validationSplit(0.2)}.
 *
 * <ul>
 *   <li>{@code epochs} = 1; {@code initialEpoch} = 0 (training runs epochs initialEpoch .. epochs − 1)</li>
 *   <li>{@code batchSize} = 32; the last, partial batch is kept</li>
 *   <li>{@code shuffle} = true: reshuffled every epoch, seeded by the model's seed and the epoch</li>
 *   <li>{@code validationSplit} = 0: the LAST fraction of the samples, taken before shuffling</li>
 *   <li>{@code validationData} = none; it takes precedence over validationSplit, as in Keras</li>
 *   <li>{@code validationBatchSize} = the batch size; {@code validationFreq} = 1: validate every epoch (2: every
 *   second epoch, counted from 1 as Keras does)</li>
 *   <li>{@code verbose} = 1: a progress line per epoch; 2: one plain line per epoch; 0: silent</li>
 *   <li>{@code callbacks} = none</li>
 *   <li>{@code sampleWeight} = none: a weight per training sample; {@code classWeight} = none: a weight per class,
 *   1 for classes it does not name. Either, not both (as Keras). The loss of a batch is then Σ_i w_i·l_i / m,
 *   Keras's "sum_over_batch_size": divided by the batch's size, not by the sum of its weights. Metrics are not
 *   weighted, as Keras's {@code metrics} (it weights only {@code weighted_metrics}, which KerasJ does not have).
 *   Class weights apply to training only; sample weights follow their rows into a {@code validationSplit}.</li>
 *   <li>{@code stepsPerEpoch} = 0: an epoch is one pass over the data. n &gt; 0: an epoch is n batches, and the data
 *   is read on from where the previous epoch stopped, as Keras's {@code steps_per_epoch}; when the data runs out
 *   within an epoch, that epoch ends early (with a warning) and the next one starts a new pass</li>
 * </ul>
 *
 * <p>With a {@link io.kerasj.data.Dataset} (see {@code Sequential.fit(Dataset, FitOptions)}) the dataset's own
 * batching and shuffling apply: {@code batchSize} and {@code shuffle} are not used, and {@code validationSplit} and
 * {@code sampleWeight} are refused (use {@code classWeight}), as in Keras.
 */
public final class FitOptions {

    int epochs = 1;
    int initialEpoch = 0;
    int batchSize = 32;
    boolean shuffle = true;
    double validationSplit = 0.0;
    INDArray validationX;
    INDArray validationY;
    INDArray validationSampleWeight;
    INDArray sampleWeight;
    Map<Integer, Double> classWeight;
    int verbose = 1;
    int validationBatchSize = 0;
    int validationFreq = 1;
    final List<Callback> callbacks = new ArrayList<>();
    long stepsPerEpoch = 0;
    io.kerasj.data.Dataset validationDataset;

    public FitOptions epochs(int epochs) {
        this.epochs = epochs;
        return this;
    }

    public FitOptions initialEpoch(int initialEpoch) {
        this.initialEpoch = initialEpoch;
        return this;
    }

    public FitOptions batchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    public FitOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    public FitOptions validationSplit(double validationSplit) {
        this.validationSplit = validationSplit;
        return this;
    }

    public FitOptions validationData(INDArray x, INDArray y) {
        return validationData(x, y, null);
    }

    /** Validation data with a weight per sample, as Keras's {@code validation_data=(x, y, sample_weight)}. */
    public FitOptions validationData(INDArray x, INDArray y, INDArray sampleWeight) {
        this.validationX = x;
        this.validationY = y;
        this.validationSampleWeight = sampleWeight;
        return this;
    }

    /**
     * A weight per training sample, [m] or [m, 1], finite and not negative, as Keras's {@code sample_weight}: the
     * loss of sample i counts w_i times. (Keras also accepts negative weights; they turn minimising into
     * maximising that sample's loss, which is a mistake far more often than an intent, so KerasJ refuses them.)
     */
    public FitOptions sampleWeight(INDArray sampleWeight) {
        this.sampleWeight = sampleWeight;
        return this;
    }

    /**
     * A weight per class id, as Keras's {@code class_weight} ({0: 1.0, 1: 5.0} for a rare class 1): each training
     * sample counts with its class's weight, 1 for a class the map does not name. The class of a sample is the
     * argmax of a one-hot target row, or the rounded value of a single-column target (ids, or 0/1).
     */
    public FitOptions classWeight(Map<Integer, Double> classWeight) {
        if (classWeight != null) {
            for (Map.Entry<Integer, Double> e : classWeight.entrySet()) {
                if (e.getKey() == null || e.getKey() < 0 || e.getValue() == null || !Double.isFinite(e.getValue())
                        || e.getValue() < 0) {
                    throw new IllegalArgumentException("FitOptions.classWeight: expected class ids >= 0 with finite "
                            + "weights >= 0, got " + e.getKey() + " -> " + e.getValue());
                }
            }
        }
        this.classWeight = classWeight == null ? null : new HashMap<>(classWeight);
        return this;
    }

    /** The batch size of validation, as Keras's {@code validation_batch_size}; by default the training batch size. */
    public FitOptions validationBatchSize(int validationBatchSize) {
        this.validationBatchSize = validationBatchSize;
        return this;
    }

    /** Validates every {@code validationFreq} epochs, as Keras's integer {@code validation_freq}: epochs n·freq (from 1). */
    public FitOptions validationFreq(int validationFreq) {
        this.validationFreq = validationFreq;
        return this;
    }

    public FitOptions verbose(int verbose) {
        this.verbose = verbose;
        return this;
    }

    /**
     * Batches per epoch, as Keras's {@code steps_per_epoch}: each epoch reads on from where the previous one
     * stopped (required for a {@link io.kerasj.data.Dataset#repeat() repeated} dataset); 0, the default, for one pass.
     */
    public FitOptions stepsPerEpoch(long stepsPerEpoch) {
        this.stepsPerEpoch = stepsPerEpoch;
        return this;
    }

    /** Validation on a batched dataset, read in full after each validated epoch; as Keras's {@code validation_data}. */
    public FitOptions validationData(io.kerasj.data.Dataset validation) {
        this.validationDataset = validation;
        return this;
    }

    public FitOptions callbacks(Callback... callbacks) {
        for (Callback callback : callbacks) {
            if (callback == null) {
                throw new IllegalArgumentException("FitOptions.callbacks: a callback is null");
            }
            this.callbacks.add(callback);
        }
        return this;
    }

    // The values, for the loop that reads them.

    public int epochs() { return epochs; }

    public int initialEpoch() { return initialEpoch; }

    public int batchSize() { return batchSize; }

    public boolean shuffle() { return shuffle; }

    public double validationSplit() { return validationSplit; }

    /** The validation features given with {@link #validationData}, or null. */
    public INDArray validationX() { return validationX; }

    /** The validation targets given with {@link #validationData}, or null. */
    public INDArray validationY() { return validationY; }

    public int verbose() { return verbose; }

    /** The validation batch size given, or 0 for the training batch size. */
    public int validationBatchSize() { return validationBatchSize; }

    public int validationFreq() { return validationFreq; }

    public List<Callback> callbacks() { return List.copyOf(callbacks); }

    /** The weight per validation sample, or null. */
    public INDArray validationSampleWeight() { return validationSampleWeight; }

    /** The weight per training sample, or null. */
    public INDArray sampleWeight() { return sampleWeight; }

    /** The weight per class, or null. */
    public Map<Integer, Double> classWeight() { return classWeight == null ? null : Map.copyOf(classWeight); }

    /** Batches per epoch, or 0 for one pass over the data. */
    public long stepsPerEpoch() { return stepsPerEpoch; }

    /** The validation dataset given with {@link #validationData(io.kerasj.data.Dataset)}, or null. */
    public io.kerasj.data.Dataset validationDataset() { return validationDataset; }
}
