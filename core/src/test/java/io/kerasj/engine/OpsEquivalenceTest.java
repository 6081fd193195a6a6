package io.kerasj.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kerasj.ops.Ops;
import io.kerasj.ops.Slots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every {@link Ops} method on both engines, on the same seeded inputs: the host engine on c-ordered arrays is the
 * reference; the host engine on row-range views at an offset, and the portable engine on c-ordered arrays, row-range
 * views, column views (strided) and f-ordered arrays, must match it, in float64 and float32, and must leave the
 * rest of the larger array a view lives in untouched. Then values derived by hand, so that the two engines are not
 * only checked against each other.
 *
 * <p>Tolerances, element by element: |host − portable| ≤ rel·max(|host|, |portable|) + abs.
 * <ul>
 *   <li>float64: rel 1e-12, abs 1e-14. The inputs are of order 1 and every result is a sum of at most ~60 terms of
 *   order 1 (a product's dot, a row's sum, a batch mean). Two correct summation orders differ by up to about
 *   60·2^−53 ≈ 7e-15 of the terms' size, so a result that cancels to below 1e-14 has no relative digits to
 *   compare: there the floor takes over. Anywhere else it is 1e-12 relative.</li>
 *   <li>float32: rel 1e-5, abs 1e-6: the same argument at float32's 2^−24 ≈ 6e-8, where ~16 ulps of 1 is 1e-6.</li>
 * </ul>
 * The largest differences seen per method are printed at the end.
 */
class OpsEquivalenceTest {

    private static final Ops HOST = Backends.host();
    private static final Ops PORTABLE = Backends.portable();

    private static final double REL64 = 1e-12;
    private static final double ABS64 = 1e-14;
    private static final double REL32 = 1e-5;
    private static final double ABS32 = 1e-6;

    /** Where an array under test lives. */
    enum Layout {
        /** A new c-ordered array. */
        CONTIGUOUS,
        /** Rows [2, 2 + m) of a larger c-ordered array (a rank-1 array: elements [2, 2 + n)). */
        ROW_VIEW,
        /** Columns [1, 1 + k) of a wider array (rank 1: one column of an [n, 3] array): not contiguous. */
        COLUMN_VIEW,
        /** An f-ordered array (rank 1: every second element of a longer array). */
        F_ORDER
    }

    /**
     * Largest differences seen, by "method type": {largest relative difference above the floor, the magnitude where
     * it was seen, largest absolute difference below the floor}.
     */
    private static final Map<String, double[]> LARGEST = new TreeMap<>();

    @AfterAll
    static void printLargestDifferences() {
        System.out.println("OpsEquivalenceTest: largest |host − portable| per method (relative where above the floor,"
                + " absolute where below)");
        LARGEST.forEach((key, d) -> System.out.printf("  %-50s rel %.3g (at |value| %.3g)  abs below floor %.3g%n",
                key, d[0], d[1], d[2]));
    }

    // ------------------------------------------------------------------ arrays in layouts

    /**
     * Makes the arrays of one run in one layout and type, each inside a larger array filled with a guard value, and
     * checks afterwards that the guard elements are still there (an op wrote only into its view).
     */
    private static final class Maker {
        private static final double GUARD = -7.25;
        final Layout layout;
        final DataType type;
        private final List<Runnable> guards = new ArrayList<>();

        Maker(Layout layout, DataType type) {
            this.layout = layout;
            this.type = type;
        }

        /** values (any type, c order) in this layout and type. */
        INDArray of(INDArray values) {
            return of(values, GUARD);
        }

        INDArray of(INDArray values, double guard) {
            long[] shape = values.shape();
            INDArray cast = values.castTo(type);
            if (layout == Layout.CONTIGUOUS) {
                return cast.dup('c');
            }
            if (layout == Layout.F_ORDER && shape.length >= 2) {
                INDArray f = Nd4j.create(type, shape, 'f');
                f.assign(cast);
                return f;
            }
            long[] baseShape = shape.clone();
            INDArrayIndex[] index = new INDArrayIndex[shape.length];
            if (layout == Layout.ROW_VIEW) {
                baseShape[0] += 5;
                index[0] = NDArrayIndex.interval(2, 2 + shape[0]);
                for (int d = 1; d < shape.length; d++) {
                    index[d] = NDArrayIndex.all();
                }
            } else if (shape.length == 1 && layout == Layout.COLUMN_VIEW) {
                baseShape = new long[] {shape[0], 3};
                index = new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.point(1)};
            } else if (shape.length == 1) {
                baseShape = new long[] {2 * shape[0] + 1};
                index = new INDArrayIndex[] {NDArrayIndex.interval(1, 2, 2 * shape[0] + 1)};
            } else {
                baseShape[shape.length - 1] += 3;
                for (int d = 0; d < shape.length - 1; d++) {
                    index[d] = NDArrayIndex.all();
                }
                index[shape.length - 1] = NDArrayIndex.interval(1, 1 + shape[shape.length - 1]);
            }
            INDArray base = Nd4j.valueArrayOf(baseShape, guard, type);
            INDArray view = base.get(index);
            view.assign(cast);
            INDArrayIndex[] where = index;
            guards.add(() -> {
                INDArray copy = base.dup();
                copy.get(where).assign(guard);
                for (double v : copy.castTo(DataType.DOUBLE).dup('c').reshape(copy.length()).toDoubleVector()) {
                    if (!(v == guard || (Double.isNaN(v) && Double.isNaN(guard)))) {
                        fail(layout + ": an op wrote outside its view (found " + v + " where " + guard + " was)");
                    }
                }
            });
            return view;
        }

        /** An output array of this shape, its elements garbage (an op must overwrite them all). */
        INDArray out(long... shape) {
            return of(Nd4j.valueArrayOf(shape, 123.5, DataType.DOUBLE));
        }

