package io.kerasj.core;

import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An element-wise (or, for softmax, row-wise) function applied to a layer's pre-activation.
 *
 * <p>Shapes: {@code z}, {@code a}, {@code gradA} and {@code gradZ} are all {@code [batch, units]} and are
 * owned by the calling layer, which reuses them from step to step; implementations write into the
 * given output and allocate nothing they keep. They keep no state either: the two halves of a large batch may
 * apply one activation from two threads at once, on different rows (see {@link Layer#replica()}).
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

    /**
     * Writes f(z) into {@code a}. On {@link Matrix} wrappers, which the calling layer keeps with its buffers: a
     * wrapper made per call would be garbage in every training step.
     */
    void forward(Matrix z, Matrix a);

    /**
     * Writes ∂L/∂z into {@code gradZ}, given ∂L/∂a, the pre-activation z and the output a = f(z).
     * For softmax this is the Jacobian-vector product a ⊙ (gradA − Σ_c gradA_c a_c).
     */
    void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ);

    /** {@link #forward(Matrix, Matrix)} on ND4J arrays. */
    default void forward(INDArray z, INDArray a) {
        forward(Matrix.of(z), Matrix.of(a));
    }

    /** {@link #backward(Matrix, Matrix, Matrix, Matrix)} on ND4J arrays. */
    default void backward(INDArray z, INDArray a, INDArray gradA, INDArray gradZ) {
        backward(Matrix.of(z), Matrix.of(a), Matrix.of(gradA), Matrix.of(gradZ));
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
