package io.kerasj.engine;

import io.kerasj.ops.Ops;
import io.kerasj.ops.Slots;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.controlflow.Select;
import org.nd4j.linalg.api.ops.impl.reduce.floating.SquaredNorm;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * ND4J's own ops only ({@code Nd4j.gemm}, {@code Transforms}, in-place arithmetic, reductions, custom ops), so that
 * it runs on any ND4J backend, a GPU's included: no host buffer is read and no Java loop runs over an array's
 * elements. Any array is accepted: a row-range view at an offset, a column view, an f-ordered array.
 *
 * <p>Precision, so that both engines agree (float64 to 1e-12, float32 to 1e-5):
 * <ul>
 *   <li>element-wise work (arithmetic, activations and their gradients) runs in the arrays' type, as Keras;</li>
 *   <li>whatever adds up many values runs in float64 whatever the arrays' type: {@link #sum}, {@link #sumSquares},
 *   {@link #sumRows}, {@link #softmaxGrad} and the losses (value and gradient), the gradient rounded once into its
 *   array. These are [m, k]-sized, small next to a layer's products, and it is what the host engine does.</li>
 * </ul>
 *
 * <p>Where an ND4J op does not compute what the contract says, the function is built from ops that do (measured on
 * nd4j-native 1.0.0-M2.1, and the same code runs on CUDA):
 * <ul>
 *   <li>{@code tanh}, {@code log1p} and {@code expm1} lose digits near 0 (float64 tanh(1e-10) off by 8e-8
 *   relative, float32 tanh(1e-5) by 1e-3): tanh and log1p are rebuilt from exp and log (see {@link #tanh} and
 *   {@link #log1p});</li>
 *   <li>{@code Sigmoid} is 1/(1 + e^{−z}), whose e^{−z} overflows below z = −709 (float64 σ(−710) comes out 0, not
 *   4.5e-309): see {@link #sigmoid};</li>
 *   <li>{@code LogSoftMax} is log(softmax), −∞ for logits [1000, −1000]: the cross-entropy from logits subtracts the
 *   max itself;</li>
 *   <li>{@code ScalarMax}/{@code ScalarMin} turn NaN into the bound: {@link #clip} uses {@code clipbyvalue}, which
 *   keeps NaN (a NaN gradient must stay visible to {@code TerminateOnNaN});</li>
 *   <li>{@code Nd4j.gemm} refuses a view as its output: the product goes to a new array, then into the view.</li>
 * </ul>
 */
final class PortableOps implements Ops {

    @Override public String name() {
        return "portable";
    }

    // ------------------------------------------------------------------ linear algebra

    @Override public void matmul(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB) {
        store(product(rows(a), rows(b), c, transposeA, transposeB), c);
    }

    @Override public void affine(INDArray x, INDArray w, INDArray bias, INDArray z) {
        INDArray weights = rows(w);
        long n = weights.size(1);
        if (bias != null && bias.length() != n) {
            throw new IllegalArgumentException("affine: bias of " + bias.length() + " for " + n + " columns");
        }
        INDArray product = product(rows(x), weights, z, false, false);
        if (bias != null) {
            // The product, then the bias: the host engine's order (its GEMM adds the product to rows of b).
            product.addiRowVector(reshape(bias, 1, n));
        }
        store(product, z);
    }

    /**
     * op(a)·op(b) for matrices a and b, into c itself when {@code Nd4j.gemm} can write there (a matrix that is not a
     * view), else into a new matrix for the caller to {@link #store} into c.
     */
    private static INDArray product(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB) {
        long m = transposeA ? a.size(1) : a.size(0);
        long k = transposeA ? a.size(0) : a.size(1);
        long kb = transposeB ? b.size(1) : b.size(0);
        long n = transposeB ? b.size(0) : b.size(1);
        boolean matrix = c.rank() == 2;
        if (k != kb || c.length() != m * n || (matrix && (c.size(0) != m || c.size(1) != n))) {
            throw new IllegalArgumentException("matmul: op(a) is [" + m + ", " + k + "], op(b) is [" + kb + ", " + n
                    + "], c is " + Arrays.toString(c.shape()));
        }
        if (a.dataType() != c.dataType() || b.dataType() != c.dataType()) {
            throw new IllegalArgumentException("matmul: a, b and c must all be float32 or all float64, got "
                    + a.dataType() + ", " + b.dataType() + " and " + c.dataType());
        }
        INDArray target = matrix && !c.isView() ? c : Nd4j.createUninitialized(c.dataType(), m, n);
        if (m > 0 && n > 0) {
            if (k == 0) {
                target.assign(0);
            } else {
                Nd4j.gemm(a, b, target, transposeA, transposeB, 1.0, 0.0);
            }
        }
        return target;
    }

    @Override public void sumRows(INDArray a, INDArray out) {
        INDArray matrix = rows(a);
        if (out.length() != matrix.size(1)) {
            throw new IllegalArgumentException("sumRows: " + matrix.size(1) + " columns into " + out.length()
                    + " elements");
        }
        // In float64, rounded once: a float32 sum over a large batch would lose digits the host engine keeps.
        store(float64(matrix).sum(0), out);
    }

    // ------------------------------------------------------------------ element-wise and reductions

    @Override public void copy(INDArray a, INDArray out) {
        if (a != out) {
            out.assign(like(a, out, "copy"));
        }
    }

    @Override public void write(double[] values, INDArray out) {
        if (out.length() != values.length) {
            throw new IllegalArgumentException("write: " + values.length + " values into " + out.length() + " elements");
        }
        out.assign(Nd4j.createFromArray(values).castTo(out.dataType()).reshape('c', out.shape()));
    }

    @Override public void add(INDArray a, INDArray b, INDArray out) {
        like(a, out, "add").addi(like(b, out, "add"), out);
    }

    @Override public void sub(INDArray a, INDArray b, INDArray out) {
        like(a, out, "sub").subi(like(b, out, "sub"), out);
    }

    @Override public void mul(INDArray a, INDArray b, INDArray out) {
        like(a, out, "mul").muli(like(b, out, "mul"), out);
    }

    @Override public void scale(INDArray a, double s, INDArray out) {
        like(a, out, "scale").muli(s, out);
    }

    @Override public void div(INDArray a, INDArray b, INDArray out) {
        like(a, out, "div").divi(like(b, out, "div"), out);
    }

    @Override public void maximum(INDArray a, INDArray b, INDArray out) {
        store(Transforms.max(like(a, out, "maximum"), like(b, out, "maximum"), true), out);
    }

    @Override public void minimum(INDArray a, INDArray b, INDArray out) {
        store(Transforms.min(like(a, out, "minimum"), like(b, out, "minimum"), true), out);
    }

    @Override public void addScalar(INDArray a, double s, INDArray out) {
        like(a, out, "addScalar").addi(s, out);
    }

    @Override public void abs(INDArray a, INDArray out) {
        store(Transforms.abs(like(a, out, "abs"), true), out);
    }

    @Override public void sign(INDArray a, INDArray out) {
        store(Transforms.sign(like(a, out, "sign"), true), out);
    }

    @Override public void square(INDArray a, INDArray out) {
        INDArray x = like(a, out, "square");
        x.mul(x, out);
    }

    @Override public void sqrt(INDArray a, INDArray out) {
        store(Transforms.sqrt(like(a, out, "sqrt"), true), out);
    }

    /** e^a in float64, rounded once: as the host engine computes it. (A copy: castTo returns a float64 array itself.) */
    @Override public void exp(INDArray a, INDArray out) {
        store(Transforms.exp(float64(like(a, out, "exp")), true).castTo(out.dataType()), out);
    }

    /** ln a in float64, rounded once: as the host engine computes it. */
    @Override public void log(INDArray a, INDArray out) {
        store(Transforms.log(float64(like(a, out, "log")), true).castTo(out.dataType()), out);
    }

    /** erf a in float64, rounded once: as the host engine computes it. */
    @Override public void erf(INDArray a, INDArray out) {
        INDArray x = float64(like(a, out, "erf"));
        Nd4j.getExecutioner().exec(new Erf(x, x));
        store(x.castTo(out.dataType()), out);
    }

    @Override public void greaterThan(INDArray a, double threshold, INDArray out) {
        store(float64(like(a, out, "greaterThan")).gt(threshold).castTo(out.dataType()), out);
    }

    @Override public void sumColumns(INDArray a, INDArray out) {
        INDArray matrix = rows(a);
        if (out.length() != matrix.size(0)) {
            throw new IllegalArgumentException("sumColumns: " + matrix.size(0) + " rows into " + out.length()
                    + " elements");
        }
        store(float64(matrix).sum(1).castTo(out.dataType()), out);
    }

    @Override public void addRowVector(INDArray a, INDArray row, INDArray out) {
        store(rowVector(a, row, out, "addRowVector").dup().addiRowVector(reshape(row, 1, row.length())), out);
    }

    @Override public void mulRowVector(INDArray a, INDArray row, INDArray out) {
        store(rowVector(a, row, out, "mulRowVector").dup().muliRowVector(reshape(row, 1, row.length())), out);
    }

    @Override public void mulColumnVector(INDArray a, INDArray column, INDArray out) {
        INDArray matrix = rows(a);
        if (column.length() != matrix.size(0) || out.length() != a.length()) {
            throw new IllegalArgumentException("mulColumnVector: a " + Arrays.toString(a.shape()) + ", a column of "
                    + column.length() + " and " + out.length() + " outputs");
        }
        store(matrix.dup().muliColumnVector(reshape(column, column.length(), 1)), out);
    }

    /** a as [m, n], checked against a row of n and an output of a's length. */
    private static INDArray rowVector(INDArray a, INDArray row, INDArray out, String who) {
        INDArray matrix = rows(a);
        if (row.length() != matrix.size(1) || out.length() != a.length()) {
            throw new IllegalArgumentException(who + ": a " + Arrays.toString(a.shape()) + ", a row of " + row.length()
                    + " and " + out.length() + " outputs");
        }
        return matrix;
    }

    @Override public void clip(INDArray a, double min, double max, INDArray out) {
        clipInto(like(a, out, "clip"), min, max, out);
    }

    /**
     * out = min(max(a, min), max), a and out of one shape, NaN kept as Java's min and max keep it. ND4J's
     * {@code clipbyvalue} keeps NaN but refuses min ≥ max, where the formula gives max (and NaN bounds give NaN).
     */
    private static void clipInto(INDArray a, double min, double max, INDArray out) {
        if (Double.isNaN(min) || Double.isNaN(max)) {
            out.assign(Double.NaN);
        } else if (min < max) {
            Nd4j.exec(DynamicCustomOp.builder("clipbyvalue").addInputs(a).addOutputs(out)
                    .addFloatingPointArguments(min, max).build());
        } else {
            select(a.isNaN(), a, Nd4j.valueArrayOf(a.shape(), max, a.dataType()), out);
        }
    }

    @Override public double sum(INDArray a) {
        return float64(a).sumNumber().doubleValue();
    }

    @Override public double sumSquares(INDArray a) {
        return Nd4j.getExecutioner().exec(new SquaredNorm(float64(a))).getDouble(0);
    }

    @Override public boolean allFinite(INDArray a) {
        return Nd4j.getExecutioner().exec(new MatchCondition(a, Conditions.notFinite())).getLong(0) == 0;
    }

    // ------------------------------------------------------------------ activations

    @Override public void relu(INDArray z, INDArray a) {
        // max(z, 0): NaN stays NaN, as in Keras.
        Nd4j.exec(new RectifiedLinear(like(z, a, "relu"), a, 0.0));
    }

    @Override public void reluGrad(INDArray a, INDArray gradA, INDArray gradZ) {
        // relu_bp selects gradA where a > 0 and 0 elsewhere (0 also for a NaN a, or an infinite gradA where a = 0).
        Nd4j.exec(new RectifiedLinearDerivative(like(a, gradZ, "reluGrad"), like(gradA, gradZ, "reluGrad"), gradZ));
    }

    @Override public void sigmoid(INDArray z, INDArray a) {
        sigmoidInto(like(z, a, "sigmoid"), a);
    }

    /**
     * a = e^{min(z, 0)} / (1 + e^{−|z|}): 1/(1 + e^{−z}) for z ≥ 0 and e^{z}/(1 + e^{z}) below, the host engine's two
     * branches in one formula, with no exponent above 0 (ND4J's Sigmoid overflows e^{−z} below z = −709).
     */
    private static void sigmoidInto(INDArray z, INDArray a) {
        INDArray denominator = Transforms.abs(z, true).negi();
        Transforms.exp(denominator, false).addi(1.0);
        // A NaN z becomes 0 here but keeps the denominator NaN, so that a is NaN.
        INDArray numerator = Transforms.exp(Transforms.min(z, 0.0, true), false);
        numerator.divi(denominator, a);
    }

    @Override public void sigmoidGrad(INDArray a, INDArray gradA, INDArray gradZ) {
        INDArray s = like(a, gradZ, "sigmoidGrad");
        INDArray oneMinus = s.rsub(1.0);
        // (gradA·a)·(1 − a), the host engine's order; 1 − a is exact for a in [0.5, 1].
        like(gradA, gradZ, "sigmoidGrad").muli(s, gradZ).muli(oneMinus);
    }

    @Override public void tanh(INDArray z, INDArray a) {
        INDArray x = like(z, a, "tanh");
        // tanh|z| = N / (2 − N) with N = −expm1(−2|z|) ≈ 1 − u, u = e^{−2|z|}. libnd4j's tanh takes 1 − u as it
        // comes, which cancels near 0. For u > 1/2 (|z| < ln 2 / 2) Kahan's correction makes it expm1 to a few ulps:
        // expm1(y) = (u − 1)·y / log u, u − 1 being exact there; for u ≤ 1/2, 1 − u does not cancel and the
        // correction is 1. Where u rounds to 1 (|z| below about 2^−55 in float64, 2^−26 in float32) tanh z is z to the
        // last bit. NaN stays NaN; ±1000 gives ±1 exactly.
        INDArray y = Transforms.abs(x, true).muli(-2.0);
        INDArray u = Transforms.exp(y, true);
        INDArray near0 = u.gt(0.5);
        INDArray tiny = u.eq(1.0);
        INDArray correction = Transforms.log(u, true);
        y.divi(correction);
        select(near0, y, Nd4j.onesLike(u), correction);
        INDArray n = u.rsubi(1.0).muli(correction);
        n.divi(n.rsub(2.0)).muli(Transforms.sign(x, true));
        select(tiny, x, n, a);
    }

    @Override public void tanhGrad(INDArray a, INDArray gradA, INDArray gradZ) {
        INDArray t = like(a, gradZ, "tanhGrad");
        INDArray derivative;
        if (t.dataType() == DataType.DOUBLE) {
            // 1 − a·a, in the host engine's order.
            derivative = t.mul(t).rsubi(1.0);
        } else {
            // (1 − a)(1 + a): 1 − a² cancels in float32 as a → 1 (a = tanh 6 leaves 2.5e-5, so 6e-8 of rounding in
            // a² is 2e-3 of the result); the host engine evaluates a² in float64, where a float's square is exact.
            derivative = t.rsub(1.0).muli(t.add(1.0));
        }
        like(gradA, gradZ, "tanhGrad").muli(derivative, gradZ);
    }

    /**
     * SoftMax subtracts each row's max before e^x. In float64 and rounded once, as the rows' sums are: float32's own
     * SoftMax is a few ulps off (1.5e-7 relative seen), where the host engine's result is the exact one rounded.
     */
    @Override public void softmax(INDArray z, INDArray a) {
        INDArray logits = rows(z);
        if (a.rank() == 2 && Arrays.equals(a.shape(), logits.shape()) && a.dataType() == DataType.DOUBLE) {
            // Straight into the output: SoftMax writes into views and f-ordered arrays alike.
            Nd4j.exec(new SoftMax(logits, a, 1));
            return;
        }
        checkLength(logits, a, "softmax");
        INDArray wide = float64(logits);
        INDArray result = Nd4j.createUninitialized(DataType.DOUBLE, wide.shape());
        Nd4j.exec(new SoftMax(wide, result, 1));
        store(result.castTo(a.dataType()), a);
    }

    @Override public void softmaxGrad(INDArray a, INDArray gradA, INDArray gradZ) {
        INDArray p = float64(rows(a));
        checkLength(p, gradA, "softmaxGrad");
        checkLength(p, gradZ, "softmaxGrad");
        INDArray g = float64(like(gradA, p, "softmaxGrad"));
        // a ⊙ (gradA − Σ_c gradA_c a_c), in float64: the difference cancels when gradA is nearly its weighted mean.
        INDArray dot = g.mul(p).sum(true, 1);
        store(g.subColumnVector(dot).muli(p), gradZ);
    }

    // ------------------------------------------------------------------ losses, in float64

    @Override public double softmaxCrossEntropy(INDArray targets, boolean ids, double labelSmoothing, INDArray logits,
            INDArray grad, INDArray softmax) {
        INDArray z = float64(rows(logits));
        long m = z.size(0);
        INDArray t = targets(targets, ids, labelSmoothing, z);
        // L = Σ_c t_c (log Σ_d e^{z_d − max} − (z_c − max)) per row: every exponent ≤ 0, no log of a rounded
        // probability, so exact at any magnitude (libnd4j's LogSoftMax is log(softmax), −∞ for [1000, −1000]).
        INDArray shifted = z.subColumnVector(z.max(true, 1));
        INDArray e = Transforms.exp(shifted, true);
        INDArray sum = e.sum(true, 1);
        INDArray targetSum = t.sum(true, 1);
        INDArray rowLoss = targetSum.mul(Transforms.log(sum, true)).subi(t.mul(shifted).sum(true, 1));
        double loss = rowLoss.sumNumber().doubleValue() / m;
        INDArray gradient = null;
        if (grad != null) {
            checkLength(z, grad, "softmaxCrossEntropy");
            // (softmax(z)·Σ_c t_c − t)/m: the 1/m of the batch mean.
            gradient = e.diviColumnVector(sum).muliColumnVector(targetSum).subi(t).divi(m);
        }
        // Outputs last, softmax first, so that either may be the logits' own array.
        if (softmax != null) {
            softmax(logits, softmax);
        }
        if (gradient != null) {
            store(gradient, grad);
        }
        return loss;
    }

    @Override public double categoricalCrossEntropy(INDArray targets, boolean ids, double labelSmoothing,
            INDArray probabilities, double epsilon, INDArray grad) {
        INDArray p = float64(rows(probabilities));
        long m = p.size(0);
        INDArray t = targets(targets, ids, labelSmoothing, p);
        // q = p / S, clipped to [ε, 1 − ε]; L = −Σ_c t_c log clip(q_c), a zero t_c adding nothing even where
        // log clip(q_c) is not finite (ε = 0, or a NaN q beside an infinite p).
        INDArray s = p.sum(true, 1);
        INDArray q = p.divColumnVector(s);
        INDArray logClipped = Nd4j.createUninitialized(DataType.DOUBLE, q.shape());
        clipInto(q, epsilon, 1 - epsilon, logClipped);
        Transforms.log(logClipped, false);
        INDArray terms = t.mul(logClipped);
        select(t.neq(0.0), terms, Nd4j.zerosLike(terms), terms);
        double loss = -terms.sumNumber().doubleValue() / m;
        if (grad != null) {
            checkLength(p, grad, "categoricalCrossEntropy");
            // ∂L/∂p_k = (Σ_c t_c [q_c unclipped] − t_k/q_k [q_k unclipped]) / S / m; the clip's derivative is 0
            // where it is active, as in TensorFlow.
            INDArray unclipped = Transforms.and(q.gt(epsilon), q.lt(1 - epsilon));
            INDArray tInside = Nd4j.createUninitialized(DataType.DOUBLE, t.shape());
            select(unclipped, t, Nd4j.zerosLike(t), tInside);
            INDArray inside = tInside.sum(true, 1);
            INDArray own = Nd4j.createUninitialized(DataType.DOUBLE, q.shape());
            select(unclipped, t.div(q), Nd4j.zerosLike(q), own);
            store(own.rsubiColumnVector(inside).diviColumnVector(s).divi(m), grad);
        }
        return loss;
    }

    @Override public double sigmoidCrossEntropy(INDArray targets, double labelSmoothing, INDArray logits,
            INDArray grad) {
        INDArray z = float64(logits);
        INDArray t = binaryTargets(targets, labelSmoothing, z, "sigmoidCrossEntropy");
        long n = z.length();
        // max(z, 0) − z·t + log(1 + e^{−|z|}): −[t log σ(z) + (1 − t) log(1 − σ(z))] with no exponent above 0.
        INDArray terms = Transforms.relu(z, true).subi(z.mul(t)).addi(log1p(Transforms.exp(Transforms.abs(z, true)
                .negi(), false)));
        double loss = terms.sumNumber().doubleValue() / n;
        if (grad != null) {
            checkLength(z, grad, "sigmoidCrossEntropy");
            INDArray gradient = Nd4j.createUninitialized(DataType.DOUBLE, z.shape());
            sigmoidInto(z, gradient);
            store(gradient.subi(t).divi(n), grad);
        }
        return loss;
    }

    /**
     * log(1 + w) for w ≥ 0, to a few ulps (libnd4j's log1p is log(1 + w), which cancels for small w): Goldberg's
     * u = 1 + w, log1p w = log u · w / (u − 1), u − 1 exact; w itself where u rounds to 1. Returns a new array.
     */
    private static INDArray log1p(INDArray w) {
        INDArray u = w.add(1.0);
        INDArray uMinus1 = u.sub(1.0);
        INDArray result = Transforms.log(u, false).muli(w.div(uMinus1));
        select(uMinus1.eq(0.0), w, result, result);
        return result;
    }

    @Override public double binaryCrossEntropy(INDArray targets, double labelSmoothing, INDArray probabilities,
            double epsilon, INDArray grad) {
        INDArray p = float64(probabilities);
        INDArray t = binaryTargets(targets, labelSmoothing, p, "binaryCrossEntropy");
        long n = p.length();
        INDArray clipped = Nd4j.createUninitialized(DataType.DOUBLE, p.shape());
        clipInto(p, epsilon, 1 - epsilon, clipped);
        // −[t log p + (1 − t) log(1 − p)] on the clipped p.
        INDArray terms = t.mul(Transforms.log(clipped, true))
                .addi(t.rsub(1.0).muli(Transforms.log(clipped.rsubi(1.0), false)));
        double loss = -terms.sumNumber().doubleValue() / n;
        if (grad != null) {
            checkLength(p, grad, "binaryCrossEntropy");
            // (p − t) / (p(1 − p)) / n where p is inside (ε, 1 − ε), else 0 (the clip's derivative).
            INDArray ratio = p.sub(t).divi(p.mul(p.rsub(1.0))).divi(n);
            INDArray inside = Transforms.and(p.gt(epsilon), p.lt(1 - epsilon));
            select(inside, ratio, Nd4j.zerosLike(ratio), ratio);
            store(ratio, grad);
        }
        return loss;
    }

    @Override public double meanSquaredError(INDArray targets, INDArray predictions, INDArray grad) {
        INDArray y = float64(predictions);
        checkLength(y, targets, "mean squared error");
        INDArray d = y.sub(float64(like(targets, y, "mean squared error")));
        long n = d.length();
        double loss = Nd4j.getExecutioner().exec(new SquaredNorm(d)).getDouble(0) / n;
        if (grad != null) {
            checkLength(y, grad, "mean squared error");
            store(d.muli(2.0).divi(n), grad);
        }
        return loss;
    }

    /**
     * The targets of a cross-entropy on [m, k] predictions as float64 rows [m, k]: class ids [m, 1] validated and
     * one-hot, or rows smoothed to t(1 − s) + s/k. Never writes into {@code targets}.
     */
    private static INDArray targets(INDArray targets, boolean ids, double smoothing, INDArray predictions) {
        long m = predictions.size(0);
        long k = predictions.size(1);
        if (targets.length() != m * (ids ? 1 : k)) {
            throw new IllegalArgumentException("cross-entropy: predictions [" + m + ", " + k + "] and "
                    + targets.length() + " target values");
        }
        if (!ids) {
            INDArray t = float64(like(targets, predictions, "cross-entropy"));
            return smoothing == 0 ? t : t.mul(1 - smoothing).addi(smoothing / k);
        }
        INDArray classes = float64(reshape(targets, m));
        INDArray valid = Transforms.and(Transforms.and(classes.gte(0.0), classes.lt((double) k)),
                classes.eq(Transforms.floor(classes, true)));
        if (m > 0 && valid.castTo(DataType.LONG).sumNumber().longValue() != m) {
            // The first bad id, read as one element to say which it is (the host engine reads it the same way).
            long first = BooleanIndexing.firstIndex(valid.castTo(DataType.DOUBLE), Conditions.equals(0.0)).getLong(0);
            throw new IllegalArgumentException("sparse_categorical_crossentropy: label " + classes.getDouble(first)
                    + " is not a class id in [0, " + k + ")");
        }
        INDArray oneHot = Nd4j.create(DataType.DOUBLE, m, k);
        if (m > 0) {
            // OneHot reads its indices with a stride of 1 only (ids from a column view have another).
            Nd4j.exec(new OneHot(classes.elementWiseStride() == 1 ? classes : classes.dup('c'), oneHot, (int) k));
        }
        return oneHot;
    }

    /** The targets of a binary cross-entropy as float64 of the predictions' shape, smoothed to t(1 − s) + s/2. */
    private static INDArray binaryTargets(INDArray targets, double smoothing, INDArray predictions, String who) {
        INDArray t = float64(like(targets, predictions, who));
        return smoothing == 0 ? t : t.mul(1 - smoothing).addi(smoothing / 2);
    }

    // ------------------------------------------------------------------ metrics

    @Override public long countArgMaxMatches(INDArray predictions, INDArray targets, boolean ids) {
        INDArray p = rows(predictions);
        long m = p.size(0);
        long tCols = m == 0 ? 0 : targets.length() / m;
        if (tCols * m != targets.length() || (ids && tCols != 1)) {
            throw new IllegalArgumentException("countArgMaxMatches: predictions [" + m + ", " + p.size(1) + "] and "
                    + targets.length() + " target values");
        }
        if (m == 0) {
            return 0;
        }
        // ND4J's argmax keeps the first of equal maxima, as numpy's; a class id is truncated to an integer, as the
        // host engine's (int) cast does.
        INDArray predicted = Nd4j.argMax(p, 1);
        INDArray expected = ids ? reshape(targets, m).castTo(DataType.LONG)
                : Nd4j.argMax(reshape(targets, m, tCols), 1);
        return predicted.eq(expected).castTo(DataType.LONG).sumNumber().longValue();
    }

    @Override public long countThresholdMatches(INDArray predictions, INDArray targets, double threshold) {
        checkLength(predictions, targets, "countThresholdMatches");
        // Compared in float64: float32 0.1f > 0.1 is true, but false in float32 against (float) 0.1.
        INDArray p = float64(predictions);
        INDArray t = float64(like(targets, p, "countThresholdMatches"));
        return p.gt(threshold).eq(t.gt(threshold)).castTo(DataType.LONG).sumNumber().longValue();
    }

    @Override public long thresholdBuckets(INDArray predictions, INDArray targets, double[] positives,
            double[] negatives) {
        checkLength(predictions, targets, "thresholdBuckets");
        // Bucketing is a scatter-add ND4J has no portable op for: counted on host copies, one pass over each.
        return MetricLoops.buckets(hostCopy(predictions), hostCopy(targets), (int) predictions.length(), positives,
                negatives);
    }

    @Override public long countTopKMatches(INDArray predictions, INDArray targets, int topK, boolean ids) {
        INDArray p = rows(predictions);
        long m = p.size(0);
        long tCols = m == 0 ? 0 : targets.length() / m;
        if (tCols * m != targets.length() || (ids ? tCols != 1 : tCols != p.size(1))) {
            throw new IllegalArgumentException("countTopKMatches: predictions [" + m + ", " + p.size(1) + "] and "
                    + targets.length() + " target values");
        }
        return MetricLoops.topK(hostCopy(p), hostCopy(targets), (int) m, (int) p.size(1), (int) tCols, topK);
    }

    /** The elements of {@code a} in row-major order, as float64 on the host. */
    private static double[] hostCopy(INDArray a) {
        return reshape(a, a.length()).castTo(DataType.DOUBLE).toDoubleVector();
    }

    // ------------------------------------------------------------------ optimizers

    @Override public Slots slots(int count, long size, DataType dataType) {
        return new ArraySlots(count, size, dataType);
    }

    /** State arrays as flat INDArrays on the backend's device. */
    private static final class ArraySlots implements Slots {

        private final INDArray[] arrays;
        private final long size;

        ArraySlots(int count, long size, DataType dataType) {
            this.arrays = new INDArray[count];
            this.size = size;
            for (int i = 0; i < count; i++) {
                arrays[i] = Nd4j.zeros(dataType, size);
            }
        }

        @Override public int count() {
            return arrays.length;
        }

        @Override public long size() {
            return size;
        }

        @Override public INDArray get(int i) {
            return arrays[i].dup();
        }

        @Override public void set(int i, INDArray values) {
            if (values.length() != size) {
                throw new IllegalArgumentException("Slots: array " + i + " has " + size + " elements, given "
                        + values.length());
            }
            arrays[i].assign(reshape(values.castTo(arrays[i].dataType()), size));
        }
    }

    /**
     * The first {@code needed} state arrays, shaped as θ: this engine's own, or copies of another engine's (the
     * host engine hands its slots here with a θ it cannot read in place), which {@link #restore} writes back.
     */
    private static INDArray[] state(Slots slots, int needed, INDArray theta) {
        DataType type = theta.dataType();
        if (slots.size() != theta.length() || slots.count() < needed) {
            throw new IllegalArgumentException("Slots of " + slots.count() + " × " + slots.size() + " elements do not "
                    + "fit " + theta.length() + " weights of type " + type + " (" + needed + " arrays needed)");
        }
        INDArray[] state = new INDArray[needed];
        for (int i = 0; i < needed; i++) {
            INDArray array = slots instanceof ArraySlots own ? own.arrays[i] : slots.get(i);
            if (array.dataType() != type) {
                throw new IllegalArgumentException("Slots of " + array.dataType() + " elements do not fit "
                        + theta.length() + " weights of type " + type);
            }
            state[i] = reshape(array, theta.shape());
        }
        return state;
    }

    private static void restore(Slots slots, INDArray[] state) {
        if (!(slots instanceof ArraySlots)) {
            for (int i = 0; i < state.length; i++) {
                slots.set(i, state[i]);
            }
        }
    }

    @Override public void adam(INDArray theta, INDArray gradient, Slots state, double alpha, double beta1,
            double beta2, double epsilon, boolean amsgrad) {
        INDArray g = like(gradient, theta, "adam");
        INDArray[] s = state(state, amsgrad ? 3 : 2, theta);
        INDArray m = s[0];
        INDArray v = s[1];
        boolean single = theta.dataType() == DataType.FLOAT;
        // In θ's type, as Keras: for float32 the complements 1 − β are float32 differences, as the host engine's.
        double oneMinusBeta1 = single ? 1f - (float) beta1 : 1 - beta1;
        double oneMinusBeta2 = single ? 1f - (float) beta2 : 1 - beta2;
        m.muli(beta1).addi(g.mul(oneMinusBeta1));
        v.muli(beta2).addi(g.mul(oneMinusBeta2).muli(g));
        INDArray second = v;
        if (amsgrad) {
            second = Transforms.max(s[2], v, false);
        }
        // θ ← θ − α·m / (√v + ε)
        INDArray step = m.mul(alpha).divi(Transforms.sqrt(second, true).addi(epsilon));
        theta.subi(step);
        restore(state, s);
    }

    @Override public void sgd(INDArray theta, INDArray gradient, Slots velocity, double learningRate,
            double momentum, boolean nesterov) {
        INDArray g = like(gradient, theta, "sgd");
        if (velocity == null) {
            theta.subi(g.mul(learningRate));
            return;
        }
        INDArray[] s = state(velocity, 1, theta);
        INDArray u = s[0];
        INDArray lrG = g.mul(learningRate);
        // u ← momentum·u − lr·g; θ ← θ + u, or θ + momentum·u − lr·g (Nesterov).
        u.muli(momentum).subi(lrG);
        theta.addi(nesterov ? u.mul(momentum).subi(lrG) : u);
        restore(velocity, s);
    }

    // ------------------------------------------------------------------ data

    @Override public void gatherRows(INDArray source, int[] index, int from, int count, INDArray target) {
        INDArray s = rows(source);
        long w = s.size(1);
        // The target's rows as the host engine counts them: a rank-1 array is one row.
        long targetRows = target.rank() < 2 ? 1 : target.size(0);
        long targetWidth = targetRows == 0 ? 0 : target.length() / targetRows;
        if (w != targetWidth || count > targetRows) {
            throw new IllegalArgumentException("gatherRows: rows of " + w + " into rows of " + targetWidth + ", "
                    + count + " rows into " + targetRows);
        }
        if (count == 0) {
            return;
        }
        int[] picked = Arrays.copyOfRange(index, from, from + count);
        for (int i = 0; i < count; i++) {
            // Checked here (a Java array, not the data): libnd4j would read outside the source.
            if (picked[i] < 0 || picked[i] >= s.size(0)) {
                throw new IndexOutOfBoundsException("gatherRows: index[" + (from + i) + "] = " + picked[i]
                        + " is not a row of " + Arrays.toString(source.shape()));
            }
        }
        if (target.rank() == 2) {
            Nd4j.pullRows(s, target.get(NDArrayIndex.interval(0, count), NDArrayIndex.all()), 1, picked);
        } else {
            INDArray first = target.rank() < 2 ? target : target.get(NDArrayIndex.interval(0, count));
            store(Nd4j.pullRows(s, 1, picked), first);
        }
    }

    // ------------------------------------------------------------------ shapes and types

    /** {@code a} as a matrix [size(0), the rest] (rank 1 as [1, n]), as the host engine sees it; a view if it can. */
    private static INDArray rows(INDArray a) {
        if (a.rank() == 2) {
            return a;
        }
        if (a.rank() < 2) {
            return reshape(a, 1, a.length());
        }
        long m = a.size(0);
        return reshape(a, m, m == 0 ? 0 : a.length() / m);
    }

    /**
     * {@code a} with the shape of {@code like}, in row-major order (the element order of the host engine), for an
     * input; a copy when a's elements cannot be viewed so.
     */
    private static INDArray like(INDArray a, INDArray like, String who) {
        if (Arrays.equals(a.shape(), like.shape())) {
            return a;
        }
        checkLength(a, like, who);
        return reshape(a, like.shape());
    }

    /**
     * {@code a} reshaped in row-major order. Through a {@code long[]}: {@code a.reshape('c', m)} with a single long
     * resolves to {@code reshape(long...)}, making 'c' a dimension of 99.
     */
    private static INDArray reshape(INDArray a, long... shape) {
        return a.reshape('c', shape);
    }

    /** Copies {@code result} into {@code out} (equal lengths) in row-major order, whatever out's shape and order. */
    private static void store(INDArray result, INDArray out) {
        if (result != out) {
            out.assign(like(result, out, "store"));
        }
    }

    private static void checkLength(INDArray a, INDArray b, String who) {
        if (a.length() != b.length()) {
            throw new IllegalArgumentException(who + ": arrays of " + a.length() + " and " + b.length()
                    + " elements");
        }
    }

    /** {@code a} in float64: itself when it already is (so never to be written into), else a copy. */
    private static INDArray float64(INDArray a) {
        return a.castTo(DataType.DOUBLE);
    }

    /** out = condition ? whenTrue : whenFalse, element by element (all of one shape; out may be either input). */
    private static void select(INDArray condition, INDArray whenTrue, INDArray whenFalse, INDArray out) {
        Nd4j.exec(new Select(new INDArray[] {condition, whenTrue, whenFalse}, new INDArray[] {out}));
    }

    @Override public String toString() {
        return "Ops.portable()";
    }
}
