package io.kerasj.engine;

import io.kerasj.core.Layer;
import io.kerasj.core.Sequential;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The checks a model's inputs pass before any step: shapes named against the model's, values finite in the model's
 * type, and the targets the loss can read. They return the arrays in the form the steps read in place: the model's
 * type, C order, contiguous.
 */
final class Inputs {

    private final Sequential model;

    Inputs(Sequential model) {
        this.model = model;
    }

    /** Validates features [m, inputShape...], builds the model on first use, and returns them as the steps read them. */
    INDArray features(INDArray x, String what) {
        if (x == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (x.rank() < 2) {
            throw new IllegalArgumentException(what + ": expected samples of rank 2 or more [samples, features...], "
                    + "got shape " + Arrays.toString(x.shape()));
        }
        if (x.size(0) == 0) {
            throw new IllegalArgumentException(what + ": no samples (shape " + Arrays.toString(x.shape()) + ")");
        }
        long[] sample = Arrays.copyOfRange(x.shape(), 1, x.rank());
        if (!model.isBuilt()) {
            model.build(sample);
        } else {
            model.checkInputShape(sample, Arrays.toString(x.shape()));
        }
        // Converted first and checked after: a float64 value beyond float32's range becomes infinite in a float32 model.
        INDArray converted = usable(x) ? x : x.castTo(model.dataType()).dup('c');
        checkFinite(converted, what, x);
        return converted;
    }

    /** Validates targets for the features {@code x}: rank 1 or 2, one row per sample, what the loss reads. */
    INDArray targets(INDArray y, INDArray x, String what) {
        if (y == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (y.rank() == 0 || y.rank() > 2) {
            throw new IllegalArgumentException(what + ": expected targets of rank 1 or 2 ([samples] or [samples, "
                    + "outputs]), got shape " + Arrays.toString(y.shape()));
        }
        if (y.size(0) != x.size(0)) {
            throw new IllegalArgumentException(what + ": x has " + x.size(0) + " samples but y has shape "
                    + Arrays.toString(y.shape()) + "; they must have the same number of rows");
        }
        INDArray converted = usable(y) ? y : y.castTo(model.dataType()).dup('c');
        checkFinite(converted, what, y);
        Layer output = model.layers().get(model.layers().size() - 1);
        long[] shape = output.outputShape();
        model.objective().loss().checkTargets(converted, (int) shape[shape.length - 1]);
        return converted.rank() == 1 ? converted.reshape(converted.length(), 1) : converted;
    }

    /**
     * Validates a weight per sample of {@code x} ([m] or [m, 1], finite, not negative) and returns it as [m, 1] in
     * the model's type.
     */
    INDArray sampleWeights(INDArray w, INDArray x, String what) {
        if (w.rank() == 0 || w.rank() > 2 || (w.rank() == 2 && w.size(1) != 1) || w.size(0) != x.size(0)) {
            throw new IllegalArgumentException(what + ": expected one weight per sample, shape [" + x.size(0) + "] or ["
                    + x.size(0) + ", 1], got " + Arrays.toString(w.shape()));
        }
        INDArray converted = w.castTo(model.dataType()).dup('c').reshape(w.size(0), 1);
        checkFinite(converted, what, w);
        for (long i = 0; i < converted.length(); i++) {
            if (converted.getDouble(i) < 0) {
                throw new IllegalArgumentException(what + ": weights must not be negative, got " + converted.getDouble(i)
                        + " at sample " + i);
            }
        }
        return converted;
    }

    /**
     * The weight of each sample of targets {@code y} [m, k] under Keras's {@code class_weight}: its class is the
     * argmax of a one-hot row (k &gt; 1) or its rounded value (k = 1); a class the map does not name weighs 1.
     */
    INDArray classWeights(Map<Integer, Double> classWeight, INDArray y) {
        INDArray classes = y.size(1) > 1 ? y.argMax(1) : y;
        double[] weights = new double[(int) y.size(0)];
        for (int i = 0; i < weights.length; i++) {
            long c = Math.round(classes.getDouble(i));
            weights[i] = classWeight.getOrDefault((int) c, 1.0);
        }
        return Nd4j.createFromArray(weights).castTo(model.dataType()).reshape(weights.length, 1);
    }

    /** Whether the steps can read {@code a} in place: the model's type, contiguous in C order. */
    private boolean usable(INDArray a) {
        return a.dataType() == model.dataType() && Matrix.accepts(a);
    }

    private void checkFinite(INDArray converted, String what, INDArray original) {
        // The Java pass reads MNIST's 47M inputs in ~23 ms; ND4J's reduction took ~100 ms of every fit.
        if (model.ops().allFinite(converted)) {
            return;
        }
        INDArray flat = converted.reshape(converted.length());
        long width = converted.length() / converted.size(0);
        for (long i = 0; i < flat.length(); i++) {
            double v = flat.getDouble(i);
            if (!Double.isFinite(v)) {
                double given = original.reshape(original.length()).getDouble(i);
                throw new IllegalArgumentException(what + " contains " + (Double.isFinite(given)
                        ? given + ", beyond the range of the model's " + model.dataType() + " (it becomes " + v + ")"
                        : String.valueOf(v)) + " at row " + i / width + (width > 1 ? ", element " + i % width : "")
                        + "; inputs and targets must be finite");
            }
        }
    }
}
