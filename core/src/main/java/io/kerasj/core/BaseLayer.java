package io.kerasj.core;

import io.kerasj.ops.Ops;
import io.kerasj.regularizers.Regularizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a layer needs besides its own math, so that a layer of your own is its shapes, forward and backward, as
 * Keras's {@code build} and {@code call}. One trainable scale per feature, y = x ⊙ s:
 *
 * <pre>{@code
 * public class Scale extends BaseLayer {
 *     public Scale() { super("Scale", Activation.LINEAR); }
 *
 *     protected long[] build(long[] inputShape) {
 *         addWeight("scale", inputShape, true);           // s [features], trainable
 *         return inputShape;                              // the output has the input's shape
 *     }
 *
 *     public void initialize(Random random) { weight(0).assign(1); }
 *
 *     protected void call(INDArray x, INDArray z, boolean training) {
 *         ops().mulRowVector(x, weight(0), z);            // z[i, j] = x[i, j] · s[j]
 *     }
 *
 *     protected void backward(INDArray x, INDArray gradZ, INDArray gradX) {
 *         INDArray product = gradZ.ulike();
 *         ops().mul(gradZ, x, product);
 *         ops().sumRows(product, gradient(0));            // ∂L/∂s[j] = Σ_i ∂L/∂z[i, j] · x[i, j]
 *         if (gradX != null) {
 *             ops().mulRowVector(gradZ, weight(0), gradX);  // ∂L/∂x[i, j] = ∂L/∂z[i, j] · s[j]
 *         }
 *     }
 * }
 * }</pre>
 * docs/custom-layers.md walks through it, with its gradient check.
 *
 * <p>It keeps the name, the declared and built shapes, the weights (declared in {@link #build(long[])} with
 * {@link #addWeight}, bound to the model's buffers, read with {@link #weight} and {@link #gradient}), the activation
 * applied after {@link #call}, and the output and gradient buffers per batch size, reused from step to step. Its
 * math goes through {@link #ops()}, the model's engine, so that it runs on the host engine and the portable one.
 *
 * <p>{@link #backward(INDArray, INDArray, INDArray)} may be left out: the layer then trains with gradients by
 * central differences of {@link #call} (slow: two forward passes per weight and per input element; meant for
 * trying a layer out, with its analytic backward to follow, checked by {@link GradientCheck#layer}).
 */
public abstract class BaseLayer implements Layer {

    private static final Logger log = LoggerFactory.getLogger(BaseLayer.class);

    /**
     * Buffers by batch size, the {@value} most recently used: training sees two (full and last batch), evaluation a
     * third; predicting with ever new batch sizes must not keep them all.
     */
    private static final int KEPT_BATCH_SIZES = 4;

    private final String typeName;
    private final Activation activation;
    private String name;
    private long[] declaredInputShape;
    private long[] inputShape;
    private long[] outputShape;
    private DataType dataType = DataType.FLOAT;
    private Ops ops;

    /** Weights in declaration order: name, shape, trainable, regularizer (or null); and the views bound to them. */
    private record Declared(String name, long[] shape, boolean trainable, Regularizer regularizer) {}

    private final List<Declared> declared = new ArrayList<>();
    private final List<INDArray> weights = new ArrayList<>();
    private final List<INDArray> gradients = new ArrayList<>();
    /** Per weight, the scratch buffer of its regularizer, if it has one. */
    private INDArray[] regularizerScratch = new INDArray[0];

    /** The last forward call's input and buffers, kept for backward. */
    private INDArray input;
    /** The last input whose shape was checked, and its rows: a training step passes the same arrays again and again. */
    private INDArray checked;
    private int checkedRows;
    private Buffers current;
    private final Map<Integer, Buffers> buffers = new LinkedHashMap<>(8, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<Integer, Buffers> eldest) {
            return size() > KEPT_BATCH_SIZES;
        }
    };
    private boolean warnedNumeric;

    /**
     * @param typeName   the Keras class name, as summaries and saved files show it ("Dense")
     * @param activation applied to the output of {@link #call}; {@link Activation#LINEAR} for none
     */
    protected BaseLayer(String typeName, Activation activation) {
        if (typeName == null || activation == null) {
            throw new IllegalArgumentException("BaseLayer: typeName and activation must not be null");
        }
        this.typeName = typeName;
        this.activation = activation;
    }

    // ------------------------------------------------------------------ what a layer implements

    /**
     * Declares the weights for inputs of this shape (without the batch axis) with {@link #addWeight}, and returns the
     * output shape. Keras's {@code build} and {@code compute_output_shape} in one.
     */
    protected abstract long[] build(long[] inputShape);

    /**
     * Writes the layer's output before the activation into {@code z} ([m, outputShape...], the layer's buffer) for
     * the batch {@code x} ([m, inputShape...]). Keras's {@code call}.
     */
    protected abstract void call(INDArray x, INDArray z, boolean training);

    /**
     * Given ∂L/∂z for the last {@link #call} on {@code x}, writes each trainable weight's gradient into
     * {@link #gradient(int)}, and ∂L/∂x into {@code gradX} unless it is null. This default takes central differences
     * of {@link #call} (see the class comment); override it.
     */
    protected void backward(INDArray x, INDArray gradZ, INDArray gradX) {
        if (!warnedNumeric) {
            warnedNumeric = true;
            log.warn("Layer \"{}\" ({}) has no backward(): its gradients are taken by central differences, two "
                    + "forward passes per weight and per input element", name, typeName);
        }
        INDArray plus = gradZ.ulike();
        INDArray minus = gradZ.ulike();
        for (int i = 0; i < declared.size(); i++) {
            if (declared.get(i).trainable()) {
                difference(weights.get(i), x, x, gradZ, gradients.get(i), plus, minus);
            }
        }
        if (gradX != null) {
            INDArray perturbed = x.dup('c');
            difference(perturbed, perturbed, x, gradZ, gradX, plus, minus);
        }
    }

    /** Into {@code into}: for each element θ_j of {@code theta}, Σ gradZ ⊙ (call(θ_j + h) − call(θ_j − h)) / 2h. */
    private void difference(INDArray theta, INDArray callInput, INDArray original, INDArray gradZ, INDArray into,
            INDArray plus, INDArray minus) {
        INDArray flat = theta.reshape(theta.length());
        INDArray out = into.reshape(into.length());
        boolean wide = dataType == DataType.DOUBLE;
        for (long j = 0; j < flat.length(); j++) {
            double value = flat.getDouble(j);
            // float32 cannot resolve a step of 1e-6: 1e-3 keeps its round-off near 1e-4 of the derivative.
            double h = (wide ? 1e-6 : 1e-3) * Math.max(1, Math.abs(value));
            flat.putScalar(j, value + h);
            call(callInput, plus, true);
            flat.putScalar(j, value - h);
            call(callInput, minus, true);
            flat.putScalar(j, value);
            ops.sub(plus, minus, plus);
            ops.mul(plus, gradZ, plus);
            out.putScalar(j, ops.sum(plus) / (2 * h));
        }
        // Leave the layer's own state as the forward pass on the unperturbed input left it.
        call(original, minus, true);
    }

    // ------------------------------------------------------------------ for subclasses

    /**
     * Declares a weight of this shape, trainable (updated by the optimizer) or not (moving statistics, which the layer
     * updates itself); returns its index for {@link #weight} and {@link #gradient}. Called from {@link #build(long[])}.
     */
    protected final int addWeight(String weightName, long[] shape, boolean trainable) {
        return addWeight(weightName, shape, trainable, null);
    }

    /**
     * {@link #addWeight(String, long[], boolean)} for a trainable weight with a {@link Regularizer} (or null for
     * none): its penalty joins the loss and its gradient the weight's, as Keras's {@code add_weight(regularizer=)}.
     */
    protected final int addWeight(String weightName, long[] shape, boolean trainable, Regularizer regularizer) {
        if (regularizer != null && !trainable) {
            throw new IllegalArgumentException(typeName + " \"" + name + "\": weight \"" + weightName
                    + "\" is not trainable and cannot have a regularizer");
        }
        for (long d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(typeName + " \"" + name + "\": weight \"" + weightName
                        + "\" has shape " + Arrays.toString(shape) + "; every dimension must be > 0");
            }
        }
        declared.add(new Declared(weightName, shape.clone(), trainable, regularizer));
        return declared.size() - 1;
    }

    /** Weight {@code i} (in declaration order), a view into the model's buffers; null before the model binds it. */
    protected final INDArray weight(int i) {
        return i < weights.size() ? weights.get(i) : null;
    }

    /** The gradient of trainable weight {@code i}, which {@link #backward(INDArray, INDArray, INDArray)} writes. */
    protected final INDArray gradient(int i) {
        return i < gradients.size() ? gradients.get(i) : null;
    }

    /** The engine to compute with: the model's. */
    protected final Ops ops() {
        return ops;
    }

    /** The type of the model's arrays. */
    protected final DataType dataType() {
        return dataType;
    }

    /** Declares the input shape (Keras's {@code input_shape}), so that the model can be built before it sees data. */
    public BaseLayer inputShape(long... shape) {
        if (shape == null || shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException(typeName + (name == null ? "" : " \"" + name + "\"")
                    + ": inputShape must be one or more sizes > 0. Received: inputShape="
                    + (shape == null ? "null" : Arrays.toString(shape)));
        }
        this.declaredInputShape = shape.clone();
        return this;
    }

    /**
     * Builds {@code fresh}, a new layer of this one's configuration, for the same inputs: what {@link #replica()}
     * returns, for a subclass to hand its constructor's result to.
     */
    protected final <T extends BaseLayer> T replicaOf(T fresh) {
        BaseLayer layer = fresh;
        layer.name = name;
        layer.declaredInputShape = declaredInputShape;
        layer.build(inputShape, dataType, ops);
        return fresh;
    }

    // ------------------------------------------------------------------ Layer

    @Override public String name() { return name; }

    @Override public void setName(String name) { this.name = name; }

    @Override public String typeName() { return typeName; }

    @Override public long[] declaredInputShape() {
        return declaredInputShape == null ? null : declaredInputShape.clone();
    }

    @Override public long[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    @Override public long[] outputShape() {
        return outputShape == null ? null : outputShape.clone();
    }

    @Override public Activation activation() { return activation; }

    @Override public final void build(long[] inputShape, DataType dataType, Ops ops) {
        if (this.inputShape != null) {
            throw new IllegalStateException(typeName + " \"" + name + "\" is already built, for inputs of shape "
                    + Arrays.toString(this.inputShape) + "; a layer belongs to one model");
        }
        this.dataType = dataType;
        this.ops = ops;
        long[] out = build(inputShape.clone());
        this.inputShape = inputShape.clone();
        this.outputShape = out.clone();
    }

    /** Whether {@link #build(long[], DataType, Ops)} has run. */
    public final boolean isBuilt() {
        return inputShape != null;
    }

    @Override public List<long[]> weightShapes() {
        return declared.stream().filter(Declared::trainable).map(d -> d.shape().clone()).toList();
    }

    @Override public List<long[]> nonTrainableWeightShapes() {
        return declared.stream().filter(d -> !d.trainable()).map(d -> d.shape().clone()).toList();
    }

    @Override public void bind(List<INDArray> given, List<INDArray> givenGradients) {
        int trainable = (int) declared.stream().filter(Declared::trainable).count();
        if (given.size() != declared.size() || givenGradients.size() != trainable) {
            throw new IllegalArgumentException(typeName + " \"" + name + "\": expected " + declared.size()
                    + " weights and " + trainable + " gradients, got " + given.size() + " and " + givenGradients.size());
        }
        weights.clear();
        gradients.clear();
        regularizerScratch = new INDArray[declared.size()];
        // The model hands the trainable ones first; this layer keeps them in declaration order.
        int nextTrainable = 0;
        int nextFixed = trainable;
        for (Declared d : declared) {
            if (d.trainable()) {
                weights.add(given.get(nextTrainable));
                gradients.add(givenGradients.get(nextTrainable));
                nextTrainable++;
            } else {
                weights.add(given.get(nextFixed++));
                gradients.add(null);
            }
        }
    }

    /** The regularized weights' penalties, and their gradients added in; scratch buffers made at the first call. */
    @Override public double regularizationLoss(boolean addGradients) {
        double loss = 0;
        for (int i = 0; i < declared.size(); i++) {
            Regularizer regularizer = declared.get(i).regularizer();
            if (regularizer == null) {
                continue;
            }
            if (regularizerScratch[i] == null) {
                regularizerScratch[i] = weights.get(i).ulike();
            }
            loss += regularizer.penalty(ops, weights.get(i), regularizerScratch[i]);
            if (addGradients) {
                regularizer.addGradient(ops, weights.get(i), gradients.get(i), regularizerScratch[i]);
            }
        }
        return loss;
    }

    /** Sets every weight to zero; layers with other initial values override this. */
    @Override public void initialize(Random random) {
        for (INDArray w : weights) {
            w.assign(0);
        }
    }

    @Override public final INDArray forward(INDArray x, boolean training, boolean applyActivation) {
        if (x != checked) {
            checkInput(x);
            checked = x;
            checkedRows = (int) x.size(0);
        }
        input = x;
        int m = checkedRows;
        if (current == null || current.rows != m) {
            current = buffers.computeIfAbsent(m, Buffers::new);
        }
        call(x, current.z, training);
        if (applyActivation && current.a != current.z) {
            activation.forward(ops, current.z, current.a);
        }
        return current.a;
    }

    @Override public final INDArray preActivation() {
        return current.z;
    }

    @Override public final INDArray backward(INDArray gradOutput, boolean needInputGradient) {
        if (activation.equals(Activation.LINEAR)) {
            // ∂L/∂z is ∂L/∂a: read it where it is rather than copy it.
            return backwardFromPreActivation(gradOutput, needInputGradient);
        }
        INDArray gradZ = current.gradZ();
        activation.backward(ops, current.z, current.a, gradOutput, gradZ);
        return backwardFromPreActivation(gradZ, needInputGradient);
    }

    @Override public final INDArray backwardFromPreActivation(INDArray gradZ, boolean needInputGradient) {
        INDArray gradX = needInputGradient ? current.gradX() : null;
        backward(input, gradZ, gradX);
        return gradX;
    }

    private void checkInput(INDArray x) {
        if (inputShape == null) {
            throw new IllegalStateException(typeName + " \"" + name + "\" is not built yet");
        }
        boolean ok = x.rank() == inputShape.length + 1 && x.size(0) > 0;
        for (int d = 0; ok && d < inputShape.length; d++) {
            ok = x.size(d + 1) == inputShape[d];
        }
        if (!ok) {
            throw new IllegalArgumentException(typeName + " \"" + name + "\": expected input of shape "
                    + shapeText(inputShape) + ", got shape " + Arrays.toString(x.shape()));
        }
    }

    /** A shape with its batch axis, as Keras prints it: (None, 28, 28). */
    protected static String shapeText(long[] shape) {
        StringBuilder s = new StringBuilder("(None");
        for (long d : shape) {
            s.append(", ").append(d);
        }
        return s.append(')').toString();
    }

    private static long[] withBatch(int m, long[] shape) {
        long[] full = new long[shape.length + 1];
        full[0] = m;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return full;
    }

    /**
     * Per-batch-size buffers: pre-activation and output, and ∂L/∂z and ∂L/∂x allocated on first use. An output
     * layer trained from its logits never needs its own ∂L/∂z, nor a first layer ∂L/∂x (for MNIST in one batch
     * that buffer alone would be 188 MB), and prediction needs neither.
     */
    private final class Buffers {
        private final int rows;
        private final INDArray z;
        private final INDArray a;
        private INDArray gradZ;
        private INDArray gradX;

        Buffers(int rows) {
            this.rows = rows;
            this.z = Nd4j.create(dataType, withBatch(rows, outputShape));
            // A linear layer's output is its pre-activation: one buffer serves both.
            this.a = activation.equals(Activation.LINEAR) ? z : Nd4j.create(dataType, withBatch(rows, outputShape));
        }

        INDArray gradZ() {
            if (gradZ == null) {
                gradZ = Nd4j.create(dataType, withBatch(rows, outputShape));
            }
            return gradZ;
        }

        INDArray gradX() {
            if (gradX == null) {
                gradX = Nd4j.create(dataType, withBatch(rows, inputShape));
            }
            return gradX;
        }
    }
}
