package io.kerasj.core;

import java.util.Arrays;
import java.util.Locale;
import io.kerasj.engine.Backends;
import io.kerasj.ops.Ops;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Float64 central-difference gradient checks, for the built-in components and for your own.
 *
 * <p>Each analytic derivative g is compared with n = (L(θ + ε) − L(θ − ε)) / 2ε. The relative error is
 * |g − n| / max(|g|, |n|) and must stay below {@link #MAX_RELATIVE_ERROR}. Pairs whose absolute difference
 * is below {@link #ABSOLUTE_FLOOR}·max(1, |L|) pass regardless: n itself carries a round-off error of about
 * u·|L|·s/ε (u = 2.2e-16, s a small multiple from summing the batch), about 1e-9 for L ≈ 3 at ε = 1e-6, and a
 * relative error between two values at that level measures the arithmetic, not the gradient.
 */
public final class GradientCheck {

    /** Step size: small enough for the O(ε²) truncation error, large enough against float64 round-off. */
    public static final double EPSILON = 1e-6;
    public static final double MAX_RELATIVE_ERROR = 1e-6;
    public static final double ABSOLUTE_FLOOR = 1e-9;

    private GradientCheck() {}

    /**
     * The outcome: how many derivatives were checked, how many failed, and the worst one.
     *
     * @param checked          number of derivatives compared
     * @param failures         number beyond both bounds
     * @param maxRelativeError the largest relative error among pairs above the absolute floor
     * @param worstIndex       flat index of that derivative
     * @param analytic         its analytic value
     * @param numeric          its finite-difference value
     */
    public record Result(int checked, int failures, double maxRelativeError, long worstIndex, double analytic,
                         double numeric) {
        public boolean passed() {
            return failures == 0 && checked > 0;
        }

        @Override public String toString() {
            return String.format(Locale.ROOT, "%d of %d derivatives failed; worst relative error %.3e at index %d "
                    + "(analytic %.10g, numeric %.10g)", failures, checked, maxRelativeError, worstIndex, analytic, numeric);
        }
    }

    /**
     * Checks ∂L/∂θ for every trainable weight of a compiled float64 model on the batch (x, y), in training mode, on the
     * model's engine.
     */
    public static Result model(Sequential model, INDArray x, INDArray y) {
        if (model.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("GradientCheck needs a float64 model: new Sequential(DataType.DOUBLE, ...)");
        }
        model.computeGradients(x, y);
        Parameters p = model.parameters();
        INDArray analytic = p.gradients().dup();
        INDArray theta = p.values();
        return compare(analytic, theta, () -> model.computeGradients(x, y));
    }

    /** Checks {@link Loss#compute}'s gradient against finite differences of its value at yPred, on {@code ops}. */
    public static Result loss(Ops ops, Loss loss, INDArray yTrue, INDArray yPred) {
        INDArray pred = yPred.castTo(DataType.DOUBLE).dup('c');
        INDArray truth = yTrue.castTo(DataType.DOUBLE).dup('c');
        INDArray analytic = Nd4j.zeros(DataType.DOUBLE, pred.shape());
        loss.compute(ops, truth, pred, analytic);
        return compare(analytic, pred, () -> loss.compute(ops, truth, pred, null));
    }

    /** {@link #loss(Ops, Loss, INDArray, INDArray)} on the engine of the ND4J backend in use. */
    public static Result loss(Loss loss, INDArray yTrue, INDArray yPred) {
        return loss(Backends.standalone(), loss, yTrue, yPred);
    }

    /**
     * Checks {@link Activation#backward} at z on {@code ops}, with the scalar L = Σ w ⊙ f(z) for fixed random
     * weights w (so every output element gets a distinct upstream gradient, which tests softmax's cross terms).
     */
    public static Result activation(Ops ops, Activation activation, INDArray z) {
        INDArray zz = z.castTo(DataType.DOUBLE).dup('c');
        INDArray w = weights(zz.shape());
        INDArray a = Nd4j.create(DataType.DOUBLE, zz.shape());
        INDArray analytic = Nd4j.create(DataType.DOUBLE, zz.shape());
        activation.forward(ops, zz, a);
        activation.backward(ops, zz, a, w, analytic);
        INDArray scratch = Nd4j.create(DataType.DOUBLE, zz.shape());
        return compare(analytic, zz, () -> {
            activation.forward(ops, zz, scratch);
            return scratch.mul(w).sumNumber().doubleValue();
        });
    }

    /** {@link #activation(Ops, Activation, INDArray)} on the engine of the ND4J backend in use. */
    public static Result activation(Activation activation, INDArray z) {
        return activation(Backends.standalone(), activation, z);
    }

    /**
     * Checks a layer's backward: ∂L/∂θ for its trainable weights and ∂L/∂x for the batch {@code x} [m, inputShape...],
     * with L = Σ w ⊙ layer(x) for fixed random w, in training mode. The layer must not be built yet: it is built in a
     * float64 model of its own on {@code ops} (its weights drawn with seed 42). Derivatives are numbered weights
     * first, then the input's elements.
     */
    public static Result layer(Ops ops, Layer layer, INDArray x) {
        Sequential model = new Sequential(DataType.DOUBLE, layer).setOps(ops).setSeed(42);
        INDArray input = x.castTo(DataType.DOUBLE).dup('c');
        long[] sample = Arrays.copyOfRange(input.shape(), 1, input.rank());
        model.build(sample);
        INDArray w = weights(layer.forward(input, true).shape());
        INDArray gradX = layer.backward(w, true).dup('c').reshape(input.length());
        INDArray theta = model.parameters().values();
        if (theta.length() == 0) {
            // No weights (Flatten, Dropout, ...): the input's elements alone.
            return compare(gradX, input, () -> layer.forward(input, true).mul(w).sumNumber().doubleValue());
        }
        INDArray analytic = Nd4j.concat(0, model.parameters().gradients().dup(), gradX);
        INDArray both = Nd4j.concat(0, theta.dup(), input.reshape(input.length()));
        // Perturbs the concatenation, then copies it back into the weights and the input before each loss.
        return compare(analytic, both, () -> {
            theta.assign(both.get(NDArrayIndex.interval(0, theta.length())));
            input.assign(both.get(NDArrayIndex.interval(theta.length(), both.length())).reshape(input.shape()));
            return layer.forward(input, true).mul(w).sumNumber().doubleValue();
        });
    }

    /** {@link #layer(Ops, Layer, INDArray)} on the engine of the ND4J backend in use. */
    public static Result layer(Layer layer, INDArray x) {
        return layer(Ops.forBackend(), layer, x);
    }

    /** Fixed random upstream weights for a scalar of an array's elements. */
    private static INDArray weights(long[] shape) {
        INDArray w = Nd4j.create(DataType.DOUBLE, shape);
        Random random = new Random(42);
        for (long i = 0; i < w.length(); i++) {
            w.putScalar(i, random.nextGaussian());
        }
        return w;
    }

    /** Perturbs each element of {@code theta} in place (restoring it) and compares with {@code analytic}. */
    private static Result compare(INDArray analytic, INDArray theta, java.util.function.DoubleSupplier loss) {
        INDArray flatTheta = theta.reshape(theta.length());
        INDArray flatAnalytic = analytic.reshape(analytic.length());
        int failures = 0;
        double worst = 0;
        long worstIndex = -1;
        double worstA = 0;
        double worstN = 0;
        double floor = ABSOLUTE_FLOOR * Math.max(1.0, Math.abs(loss.getAsDouble()));
        for (long i = 0; i < flatTheta.length(); i++) {
            double original = flatTheta.getDouble(i);
            flatTheta.putScalar(i, original + EPSILON);
            double plus = loss.getAsDouble();
            flatTheta.putScalar(i, original - EPSILON);
            double minus = loss.getAsDouble();
            flatTheta.putScalar(i, original);
            double numeric = (plus - minus) / (2 * EPSILON);
            double a = flatAnalytic.getDouble(i);
            double diff = Math.abs(a - numeric);
            if (!Double.isFinite(a) || !Double.isFinite(numeric)) {
                failures++;
                worst = Double.POSITIVE_INFINITY;
                worstIndex = i;
                worstA = a;
                worstN = numeric;
                continue;
            }
            if (diff < floor) {
                continue;
            }
            double relative = diff / Math.max(Math.abs(a), Math.abs(numeric));
            if (relative > worst) {
                worst = relative;
                worstIndex = i;
                worstA = a;
                worstN = numeric;
            }
            if (relative > MAX_RELATIVE_ERROR) {
                failures++;
            }
        }
        return new Result((int) flatTheta.length(), failures, worst, worstIndex, worstA, worstN);
    }
}
