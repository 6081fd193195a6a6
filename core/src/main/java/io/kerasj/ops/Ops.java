package io.kerasj.ops;

import io.kerasj.engine.Backends;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The operations that layers, losses, activations, metrics and optimizers are written against, as Keras 3's
 * backend-agnostic {@code keras.ops}: each is written once, here, and runs on whichever engine the model chose.
 *
 * <p>Two engines implement it, tested equal (float64 to 1e-12, float32 to 1e-5):
 * <ul>
 *   <li>{@link #host()}, the fast path on ND4J's CPU backend: element-wise and row-wise loops in Java on the arrays'
 *   host memory, products straight to the BLAS that ND4J loaded. Each ND4J op costs tens of microseconds whatever
 *   its size, which would dominate the steps of small models.</li>
 *   <li>{@link #portable()}, written only with ND4J's own ops ({@code Nd4j.gemm}, {@code Transforms}, in-place
 *   arithmetic, custom ops), so it runs on any ND4J backend, a GPU's included.</li>
 * </ul>
 * A model takes {@link #forBackend()} when it is built, unless given another with {@code Sequential.setOps}.
 *
 * <p>Conventions, for every method: arrays are float32 or float64, all of one type in a call; a batch is an
 * array of rank 2 or more whose first axis is the batch (m rows); "element-wise" methods take arrays of equal
 * length and may write into one of their inputs ({@code out == a}); the results land in the given output arrays,
 * which the caller owns and reuses, and nothing else is kept. Loss methods return the batch mean and, when
 * {@code grad} is not null, write the gradient of that mean (so it includes the 1/m). Implementations keep no
 * state between calls that a caller could observe, and may be called from two threads at once on different
 * arrays (the two halves of a large batch).
 */
public interface Ops {

    /** "host" or "portable". */
    String name();

    // ------------------------------------------------------------------ linear algebra

    /** c = op(a)·op(b), op transposing when its flag is set: op(a) [m, k], op(b) [k, n], c [m, n]; c is neither a nor b. */
    void matmul(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB);

    /** z = x·w + bias, the bias [n] added to every row: x [m, k], w [k, n], z [m, n]; a null bias adds nothing. */
    void affine(INDArray x, INDArray w, INDArray bias, INDArray z);

    /** out[j] = Σ_i a[i, j]: a [m, n], out [n] (a bias gradient). */
    void sumRows(INDArray a, INDArray out);

    // ------------------------------------------------------------------ element-wise and reductions

    /** out = a. */
    void copy(INDArray a, INDArray out);

    /**
     * out = values, element i of out (in C order) from {@code values[i]}; out has values.length elements. How numbers
     * made on the Java heap (a dropout mask) reach an array, on either engine.
     */
    void write(double[] values, INDArray out);

    /** out = a + b. */
    void add(INDArray a, INDArray b, INDArray out);

    /** out = a − b. */
    void sub(INDArray a, INDArray b, INDArray out);

    /** out = a ⊙ b. */
    void mul(INDArray a, INDArray b, INDArray out);

    /** out = s·a. */
    void scale(INDArray a, double s, INDArray out);

    /** out[i, j] = a[i, j] + row[j]: a and out [m, n], row [n] (broadcast over the rows). */
    void addRowVector(INDArray a, INDArray row, INDArray out);

    /** out[i, j] = a[i, j] · row[j]: a and out [m, n], row [n] (broadcast over the rows). */
    void mulRowVector(INDArray a, INDArray row, INDArray out);

    /** out[i, j] = a[i, j]·column[i]: a [m, n], column [m] (per-sample weights applied to per-sample rows). */
    void mulColumnVector(INDArray a, INDArray column, INDArray out);

    /** out = a / b. */
    void div(INDArray a, INDArray b, INDArray out);

    /** out = max(a, b), element by element (NaN if either is NaN). */
    void maximum(INDArray a, INDArray b, INDArray out);

    /** out = min(a, b), element by element (NaN if either is NaN). */
    void minimum(INDArray a, INDArray b, INDArray out);

    /** out = a + s. */
    void addScalar(INDArray a, double s, INDArray out);

    /** out = |a|. */
    void abs(INDArray a, INDArray out);

    /** out = sign(a): −1, 0 or 1 (NaN stays NaN). */
    void sign(INDArray a, INDArray out);

    /** out = a². */
    void square(INDArray a, INDArray out);

    /** out = √a. */
    void sqrt(INDArray a, INDArray out);

    /** out = e^a. */
    void exp(INDArray a, INDArray out);

    /** out = ln a. */
    void log(INDArray a, INDArray out);

    /** out = erf a = (2/√π) ∫₀^a e^{−t²} dt, the Gauss error function (for GELU's exact form). */
    void erf(INDArray a, INDArray out);

    /** out = 1 where a &gt; threshold, else 0 (a mask for piecewise formulas; 0 for NaN). */
    void greaterThan(INDArray a, double threshold, INDArray out);

    /** out[i] = Σ_j a[i, j]: a [m, n], out [m] (per-sample sums, accumulated in float64). */
    void sumColumns(INDArray a, INDArray out);

    /** out = min(max(a, min), max). */
    void clip(INDArray a, double min, double max, INDArray out);

    /** Σ a, accumulated in float64. */
    double sum(INDArray a);

    /** Σ a², accumulated in float64 (a squared L2 norm). */
    double sumSquares(INDArray a);

    /** Whether no element is NaN or infinite. */
    boolean allFinite(INDArray a);

    // ------------------------------------------------------------------ activations, and ∂L/∂z from ∂L/∂a

    /** a = max(z, 0). */
    void relu(INDArray z, INDArray a);

    /**
     * gradZ = gradA where a &gt; 0, else 0 (f'(0) = 0, as Keras), from the output a = relu(z). Where a is NaN, or
     * gradA is infinite at a = 0, the host engine gives NaN (it multiplies by the mask, as TensorFlow's kernel does)
     * and the portable one 0 (it selects).
     */
    void reluGrad(INDArray a, INDArray gradA, INDArray gradZ);

    /** a = 1 / (1 + e^{−z}), without overflow for any z. */
    void sigmoid(INDArray z, INDArray a);

    /** gradZ = gradA ⊙ a(1 − a), from the output a = sigmoid(z). */
    void sigmoidGrad(INDArray a, INDArray gradA, INDArray gradZ);

    /** a = tanh(z). */
    void tanh(INDArray z, INDArray a);

    /** gradZ = gradA ⊙ (1 − a²), from the output a = tanh(z). */
    void tanhGrad(INDArray a, INDArray gradA, INDArray gradZ);

    /** Row-wise a_c = e^{z_c − max} / Σ_d e^{z_d − max}, z and a [m, k]: the max subtracted so that nothing overflows. */
    void softmax(INDArray z, INDArray a);

    /** The Jacobian-vector product of softmax: gradZ = a ⊙ (gradA − Σ_c gradA_c a_c), row by row. */
    void softmaxGrad(INDArray a, INDArray gradA, INDArray gradZ);

    // ------------------------------------------------------------------ losses: batch means, gradients with their 1/m

    /**
     * Cross-entropy from logits z [m, k], through log-softmax: per row L = Σ_c t_c (log Σ_d e^{z_d − max} −
     * (z_c − max)), exact at any magnitude; the mean over rows is returned. grad = (softmax(z)·Σ_c t_c − t)/m;
     * {@code softmax}, when not null, receives softmax(z) computed as {@link #softmax} computes it.
     *
     * @param targets        one-hot (or any probability) rows [m, k], or one class id per row [m, 1] when {@code ids}
     * @param labelSmoothing s in [0, 1]: rows of targets become t(1 − s) + s/k (never applied to ids)
     * @throws IllegalArgumentException for an id that is not an integer in [0, k)
     */
    double softmaxCrossEntropy(INDArray targets, boolean ids, double labelSmoothing, INDArray logits, INDArray grad,
            INDArray softmax);

    /**
     * Cross-entropy on probabilities p [m, k], as Keras computes it: each row divided by its sum (q = p / S),
     * clipped to [ε, 1 − ε], L = −Σ_c t_c log clip(q_c), the mean over rows returned. The gradient treats the clip
     * as TensorFlow does (zero derivative where it is active): ∂L/∂p_k = (Σ_c t_c [q_c unclipped] − t_k/q_k
     * [q_k unclipped]) / S / m. Targets and smoothing as {@link #softmaxCrossEntropy}.
     */
    double categoricalCrossEntropy(INDArray targets, boolean ids, double labelSmoothing, INDArray probabilities,
            double epsilon, INDArray grad);

    /**
     * Binary cross-entropy from logits z, element-wise max(z, 0) − z·t + log(1 + e^{−|z|}) (exact for any z), the
     * mean over all n elements returned; grad = (sigmoid(z) − t)/n. Smoothing: t(1 − s) + s/2.
     */
    double sigmoidCrossEntropy(INDArray targets, double labelSmoothing, INDArray logits, INDArray grad);

    /**
     * Binary cross-entropy on probabilities p clipped to [ε, 1 − ε]: −[t log p + (1 − t) log(1 − p)], the mean over
     * all n elements returned; grad = (p − t) / (p(1 − p)) / n where p is inside (ε, 1 − ε), else 0. Smoothing as
     * {@link #sigmoidCrossEntropy}.
     */
    double binaryCrossEntropy(INDArray targets, double labelSmoothing, INDArray probabilities, double epsilon,
            INDArray grad);

    /** The mean over all n elements of (ŷ − y)²; grad = 2(ŷ − y)/n. */
    double meanSquaredError(INDArray targets, INDArray predictions, INDArray grad);

    // ------------------------------------------------------------------ metrics

    /**
     * The number of rows of predictions [m, k] whose first largest column (numpy's argmax) is the target's: the
     * target row's argmax, or its class id when {@code ids} (targets [m, 1]).
     */
    long countArgMaxMatches(INDArray predictions, INDArray targets, boolean ids);

    /** The number of elements where (prediction &gt; threshold) == (target &gt; threshold); equal lengths. */
    long countThresholdMatches(INDArray predictions, INDArray targets, double threshold);

    /**
     * Adds every prediction to the bucket of Keras's AUC with n = {@code positives.length} thresholds: prediction p,
     * clipped to [0, 1], falls in bucket max(0, ⌈p·(n − 1)⌉ − 1), and its target (1 when nonzero) adds to
     * {@code positives[bucket]}, its complement to {@code negatives[bucket]}. Equal lengths; returns the number of
     * NaN predictions, which count nowhere.
     */
    long thresholdBuckets(INDArray predictions, INDArray targets, double[] positives, double[] negatives);

    /**
     * The number of rows of predictions [m, k] whose target class is among the {@code topK} largest: fewer than
     * topK columns strictly above the target's (TensorFlow's {@code in_top_k}: ties at the boundary count in). The
     * target is a class id when {@code ids} (targets [m, 1]; an id outside [0, k) never matches), else the first
     * largest column of a one-hot target row.
     */
    long countTopKMatches(INDArray predictions, INDArray targets, int topK, boolean ids);

    // ------------------------------------------------------------------ optimizer updates, on flat [n] buffers

    /** {@code count} zeroed state arrays of {@code size} elements of {@code dataType}, kept where this engine updates fastest. */
    Slots slots(int count, long size, DataType dataType);

    /**
     * One Adam step in place, in the type of θ: m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; with amsgrad
     * v̂ ← max(v̂, v) and v̂ used for v below; θ ← θ − α·m / (√v + ε). {@code state} holds m, v (and v̂), from
     * {@link #slots}; {@code alpha} is the step's bias-corrected rate.
     */
    void adam(INDArray theta, INDArray gradient, Slots state, double alpha, double beta1, double beta2,
            double epsilon, boolean amsgrad);

    /**
     * One SGD step in place: θ ← θ − lr·g without {@code velocity} (null); with it, u ← momentum·u − lr·g, then
     * θ ← θ + u, or θ ← θ + momentum·u − lr·g when {@code nesterov}.
     */
    void sgd(INDArray theta, INDArray gradient, Slots velocity, double learningRate, double momentum,
            boolean nesterov);

    // ------------------------------------------------------------------ data

    /**
     * Copies rows {@code index[from]}, …, {@code index[from + count − 1]} of {@code source} [n, w] into rows 0, …,
     * count − 1 of {@code target} [≥ count, w].
     */
    void gatherRows(INDArray source, int[] index, int from, int count, INDArray target);

    // ------------------------------------------------------------------ the engines

    /** The fast path on ND4J's CPU backend (arrays in host memory); other arrays are handed to {@link #portable()}'s ops. */
    static Ops host() {
        return Backends.host();
    }

    /** ND4J's own ops only: runs on any ND4J backend. */
    static Ops portable() {
        return Backends.portable();
    }

    /**
     * The engine for the ND4J backend in use: {@link #host()} on the CPU backend, else {@link #portable()}. The system
     * property {@code kerasj.ops} ("host" or "portable") overrides the choice.
     */
    static Ops forBackend() {
        return Backends.forBackend();
    }
}
