package io.kerasj.activations;

import io.kerasj.core.Activation;
import io.kerasj.ops.Ops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gaussian error linear unit, Keras's {@code gelu}. Exact by default, as Keras ({@code approximate=False}):
 * f(z) = z Φ(z) = ½ z (1 + erf(z/√2)), f'(z) = Φ(z) + z φ(z) with φ(z) = e^{−z²/2}/√(2π).
 * With {@code approximate}, the tanh form: f(z) = ½ z (1 + tanh u), u = √(2/π)(z + 0.044715 z³),
 * f'(z) = ½(1 + tanh u) + ½ z (1 − tanh² u) √(2/π)(1 + 3·0.044715 z²).
 *
 * <p>The exact form is named "gelu", as in Keras. Keras has no name for the tanh form (it is {@code gelu} called with
 * {@code approximate=True}), so it is named "gelu_approximate" here: KerasJ's own files keep it, a Keras file cannot.
 * Forward and backward each allocate one or two temporary arrays of z's shape.
 */
public final class Gelu implements Activation {

    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double CUBIC = 0.044715;

    private final boolean approximate;

    /** The exact form, Keras's default; prefer {@link Activation#GELU}. */
    public Gelu() {
        this(false);
    }

    /** @param approximate the tanh approximation rather than the exact erf form */
    public Gelu(boolean approximate) {
        this.approximate = approximate;
    }

    public boolean approximate() { return approximate; }

    @Override public String name() { return approximate ? "gelu_approximate" : "gelu"; }

    @Override public void forward(Ops ops, INDArray z, INDArray a) {
        if (approximate) {
            tanhArgument(ops, z, a);
            ops.tanh(a, a);
        } else {
            ops.scale(z, SQRT_HALF, a);
            ops.erf(a, a);
        }
        ops.addScalar(a, 1, a);
        ops.mul(a, z, a);
        ops.scale(a, 0.5, a);
    }

    @Override public void backward(Ops ops, INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        INDArray t = z.ulike();
        if (approximate) {
            // gradZ = ½(1 + tanh u) + ½ z (1 − tanh² u) √(2/π)(1 + 3·0.044715 z²)
            tanhArgument(ops, z, t);
            ops.tanh(t, t);
            ops.square(t, gradZ);
            ops.scale(gradZ, -1, gradZ);
            ops.addScalar(gradZ, 1, gradZ);
            ops.mul(gradZ, z, gradZ);
            INDArray slope = z.ulike();
            ops.square(z, slope);
            ops.scale(slope, 3 * CUBIC, slope);
            ops.addScalar(slope, 1, slope);
            ops.scale(slope, 0.5 * SQRT_2_OVER_PI, slope);
            ops.mul(gradZ, slope, gradZ);
            ops.addScalar(t, 1, t);
            ops.scale(t, 0.5, t);
            ops.add(gradZ, t, gradZ);
        } else {
            // gradZ = Φ(z) + z φ(z)
            ops.square(z, t);
            ops.scale(t, -0.5, t);
            ops.exp(t, t);
            ops.scale(t, INV_SQRT_2PI, t);
            ops.mul(t, z, t);
            ops.scale(z, SQRT_HALF, gradZ);
            ops.erf(gradZ, gradZ);
            ops.addScalar(gradZ, 1, gradZ);
            ops.scale(gradZ, 0.5, gradZ);
            ops.add(gradZ, t, gradZ);
        }
        ops.mul(gradZ, gradA, gradZ);
    }

    /** out = √(2/π)(z + 0.044715 z³). */
    private static void tanhArgument(Ops ops, INDArray z, INDArray out) {
        ops.square(z, out);
        ops.scale(out, CUBIC, out);
        ops.addScalar(out, 1, out);
        ops.mul(out, z, out);
        ops.scale(out, SQRT_2_OVER_PI, out);
    }

    @Override public boolean equals(Object other) { return other instanceof Gelu g && g.approximate == approximate; }

    @Override public int hashCode() { return name().hashCode(); }

    @Override public String toString() { return name(); }
}
