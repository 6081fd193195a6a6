package io.kerasj.core;

import io.kerasj.activations.Linear;
import io.kerasj.activations.Relu;
import io.kerasj.activations.Sigmoid;
import io.kerasj.activations.Softmax;
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

    /** The Keras name: "linear", "relu", "sigmoid", "tanh" or "softmax". */
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
        return List.of(LINEAR, RELU, SIGMOID, TANH, SOFTMAX);
    }

    /** The built-in activation with this Keras name; {@code null} and "" mean linear, as in Keras. */
    static Activation get(String name) {
        if (name == null || name.isEmpty()) {
            return LINEAR;
        }
        String key = name.toLowerCase(Locale.ROOT);
        for (Activation a : all()) {
            if (a.name().equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException("Unknown activation \"" + name + "\"; expected one of "
                + all().stream().map(Activation::name).toList());
    }
}