        void checkGuards() {
            guards.forEach(Runnable::run);
        }
    }

    /** Results of one run: each array's elements (in row-major order) and each scalar, as doubles. */
    private static final class Results {
        final List<String> names = new ArrayList<>();
        final List<double[]> values = new ArrayList<>();

        Results add(String name, INDArray a) {
            names.add(name);
            values.add(a.castTo(DataType.DOUBLE).dup('c').reshape(a.length()).toDoubleVector());
            return this;
        }

        Results add(String name, double value) {
            names.add(name);
            values.add(new double[] {value});
            return this;
        }
    }

    /**
     * Runs {@code run} with the host engine on c-ordered arrays (the reference), the host engine on row-range views,
     * and the portable engine in every layout, in float64 and float32, and compares the results.
     */
    private static void agree(String method, BiFunction<Ops, Maker, Results> run) {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Results reference = runChecked(HOST, new Maker(Layout.CONTIGUOUS, type), run);
            compare(method, "host " + Layout.ROW_VIEW, type, reference,
                    runChecked(HOST, new Maker(Layout.ROW_VIEW, type), run));
            for (Layout layout : Layout.values()) {
                compare(method, "portable " + layout, type, reference,
                        runChecked(PORTABLE, new Maker(layout, type), run));
            }
        }
    }

    private static Results runChecked(Ops ops, Maker maker, BiFunction<Ops, Maker, Results> run) {
        Results results = run.apply(ops, maker);
        maker.checkGuards();
        return results;
    }

    private static void compare(String method, String where, DataType type, Results expected, Results actual) {
        boolean single = type == DataType.FLOAT;
        double rel = single ? REL32 : REL64;
        double abs = single ? ABS32 : ABS64;
        double[] largest = LARGEST.computeIfAbsent(method + " " + (single ? "float32" : "float64"),
                key -> new double[3]);
        for (int r = 0; r < expected.values.size(); r++) {
            double[] e = expected.values.get(r);
            double[] a = actual.values.get(r);
            assertEquals(e.length, a.length, method + " " + expected.names.get(r) + ": lengths");
            for (int i = 0; i < e.length; i++) {
                if (Double.isNaN(e[i]) || Double.isNaN(a[i])) {
                    assertTrue(Double.isNaN(e[i]) && Double.isNaN(a[i]), () -> method + ": NaN on one side only");
                    continue;
                }
                if (e[i] == a[i]) {
                    continue;
                }
                double diff = Math.abs(e[i] - a[i]);
                double scale = Math.max(Math.abs(e[i]), Math.abs(a[i]));
                if (scale > abs) {
                    if (diff / scale > largest[0]) {
                        largest[0] = diff / scale;
                        largest[1] = scale;
                    }
                } else {
                    largest[2] = Math.max(largest[2], diff);
                }
                if (!(diff <= rel * scale + abs)) {
                    fail(method + " " + type + ", " + where + ", " + expected.names.get(r) + "[" + i + "]: host "
                            + e[i] + ", got " + a[i] + " (relative " + diff / scale + ")");
                }
            }
        }
    }

    // ------------------------------------------------------------------ seeded inputs (float64, c order)

    private static INDArray gaussian(long seed, long... shape) {
        Random random = new Random(seed);
        double[] values = new double[(int) length(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return Nd4j.createFromArray(values).reshape(shape);
    }

    private static INDArray uniform(long seed, double low, double high, long... shape) {
        Random random = new Random(seed);
        double[] values = new double[(int) length(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * random.nextDouble();
        }
        return Nd4j.createFromArray(values).reshape(shape);
    }

    /** One class id per row, [m, 1]. */
    private static INDArray classIds(long seed, int m, int k) {
        Random random = new Random(seed);
        double[] ids = new double[m];
        for (int i = 0; i < m; i++) {
            ids[i] = random.nextInt(k);
        }
        return Nd4j.createFromArray(ids).reshape(m, 1);
    }

    private static INDArray oneHot(INDArray ids, int k) {
        INDArray t = Nd4j.zeros(DataType.DOUBLE, ids.length(), k);
        for (int i = 0; i < ids.length(); i++) {
            t.putScalar(i, (int) ids.getDouble(i), 1.0);
        }
        return t;
    }

    private static long length(long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    // ------------------------------------------------------------------ linear algebra

    /** 3·4·5 runs in the host engine's Java loop, 20·30·9 in its BLAS call (and its float32 skinny loop). */
    @Test
    void matmulAgreesForEveryTransposeAndSize() {
        for (int[] size : new int[][] {{3, 4, 5}, {20, 30, 9}}) {
            int m = size[0];
            int k = size[1];
            int n = size[2];
            for (int flags = 0; flags < 4; flags++) {
                boolean ta = (flags & 1) != 0;
                boolean tb = (flags & 2) != 0;
                INDArray a = gaussian(1, ta ? k : m, ta ? m : k);
                INDArray b = gaussian(2, tb ? n : k, tb ? k : n);
                agree("matmul", (ops, mk) -> {
                    INDArray c = mk.out(m, n);
                    ops.matmul(mk.of(a), mk.of(b), c, ta, tb);
                    return new Results().add("c", c);
                });
            }
        }
    }

    @Test
    void affineAgreesWithAndWithoutBias() {
        for (int[] size : new int[][] {{3, 4, 5}, {20, 30, 9}}) {
            INDArray x = gaussian(3, size[0], size[1]);
            INDArray w = gaussian(4, size[1], size[2]);
            INDArray bias = gaussian(5, size[2]);
            agree("affine", (ops, mk) -> {
                INDArray z = mk.out(size[0], size[2]);
                ops.affine(mk.of(x), mk.of(w), mk.of(bias), z);
                INDArray noBias = mk.out(size[0], size[2]);
                ops.affine(mk.of(x), mk.of(w), null, noBias);
                return new Results().add("z", z).add("z without bias", noBias);
            });
        }
    }

    @Test
    void sumRowsAgrees() {
        INDArray a = gaussian(6, 37, 7);
        agree("sumRows", (ops, mk) -> {
            INDArray out = mk.out(7);
            ops.sumRows(mk.of(a), out);
            return new Results().add("out", out);
        });
    }

    // ------------------------------------------------------------------ element-wise and reductions

    @Test
    void elementWiseArithmeticAgreesIncludingWritesIntoAnInput() {
        INDArray a = gaussian(7, 6, 5);
        INDArray b = gaussian(8, 6, 5);
        agree("add/sub/mul/copy/scale", (ops, mk) -> {
            Results r = new Results();
            INDArray out = mk.out(6, 5);
            ops.add(mk.of(a), mk.of(b), out);
            r.add("add", out);
            ops.sub(mk.of(a), mk.of(b), out);
            r.add("sub", out);
            ops.mul(mk.of(a), mk.of(b), out);
            r.add("mul", out);
            ops.copy(mk.of(a), out);
            r.add("copy", out);
            ops.scale(mk.of(a), -0.3, out);
            r.add("scale", out);
            INDArray x = mk.of(a);
            ops.sub(x, mk.of(b), x);
            r.add("sub into a", x);
            INDArray y = mk.of(b);
            ops.sub(mk.of(a), y, y);
            r.add("sub into b", y);
            INDArray z = mk.of(a);
            ops.mul(z, mk.of(b), z);
            ops.scale(z, 1.7, z);
            ops.add(z, z, z);
            r.add("mul, scale, add in place", z);
            // Equal lengths, other shapes: the elements are taken in row-major order.
            INDArray flat = mk.out(30);
            ops.add(mk.of(a), mk.of(b.reshape(30)), flat);
            r.add("add [6, 5] + [30] into [30]", flat);
            INDArray wide = mk.out(5, 6);
            ops.mul(mk.of(a), mk.of(b), wide);
            return r.add("mul [6, 5] ⊙ [6, 5] into [5, 6]", wide);
        });
    }

    @Test
    void erfAgreesIncludingTheTails() {
        INDArray a = uniform(9, -7, 7, 6, 5);
        agree("erf", (ops, mk) -> {
            INDArray out = mk.out(6, 5);
            ops.erf(mk.of(a), out);
            return new Results().add("erf", out);
        });
    }

    @Test
    void clipAgreesAndKeepsNaNAndInfinities() {
        INDArray a = gaussian(9, 4, 6);
        a.putScalar(0, Double.NaN);
        a.putScalar(1, Double.POSITIVE_INFINITY);
        a.putScalar(2, Double.NEGATIVE_INFINITY);
        a.putScalar(3, 0.7);
        agree("clip", (ops, mk) -> {
            Results r = new Results();
            for (double[] bounds : new double[][] {{-0.5, 0.7}, {0.2, 0.2}, {1, -1}}) {
                INDArray out = mk.out(4, 6);
                ops.clip(mk.of(a), bounds[0], bounds[1], out);
                r.add("clip " + bounds[0] + ", " + bounds[1], out);
            }
            INDArray inPlace = mk.of(a);
            ops.clip(inPlace, -1, 1, inPlace);
            return r.add("in place", inPlace);
        });
    }

    @Test
    void sumAndSumSquaresAgree() {
        INDArray a = gaussian(10, 33, 9);
        agree("sum/sumSquares", (ops, mk) -> new Results().add("sum", ops.sum(mk.of(a)))
                .add("sumSquares", ops.sumSquares(mk.of(a))));
    }

    /** NaN and both infinities are caught; a NaN outside a view (the guard of the larger array) is not seen. */
    @Test
    void allFiniteAgreesOnNaNAndInfinities() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            INDArray a = gaussian(11, 5, 7);
            INDArray withBad = a.dup();
            withBad.putScalar(4, 6, bad);
            for (Ops ops : new Ops[] {HOST, PORTABLE}) {
                for (Layout layout : Layout.values()) {
                    for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                        Maker mk = new Maker(layout, type);
                        String where = ops.name() + " " + layout + " " + type + " " + bad;
                        assertTrue(ops.allFinite(mk.of(a, Double.NaN)), where);
                        assertFalse(ops.allFinite(mk.of(withBad)), where);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ activations

    /**
     * Pre-activations with 0, ±1000, −710 (where σ is subnormal in float64) and values near 0 (where libnd4j's tanh
     * loses digits) among ordinary ones.
     */
    private static INDArray preActivations(long seed, int m, int k) {
        INDArray z = gaussian(seed, m, k).muli(3);
        double[] extremes = {0, 1000, -1000, -710, 1e-9, -3e-6, 7};
        for (int i = 0; i < extremes.length; i++) {
            z.putScalar(i, extremes[i]);
        }
        return z;
    }

    /** Applies f to each element of a float64 array (the test's own activation values). */
    private static INDArray map(INDArray z, java.util.function.DoubleUnaryOperator f) {
        double[] v = z.dup('c').reshape(z.length()).toDoubleVector();
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsDouble(v[i]);
        }
        return Nd4j.createFromArray(v).reshape(z.shape());
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    private static INDArray softmaxRows(INDArray z) {
        INDArray e = map(z.subColumnVector(z.max(true, 1)), Math::exp);
        return e.diviColumnVector(e.sum(true, 1));
    }

    /**
     * Each activation from z, and each gradient from the same a on both engines (a computed here in float64 and
     * rounded to the type). Not a chain: near a = 1, 1 − a² turns the engines' one-ulp difference in tanh(z) into
     * 1e-11 (float64) or 7e-3 (float32) of the gradient, which says nothing about tanhGrad.
     */
    @Test
    void activationsAndTheirGradientsAgree() {
        INDArray z = preActivations(12, 8, 6);
        INDArray gradA = gaussian(13, 8, 6);
        INDArray relu = map(z, v -> Math.max(v, 0));
        INDArray sigmoid = map(z, OpsEquivalenceTest::sigmoid);
        INDArray tanh = map(z, Math::tanh);
        INDArray softmax = softmaxRows(z);
        agree("relu/reluGrad", (ops, mk) -> {
            INDArray a = mk.out(8, 6);
            ops.relu(mk.of(z), a);
            INDArray gradZ = mk.out(8, 6);
            ops.reluGrad(mk.of(relu), mk.of(gradA), gradZ);
            return new Results().add("a", a).add("gradZ", gradZ);
        });
        agree("sigmoid/sigmoidGrad", (ops, mk) -> {
            INDArray a = mk.out(8, 6);
            ops.sigmoid(mk.of(z), a);
            INDArray gradZ = mk.out(8, 6);
            ops.sigmoidGrad(mk.of(sigmoid), mk.of(gradA), gradZ);
            return new Results().add("a", a).add("gradZ", gradZ);
        });
        agree("tanh/tanhGrad", (ops, mk) -> {
            INDArray a = mk.out(8, 6);
            ops.tanh(mk.of(z), a);
            INDArray gradZ = mk.out(8, 6);
            ops.tanhGrad(mk.of(tanh), mk.of(gradA), gradZ);
            return new Results().add("a", a).add("gradZ", gradZ);
        });
        agree("softmax/softmaxGrad", (ops, mk) -> {
            INDArray a = mk.out(8, 6);
            ops.softmax(mk.of(z), a);
            INDArray gradZ = mk.out(8, 6);
            ops.softmaxGrad(mk.of(softmax), mk.of(gradA), gradZ);
            return new Results().add("a", a).add("gradZ", gradZ);
        });
    }

    /** The activations and gradients write into one of their inputs, as a layer does with its own buffers. */
    @Test
    void activationsInPlaceAgree() {
        INDArray z = preActivations(14, 5, 4);
        INDArray gradA = gaussian(15, 5, 4);
        INDArray sigmoid = map(z, OpsEquivalenceTest::sigmoid);
        INDArray tanh = map(z, Math::tanh);
        INDArray softmax = softmaxRows(z);
        agree("activations in place", (ops, mk) -> {
            Results r = new Results();
            INDArray a = mk.of(z);
            ops.relu(a, a);
            INDArray g = mk.of(gradA);
            ops.reluGrad(a, g, g);
            r.add("relu", a).add("reluGrad into gradA", g);
            a = mk.of(z);
            ops.sigmoid(a, a);
            r.add("sigmoid", a);
            a = mk.of(sigmoid);
            ops.sigmoidGrad(a, mk.of(gradA), a);
            r.add("sigmoidGrad into a", a);
            a = mk.of(z);
            ops.tanh(a, a);
            r.add("tanh", a);
            g = mk.of(gradA);
            ops.tanhGrad(mk.of(tanh), g, g);
            r.add("tanhGrad into gradA", g);
            a = mk.of(z);
            ops.softmax(a, a);
            r.add("softmax", a);
            g = mk.of(gradA);
            ops.softmaxGrad(mk.of(softmax), g, g);
            return r.add("softmaxGrad into gradA", g);
        });
    }

    // ------------------------------------------------------------------ losses

    /** Logits with rows at ±1000 and ±40 among ordinary ones: finite exact losses and gradients on both engines. */
    private static INDArray logits(long seed, int m, int k) {
        INDArray z = gaussian(seed, m, k).muli(2);
        z.putRow(0, Nd4j.createFromArray(1000.0, -1000, 0, 3, -2).get(NDArrayIndex.interval(0, k)));
        z.putRow(1, Nd4j.createFromArray(0.0, 40, -40, 1, 2).get(NDArrayIndex.interval(0, k)));
        return z;
    }

    @Test
    void softmaxCrossEntropyAgreesForOneHotSmoothedAndIdTargets() {
        int m = 9;
        int k = 5;
        INDArray z = logits(16, m, k);
        INDArray ids = classIds(17, m, k);
        INDArray oneHot = oneHot(ids, k);
        INDArray soft = uniform(18, 0, 1, m, k);
        soft.diviColumnVector(soft.sum(true, 1));
        for (double smoothing : new double[] {0, 0.1}) {
            agree("softmaxCrossEntropy", (ops, mk) -> {
                Results r = new Results();
                INDArray grad = mk.out(m, k);
                INDArray softmax = mk.out(m, k);
                r.add("loss one-hot", ops.softmaxCrossEntropy(mk.of(oneHot), false, smoothing, mk.of(z), grad,
                        softmax));
                r.add("grad one-hot", grad).add("softmax", softmax);
                r.add("loss probabilities", ops.softmaxCrossEntropy(mk.of(soft), false, smoothing, mk.of(z), grad,
                        null));
                r.add("grad probabilities", grad);
                r.add("loss ids", ops.softmaxCrossEntropy(mk.of(ids), true, smoothing, mk.of(z), grad, null));
                r.add("grad ids", grad);
                return r.add("loss without gradient", ops.softmaxCrossEntropy(mk.of(ids), true, smoothing, mk.of(z),
                        null, null));
            });
        }
    }

    /** The softmax a cross-entropy hands back is the one {@link Ops#softmax} computes, to the last bit. */
    @Test
    void softmaxOfTheCrossEntropyIsSoftmaxExactly() {
        INDArray z = logits(19, 6, 4);
        INDArray ids = classIds(20, 6, 4);
        for (Ops ops : new Ops[] {HOST, PORTABLE}) {
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                Maker mk = new Maker(Layout.CONTIGUOUS, type);
                INDArray fromLoss = mk.out(6, 4);
                ops.softmaxCrossEntropy(mk.of(ids), true, 0, mk.of(z), null, fromLoss);
                INDArray direct = mk.out(6, 4);
                ops.softmax(mk.of(z), direct);
                // Element by element with ==: INDArray.equals would tolerate 1e-5.
                assertTrue(java.util.Arrays.equals(new Results().add("", direct).values.get(0),
                        new Results().add("", fromLoss).values.get(0)), ops.name() + " " + type);
            }
        }
    }

    @Test
    void categoricalCrossEntropyAgreesIncludingClippedProbabilities() {
        int m = 8;
        int k = 4;
        // Unnormalised rows; row 0 has a q below ε and row 1 one above 1 − ε, so that the clip is active.
        INDArray p = uniform(21, 0.05, 2, m, k);
        p.putRow(0, Nd4j.createFromArray(1e-12, 0.5, 0.3, 0.2));
        p.putRow(1, Nd4j.createFromArray(1.0, 1e-9, 0.0, 1e-10));
        INDArray ids = classIds(22, m, k);
        ids.putScalar(0, 0, 0); // the clipped class of row 0 is the target
        INDArray oneHot = oneHot(ids, k);
        for (double smoothing : new double[] {0, 0.2}) {
            agree("categoricalCrossEntropy", (ops, mk) -> {
                Results r = new Results();
                INDArray grad = mk.out(m, k);
                r.add("loss one-hot", ops.categoricalCrossEntropy(mk.of(oneHot), false, smoothing, mk.of(p), 1e-7,
                        grad));
                r.add("grad one-hot", grad);
                r.add("loss ids", ops.categoricalCrossEntropy(mk.of(ids), true, smoothing, mk.of(p), 1e-7, grad));
                r.add("grad ids", grad);
                return r.add("loss ε = 0", ops.categoricalCrossEntropy(mk.of(oneHot), false, smoothing, mk.of(p), 0,
                        null));
            });
        }
    }

    @Test
    void binaryCrossEntropiesAgreeIncludingLargeLogitsAndClippedProbabilities() {
        INDArray z = gaussian(23, 7, 3).muli(4);
        z.putRow(0, Nd4j.createFromArray(1000.0, -1000, 40));
        z.putRow(1, Nd4j.createFromArray(-40.0, 30, 0));
        INDArray t = uniform(24, 0, 1, 7, 3);
        t.putRow(0, Nd4j.createFromArray(1.0, 0, 1));
        t.putRow(1, Nd4j.createFromArray(0.0, 1, 0.5));
        INDArray p = uniform(25, 0, 1, 7, 3);
        p.putRow(0, Nd4j.createFromArray(0.0, 1, 1e-9));
        for (double smoothing : new double[] {0, 0.1}) {
            agree("sigmoidCrossEntropy", (ops, mk) -> {
                INDArray grad = mk.out(7, 3);
                double loss = ops.sigmoidCrossEntropy(mk.of(t), smoothing, mk.of(z), grad);
                return new Results().add("loss", loss).add("grad", grad);
            });
            agree("binaryCrossEntropy", (ops, mk) -> {
                INDArray grad = mk.out(7, 3);
                double loss = ops.binaryCrossEntropy(mk.of(t), smoothing, mk.of(p), 1e-7, grad);
                return new Results().add("loss", loss).add("grad", grad);
            });
        }
    }

    @Test
    void meanSquaredErrorAgrees() {
        INDArray y = gaussian(26, 11, 3);
        INDArray yHat = gaussian(27, 11, 3);
        agree("meanSquaredError", (ops, mk) -> {
            INDArray grad = mk.out(11, 3);
            double loss = ops.meanSquaredError(mk.of(y), mk.of(yHat), grad);
            return new Results().add("loss", loss).add("grad", grad)
                    .add("loss without gradient", ops.meanSquaredError(mk.of(y), mk.of(yHat), null));
        });
    }

    /** Bad class ids are refused by both engines with the same message, naming the first bad id. */
    @ParameterizedTest
    @ValueSource(doubles = {2.5, -1, 3, Double.NaN, 0.1})
    void badClassIdsAreRefusedAlike(double bad) {
        INDArray ids = Nd4j.createFromArray(0.0, 2, bad, 1, 7).reshape(5, 1);
        INDArray z = gaussian(28, 5, 3);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Maker mk = new Maker(Layout.CONTIGUOUS, type);
            String expected = "sparse_categorical_crossentropy: label " + ids.castTo(type).getDouble(2)
                    + " is not a class id in [0, 3)";
            for (Ops ops : new Ops[] {HOST, PORTABLE}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> ops.softmaxCrossEntropy(mk.of(ids), true, 0, mk.of(z), mk.out(5, 3), null));
                assertEquals(expected, e.getMessage(), ops.name() + " " + type);
                IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                        () -> ops.categoricalCrossEntropy(mk.of(ids), true, 0, mk.of(z).add(5), 1e-7, null));
                assertEquals(expected, c.getMessage(), ops.name() + " " + type);
            }
        }
    }

    // ------------------------------------------------------------------ metrics

    @Test
    void metricsAgreeIncludingTies() {
        INDArray p = gaussian(29, 12, 4);
        p.putRow(0, Nd4j.createFromArray(0.4, 0.4, 0.2, 0.0)); // a tie: the first column counts
        p.putRow(1, Nd4j.createFromArray(0.1, 0.3, 0.3, 0.3));
        INDArray ids = classIds(30, 12, 4);
        ids.putScalar(0, 0, 0);
        ids.putScalar(1, 0, 2);
        INDArray oneHot = oneHot(ids, 4);
        INDArray probabilities = uniform(31, 0, 1, 12, 4);
        INDArray binary = uniform(32, 0, 1, 12, 4);
        agree("countArgMaxMatches/countThresholdMatches", (ops, mk) -> new Results()
                .add("ids", ops.countArgMaxMatches(mk.of(p), mk.of(ids), true))
                .add("one-hot", ops.countArgMaxMatches(mk.of(p), mk.of(oneHot), false))
                .add("threshold 0.5", ops.countThresholdMatches(mk.of(probabilities), mk.of(binary), 0.5))
                .add("threshold 0.1", ops.countThresholdMatches(mk.of(probabilities), mk.of(binary), 0.1)));
    }

    @Test
    void aucBucketsAndTopKAgreeIncludingTiesAndEdges() {
        INDArray p = gaussian(37, 12, 4);
        p.putRow(0, Nd4j.createFromArray(0.4, 0.4, 0.2, 0.0)); // ties at the top-2 boundary
        p.putRow(1, Nd4j.createFromArray(0.1, 0.3, 0.3, 0.3));
        INDArray ids = classIds(38, 12, 4);
        ids.putScalar(1, 0, 0);
        INDArray oneHot = oneHot(ids, 4);
        INDArray probabilities = uniform(39, -0.2, 1.2, 12, 4); // some outside [0, 1], clipped
        probabilities.putScalar(0, 0, 0.5);                     // exactly on a threshold of 3
        probabilities.putScalar(0, 1, 0.0);
        probabilities.putScalar(0, 2, 1.0);
        INDArray labels = uniform(40, 0, 1, 12, 4).gt(0.5).castTo(DataType.DOUBLE);
        agree("thresholdBuckets/countTopKMatches", (ops, mk) -> {
            double[] positives = new double[3];
            double[] negatives = new double[3];
            double[] positives200 = new double[200];
            double[] negatives200 = new double[200];
            ops.thresholdBuckets(mk.of(probabilities), mk.of(labels), positives, negatives);
            ops.thresholdBuckets(mk.of(probabilities), mk.of(labels), positives200, negatives200);
            return new Results()
                    .add("positives", Nd4j.createFromArray(positives))
                    .add("negatives", Nd4j.createFromArray(negatives))
                    .add("positives 200", Nd4j.createFromArray(positives200))
                    .add("negatives 200", Nd4j.createFromArray(negatives200))
                    .add("top-2 ids", ops.countTopKMatches(mk.of(p), mk.of(ids), 2, true))
                    .add("top-1 one-hot", ops.countTopKMatches(mk.of(p), mk.of(oneHot), 1, false))
                    .add("top-3 one-hot", ops.countTopKMatches(mk.of(p), mk.of(oneHot), 3, false));
        });
    }

    // ------------------------------------------------------------------ optimizers

    /** Three Adam steps, then θ and every state array, with and without amsgrad. */
    @Test
    void adamAgreesWithAndWithoutAmsgrad() {
        int n = 23;
        INDArray theta = gaussian(33, n);
        INDArray[] gradients = {gaussian(34, n), gaussian(35, n).muli(3), gaussian(36, n).muli(0.01)};
        for (boolean amsgrad : new boolean[] {false, true}) {
            agree("adam" + (amsgrad ? " amsgrad" : ""), (ops, mk) -> {
                INDArray values = mk.of(theta);
                Slots state = ops.slots(amsgrad ? 3 : 2, n, mk.type);
                for (int step = 1; step <= 3; step++) {
                    double alpha = 1e-2 * Math.sqrt(1 - Math.pow(0.999, step)) / (1 - Math.pow(0.9, step));
                    ops.adam(values, mk.of(gradients[step - 1]), state, alpha, 0.9, 0.999, 1e-7, amsgrad);
                }
                Results r = new Results().add("theta", values);
                for (int i = 0; i < state.count(); i++) {
                    r.add("slot " + i, state.get(i));
                }
                return r;
            });
        }
    }

    @Test
    void sgdAgreesPlainWithMomentumAndNesterov() {
        int n = 17;
        INDArray theta = gaussian(37, n);
        INDArray[] gradients = {gaussian(38, n), gaussian(39, n), gaussian(40, n)};
        for (int variant = 0; variant < 3; variant++) {
            boolean momentum = variant > 0;
            boolean nesterov = variant == 2;
            agree("sgd" + (nesterov ? " nesterov" : momentum ? " momentum" : ""), (ops, mk) -> {
                INDArray values = mk.of(theta);
                Slots velocity = momentum ? ops.slots(1, n, mk.type) : null;
                for (INDArray g : gradients) {
                    ops.sgd(values, mk.of(g), velocity, 0.05, momentum ? 0.9 : 0, nesterov);
                }
                Results r = new Results().add("theta", values);
                return momentum ? r.add("velocity", velocity.get(0)) : r;
            });
        }
    }

    /**
     * The host engine hands a θ it cannot read in place (a column view) to the portable ops with its own slots; the
     * portable ops update them through {@link Slots#get} and {@link Slots#set}.
     */
    @Test
    void hostSlotsUpdatedThroughThePortableOps() {
        int n = 9;
        INDArray theta = gaussian(41, n);
        INDArray g = gaussian(42, n);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Maker contiguous = new Maker(Layout.CONTIGUOUS, type);
            INDArray expected = contiguous.of(theta);
            Slots expectedState = HOST.slots(3, n, type);
            HOST.adam(expected, contiguous.of(g), expectedState, 1e-2, 0.9, 0.999, 1e-7, true);
            HOST.adam(expected, contiguous.of(g), expectedState, 1e-2, 0.9, 0.999, 1e-7, true);
            Maker column = new Maker(Layout.COLUMN_VIEW, type);
            INDArray actual = column.of(theta);
            Slots state = HOST.slots(3, n, type);
            HOST.adam(actual, column.of(g), state, 1e-2, 0.9, 0.999, 1e-7, true);
            HOST.adam(actual, column.of(g), state, 1e-2, 0.9, 0.999, 1e-7, true);
            column.checkGuards();
            Results e = new Results().add("theta", expected);
            Results a = new Results().add("theta", actual);
            for (int i = 0; i < 3; i++) {
                e.add("slot " + i, expectedState.get(i));
                a.add("slot " + i, state.get(i));
            }
            compare("adam through host slots", "portable with host slots", type, e, a);
        }
    }

    // ------------------------------------------------------------------ data

    @Test
    void gatherRowsAgrees() {
        INDArray source = gaussian(43, 10, 6);
        int[] index = {9, 4, 4, 0, 7, 2, 5};
        agree("gatherRows", (ops, mk) -> {
            INDArray target = mk.out(5, 6);
            ops.gatherRows(mk.of(source), index, 2, 4, target);
            return new Results().add("target", target);
        });
    }

    /** Arrays of rank 3 are batches of their first axis: [m, a, b] is seen as [m, a·b], as the host engine sees it. */
    @Test
    void rank3ArraysAreRowsOfTheirFirstAxis() {
        INDArray source = gaussian(44, 10, 2, 3);
        INDArray z = gaussian(45, 4, 2, 3);
        INDArray ids = classIds(46, 4, 6);
        agree("rank 3", (ops, mk) -> {
            INDArray target = mk.out(5, 2, 3);
            ops.gatherRows(mk.of(source), new int[] {3, 9, 0}, 0, 3, target);
            INDArray softmax = mk.out(4, 2, 3);
            ops.softmax(mk.of(z), softmax);
            INDArray grad = mk.out(4, 2, 3);
            double loss = ops.softmaxCrossEntropy(mk.of(ids), true, 0, mk.of(z), grad, null);
            INDArray sums = mk.out(6);
            ops.sumRows(mk.of(z), sums);
            return new Results().add("gathered", target).add("softmax", softmax).add("loss", loss).add("grad", grad)
                    .add("sumRows", sums);
        });
    }

    /** Slots start at zero, take values of any floating type and shape, and hand back copies in their own type. */
    @Test
    void slotsSetAndGetRoundTrip() {
        INDArray values = gaussian(47, 2, 3);
        agree("slots set/get", (ops, mk) -> {
            Slots slots = ops.slots(2, 6, mk.type);
            Results r = new Results().add("zero", slots.get(1));
            slots.set(0, mk.of(values));
            INDArray copy = slots.get(0);
            copy.assign(99);
            assertEquals(mk.type, slots.get(0).dataType());
            assertEquals(2, slots.count());
            assertEquals(6, slots.size());
            assertThrows(IllegalArgumentException.class, () -> slots.set(1, Nd4j.zeros(DataType.DOUBLE, 5)));
            return r.add("set from a float64 [2, 3]", slots.get(0).castTo(DataType.DOUBLE));
        });
    }

    // ------------------------------------------------------------------ values derived by hand, on both engines

    @FunctionalInterface
    private interface EngineCheck {
        void run(Ops ops, Maker mk, String where);
    }

    /** Runs a check on each engine, in each layout and type (the maker hands out arrays in its layout). */
    private static void onEveryEngine(EngineCheck check) {
        for (Ops ops : new Ops[] {HOST, PORTABLE}) {
            for (Layout layout : Layout.values()) {
                for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                    Maker mk = new Maker(layout, type);
                    check.run(ops, mk, ops.name() + " " + layout + " " + type + ": ");
                    mk.checkGuards();
                }
            }
        }
    }

    /** The tolerance of a hand-derived value in the maker's type: a few ulps. */
    private static double ulps(Maker mk, double value) {
        return (mk.type == DataType.FLOAT ? 4e-7 : 1e-15) * Math.max(1, Math.abs(value));
    }

    /** softmax([0, ln 2]) = [1, 2] / 3; softmax([1000, −1000]) = [1, 0], no NaN. */
    @Test
    void softmaxOfZeroAndLn2IsOneThirdAndTwoThirds() {
        onEveryEngine((ops, mk, where) -> {
            INDArray a = mk.out(2, 2);
            ops.softmax(mk.of(Nd4j.createFromArray(new double[][] {{0, Math.log(2)}, {1000, -1000}})), a);
            assertEquals(1 / 3.0, a.getDouble(0, 0), ulps(mk, 1), where);
            assertEquals(2 / 3.0, a.getDouble(0, 1), ulps(mk, 1), where);
            assertEquals(1.0, a.getDouble(1, 0), 0, where);
            assertEquals(0.0, a.getDouble(1, 1), 0, where);
        });
    }

    /**
     * Logits [0, 40], class 0: L = log(1 + e^40) = 40 + log(1 + e^−40) = 40 to double precision; gradient
     * (softmax − t) = [e^−40/(1 + e^−40) − 1, 1/(1 + e^−40)] = [−1, 1]. Logits [1000, −1000], class 1: L = 2000,
     * gradient [1, −1]. Both over a batch of 2: the mean, and gradients divided by m = 2.
     */
    @Test
    void crossEntropyOfLargeLogitsIsExact() {
        onEveryEngine((ops, mk, where) -> {
            INDArray z = mk.of(Nd4j.createFromArray(new double[][] {{0, 40}, {1000, -1000}}));
            for (boolean ids : new boolean[] {true, false}) {
                INDArray t = mk.of(ids ? Nd4j.createFromArray(new double[][] {{0}, {1}})
                        : Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}}));
                INDArray grad = mk.out(2, 2);
                double loss = ops.softmaxCrossEntropy(t, ids, 0, z, grad, null);
                assertEquals((40 + 2000) / 2.0, loss, 1e-12, where + "loss");
                double[] g = grad.castTo(DataType.DOUBLE).dup('c').reshape(4).toDoubleVector();
                double[] expected = {-0.5, 0.5, 0.5, -0.5};
                for (int i = 0; i < 4; i++) {
                    assertEquals(expected[i], g[i], ulps(mk, 1), where + "grad " + i);
                }
            }
        });
    }

    /**
     * Logits [0, 0] with one-hot [1, 0] smoothed by s = 0.2 over k = 2: targets [0.9, 0.1]; L = ln 2 (both
     * log-softmaxes are −ln 2 and the targets sum to 1); gradient [0.5 − 0.9, 0.5 − 0.1] = [−0.4, 0.4].
     */
    @Test
    void labelSmoothingMovesTheTargetsTowardsUniform() {
        onEveryEngine((ops, mk, where) -> {
            INDArray grad = mk.out(1, 2);
            double loss = ops.softmaxCrossEntropy(mk.of(Nd4j.createFromArray(new double[][] {{1, 0}})), false, 0.2,
                    mk.of(Nd4j.zeros(DataType.DOUBLE, 1, 2)), grad, null);
            assertEquals(Math.log(2), loss, ulps(mk, 1), where);
            assertEquals(-0.4, grad.getDouble(0, 0), ulps(mk, 1), where);
            assertEquals(0.4, grad.getDouble(0, 1), ulps(mk, 1), where);
        });
    }

    /** p = [0.5, 1.5] (sum 2, so q = [0.25, 0.75]), class 1: L = −ln 0.75; ∂L/∂p = (1 − [0, 1/0.75]) / 2. */
    @Test
    void categoricalCrossEntropyNormalisesTheRowFirst() {
        onEveryEngine((ops, mk, where) -> {
            INDArray grad = mk.out(1, 2);
            double loss = ops.categoricalCrossEntropy(mk.of(Nd4j.createFromArray(new double[][] {{1}})), true, 0,
                    mk.of(Nd4j.createFromArray(new double[][] {{0.5, 1.5}})), 1e-7, grad);
            assertEquals(-Math.log(0.75), loss, ulps(mk, 1), where);
            assertEquals(0.5, grad.getDouble(0, 0), ulps(mk, 1), where);
            assertEquals((1 - 1 / 0.75) / 2, grad.getDouble(0, 1), ulps(mk, 1), where);
        });
    }

    /**
     * Sigmoid cross-entropy of z = [1000, −1000, 1000] against t = [0, 1, 1]: losses [1000, 1000, 0], mean 2000/3;
     * gradients (σ(z) − t)/3 = [1, −1, 0]/3. Binary cross-entropy of p = 0.8, t = 1: −ln 0.8, gradient
     * (0.8 − 1)/(0.8·0.2) = −1.25.
     */
    @Test
    void binaryCrossEntropiesOfHandValues() {
        onEveryEngine((ops, mk, where) -> {
            INDArray grad = mk.out(3);
            double loss = ops.sigmoidCrossEntropy(mk.of(Nd4j.createFromArray(0.0, 1, 1)), 0,
                    mk.of(Nd4j.createFromArray(1000.0, -1000, 1000)), grad);
            assertEquals(2000 / 3.0, loss, 1e-12, where);
            assertEquals(1 / 3.0, grad.getDouble(0), ulps(mk, 1), where);
            assertEquals(-1 / 3.0, grad.getDouble(1), ulps(mk, 1), where);
            assertEquals(0.0, grad.getDouble(2), 0, where);
            INDArray g = mk.out(1);
            assertEquals(-Math.log(0.8), ops.binaryCrossEntropy(mk.of(Nd4j.createFromArray(1.0)), 0,
                    mk.of(Nd4j.createFromArray(0.8)), 1e-7, g), ulps(mk, 1), where);
            assertEquals(-1.25, g.getDouble(0), ulps(mk, 2), where);
        });
    }

    /** ŷ = [1, 2], y = [0, 0]: L = (1 + 4)/2 = 2.5, gradient 2(ŷ − y)/2 = [1, 2]. */
    @Test
    void meanSquaredErrorOfHandValues() {
        onEveryEngine((ops, mk, where) -> {
            INDArray grad = mk.out(2);
            assertEquals(2.5, ops.meanSquaredError(mk.of(Nd4j.zeros(DataType.DOUBLE, 2)),
                    mk.of(Nd4j.createFromArray(1.0, 2)), grad), 0, where);
            assertEquals(1.0, grad.getDouble(0), 0, where);
            assertEquals(2.0, grad.getDouble(1), 0, where);
        });
    }

    /** relu'(0) = 0 (as Keras), relu'(z) = 1 above; relu(−2) = 0. */
    @Test
    void reluGradientAtZeroIsZero() {
        onEveryEngine((ops, mk, where) -> {
            INDArray a = mk.out(3);
            ops.relu(mk.of(Nd4j.createFromArray(-2.0, 0, 3)), a);
            INDArray gradZ = mk.out(3);
            ops.reluGrad(a, mk.of(Nd4j.createFromArray(5.0, 6, 7)), gradZ);
            assertEquals(0.0, a.getDouble(0), 0, where);
            assertEquals(0.0, gradZ.getDouble(0), 0, where);
            assertEquals(0.0, gradZ.getDouble(1), 0, where + "relu'(0)");
            assertEquals(7.0, gradZ.getDouble(2), 0, where);
        });
    }

    /**
     * σ(±1000) = 1 and 0 without overflow, σ(0) = 1/2, σ(−710) = e^−710/(1 + e^−710) = e^−710 (subnormal in float64,
     * 0 in float32); tanh(±1000) = ±1; tanh(1e−10) = 1e−10 − 3e−31, which is 1e−10 to double precision.
     */
    @Test
    void sigmoidAndTanhAtTheExtremes() {
        onEveryEngine((ops, mk, where) -> {
            INDArray s = mk.out(5);
            ops.sigmoid(mk.of(Nd4j.createFromArray(1000.0, -1000, 0, -710, 2)), s);
            assertEquals(1.0, s.getDouble(0), 0, where);
            assertEquals(0.0, s.getDouble(1), 0, where);
            assertEquals(0.5, s.getDouble(2), 0, where);
            double tail = mk.type == DataType.FLOAT ? 0 : Math.exp(-710);
            assertEquals(tail, s.getDouble(3), tail * 1e-15, where + "σ(−710)");
            assertEquals(1 / (1 + Math.exp(-2)), s.getDouble(4), ulps(mk, 1), where);
            INDArray t = mk.out(4);
            ops.tanh(mk.of(Nd4j.createFromArray(1000.0, -1000, 1e-10, 0.5)), t);
            assertEquals(1.0, t.getDouble(0), 0, where);
            assertEquals(-1.0, t.getDouble(1), 0, where);
            double small = (mk.type == DataType.FLOAT ? (float) 1e-10 : 1e-10);
            assertEquals(small, t.getDouble(2), small * ulps(mk, 1), where + "tanh(1e-10)");
            assertEquals(Math.tanh(0.5), t.getDouble(3), ulps(mk, 1), where);
        });
    }

    /** clip(a, −1, 1) of [NaN, −5, 0.5, 5, +∞, −∞] = [NaN, −1, 0.5, 1, 1, −1]. */
    @Test
    void clipKeepsNaN() {
        onEveryEngine((ops, mk, where) -> {
            INDArray out = mk.out(6);
            ops.clip(mk.of(Nd4j.createFromArray(Double.NaN, -5, 0.5, 5, Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY)), -1, 1, out);
            assertTrue(Double.isNaN(out.getDouble(0)), where + "NaN");
            double[] expected = {-1, 0.5, 1, 1, -1};
            for (int i = 0; i < 5; i++) {
                assertEquals(expected[i], out.getDouble(i + 1), 0, where + i);
            }
        });
    }

    /**
     * Ties go to the first column: [0.4, 0.4, 0.2] matches class 0, not class 1. The threshold is compared in
     * float64: the float32 0.1f is 0.10000000149 &gt; 0.1, so it counts as above 0.1, as a target of 1 does.
     */
    @Test
    void argMaxTiesGoToTheFirstColumnAndThresholdsCompareInFloat64() {
        onEveryEngine((ops, mk, where) -> {
            INDArray p = mk.of(Nd4j.createFromArray(new double[][] {{0.4, 0.4, 0.2}, {0.4, 0.4, 0.2}}));
            assertEquals(1, ops.countArgMaxMatches(p, mk.of(Nd4j.createFromArray(new double[][] {{0}, {1}})), true),
                    where);
            // 0.1 in float64 is not above 0.1; rounded to float32 it is.
            long expected = mk.type == DataType.FLOAT ? 2 : 1;
            assertEquals(expected, ops.countThresholdMatches(mk.of(Nd4j.createFromArray(0.1, 0.7)),
                    mk.of(Nd4j.createFromArray(1.0, 1.0)), 0.1), where);
        });
    }

    /**
     * A first Adam step moves each weight by about the learning rate against its gradient's sign: m = (1 − β1)g,
     * v = (1 − β2)g², and α = lr·√(1 − β2)/(1 − β1) makes α·m/√v = lr·sign(g); ε = 1e-7 takes off
     * ε/(√(1 − β2)|g|) of it, at most 6.3e-6 here (|g| = 0.5).
     */
    @Test
    void firstAdamStepMovesEachWeightByTheLearningRate() {
        onEveryEngine((ops, mk, where) -> {
            INDArray theta = mk.of(Nd4j.createFromArray(1.0, -2, 3));
            Slots state = ops.slots(2, 3, mk.type);
            double lr = 1e-3;
            ops.adam(theta, mk.of(Nd4j.createFromArray(0.5, -4, 10)), state,
                    lr * Math.sqrt(1 - 0.999) / (1 - 0.9), 0.9, 0.999, 1e-7, false);
            double[] expected = {1 - lr, -2 + lr, 3 - lr};
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[i], theta.getDouble(i), 1e-5 * lr + ulps(mk, 3), where + i);
            }
        });
    }

    /**
     * θ = 1, g = 1, lr = 0.1, momentum 0.9. Momentum: u = −0.1, θ = 0.9; then u = −0.09 − 0.1 = −0.19, θ = 0.71.
     * Nesterov: the first step adds 0.9·(−0.1) − 0.1 = −0.19, θ = 0.81.
     */
    @Test
    void sgdWithMomentumAndNesterovByHand() {
        onEveryEngine((ops, mk, where) -> {
            INDArray theta = mk.of(Nd4j.createFromArray(1.0));
            Slots velocity = ops.slots(1, 1, mk.type);
            ops.sgd(theta, mk.of(Nd4j.createFromArray(1.0)), velocity, 0.1, 0.9, false);
            assertEquals(0.9, theta.getDouble(0), ulps(mk, 1), where);
            ops.sgd(theta, mk.of(Nd4j.createFromArray(1.0)), velocity, 0.1, 0.9, false);
            assertEquals(0.71, theta.getDouble(0), ulps(mk, 1), where);
            assertEquals(-0.19, velocity.get(0).getDouble(0), ulps(mk, 1), where);
            INDArray nesterov = mk.of(Nd4j.createFromArray(1.0));
            ops.sgd(nesterov, mk.of(Nd4j.createFromArray(1.0)), ops.slots(1, 1, mk.type), 0.1, 0.9, true);
            assertEquals(0.81, nesterov.getDouble(0), ulps(mk, 1), where);
        });
    }

    /** Rows index[1..3] = 3, 0, 0 of [[0, 1], [2, 3], [4, 5], [6, 7]] into the first 3 rows of a 4-row target. */
    @Test
    void gatherRowsCopiesTheIndexedRows() {
        onEveryEngine((ops, mk, where) -> {
            INDArray source = mk.of(Nd4j.createFromArray(new double[][] {{0, 1}, {2, 3}, {4, 5}, {6, 7}}));
            INDArray target = mk.of(Nd4j.valueArrayOf(new long[] {4, 2}, -1.0, DataType.DOUBLE));
            ops.gatherRows(source, new int[] {2, 3, 0, 0}, 1, 3, target);
            double[] expected = {6, 7, 0, 1, 0, 1, -1, -1};
            double[] actual = target.castTo(DataType.DOUBLE).dup('c').reshape(8).toDoubleVector();
            for (int i = 0; i < 8; i++) {
                assertEquals(expected[i], actual[i], 0, where + i);
            }
        });
    }
}
