package io.kerasj.core;

import io.kerasj.activations.Elu;
import io.kerasj.activations.Exponential;
import io.kerasj.activations.Gelu;
import io.kerasj.activations.HardSigmoid;
import io.kerasj.activations.LeakyRelu;
import io.kerasj.activations.Linear;
import io.kerasj.activations.Relu;
import io.kerasj.activations.Relu6;
import io.kerasj.activations.Selu;
import io.kerasj.activations.Sigmoid;
import io.kerasj.activations.Silu;
import io.kerasj.activations.Softmax;
import io.kerasj.activations.Softplus;
import io.kerasj.activations.Softsign;
import io.kerasj.activations.Tanh;
import io.kerasj.engine.Backends;
import io.kerasj.ops.Ops;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An element-wise (or, for softmax, row-wise) function applied to a layer's pre-activation, written with
 * {@link Ops} so that it runs on either engine.
 *
 * <p>Shapes: {@code z}, {@code a}, {@code gradA} and {@code gradZ} all have the layer's output shape and are owned
 * by the calling layer, which reuses them from step to step; implementations write into the given output and
 * allocate nothing they keep. They keep no state either: the two halves of a large batch may apply one activation
 * from two threads at once, on different rows (see {@link Layer#replica()}).
 *
 * <p>The constants carry Keras's names ({@link #name()}), so {@code Activation.get("relu") == RELU}.
 */
public interface Activation {

    /** f(z) = z. Keras's default for {@code Dense}. */
    Activation LINEAR = new Linear();
    /** f(z) = max(z, 0); f'(0) is taken as 0, as in Keras and TensorFlow. */
    Activation RELU = new Relu();
    /** f(z) = 1 / (1 + e^{-z}). */
    Activation SIGMOID = new Sigmoid();
    /** f(z) = tanh(z). */
    Activation TANH = new Tanh();
    /** Row-wise softmax(z)_c = e^{z_c - max(z)} / Σ_d e^{z_d - max(z)}. */
    Activation SOFTMAX = new Softmax();
    /** f(z) = z for z &gt; 0, e^z − 1 otherwise (α = 1). */
    Activation ELU = new Elu();
    /** f(z) = λ z for z &gt; 0, λα(e^z − 1) otherwise, with Keras's α and λ. */
    Activation SELU = new Selu();
    /** f(z) = ½ z (1 + erf(z/√2)), the exact form (Keras's default, {@code approximate=False}). */
    Activation GELU = new Gelu();
    /** f(z) = ln(1 + e^z). */
    Activation SOFTPLUS = new Softplus();
    /** f(z) = z / (1 + |z|). */
    Activation SOFTSIGN = new Softsign();
    /** f(z) = z σ(z); also named "swish". */
    Activation SILU = new Silu();
    /** f(z) = z for z &gt; 0, 0.2 z otherwise (Keras 3's default negative slope). */
    Activation LEAKY_RELU = new LeakyRelu();
    /** f(z) = min(max(z, 0), 6). */
    Activation RELU6 = new Relu6();
    /** f(z) = relu6(z + 3) / 6, Keras 3's definition. */
    Activation HARD_SIGMOID = new HardSigmoid();
    /** f(z) = e^z. */
    Activation EXPONENTIAL = new Exponential();

    /** The Keras name: "linear", "relu", "sigmoid", "tanh", "softmax", "elu", "gelu", ... (see {@link #all()}). */
    String name();

    /** Writes f(z) into {@code a}. */
    void forward(Ops ops, INDArray z, INDArray a);

    /**
     * Writes ∂L/∂z into {@code gradZ}, given ∂L/∂a, the pre-activation z and the output a = f(z).
     * For softmax this is the Jacobian-vector product a ⊙ (gradA − Σ_c gradA_c a_c).
     */
    void backward(Ops ops, INDArray z, INDArray a, INDArray gradA, INDArray gradZ);

    /** {@link #forward(Ops, INDArray, INDArray)} on the engine of the ND4J backend in use. */
    default void forward(INDArray z, INDArray a) {
        forward(Backends.standalone(), z, a);
    }

    /** {@link #backward(Ops, INDArray, INDArray, INDArray, INDArray)} on the engine of the ND4J backend in use. */
    default void backward(INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        backward(Backends.standalone(), z, a, gradA, gradZ);
    }

    /** Every built-in activation, in a fixed order. */
    static List<Activation> all() {
        return List.of(LINEAR, RELU, SIGMOID, TANH, SOFTMAX, ELU, SELU, GELU, new Gelu(true), SOFTPLUS, SOFTSIGN, SILU,
                LEAKY_RELU, RELU6, HARD_SIGMOID, EXPONENTIAL);
    }

    /**
     * The built-in activation with this Keras name; {@code null} and "" mean linear, as in Keras, and "swish" is
     * silu, as in Keras. "gelu_approximate" is GELU's tanh form, a KerasJ name (see {@link Gelu}).
     */
    static Activation get(String name) {
        if (name == null || name.isEmpty()) {
            return LINEAR;
        }
        String key = name.toLowerCase(Locale.ROOT);
        if (key.equals("swish")) {
            return SILU;
        }
        for (Activation a : all()) {
            if (a.name().equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException("Unknown activation \"" + name + "\"; expected one of "
                + all().stream().map(Activation::name).toList());
    }
}
