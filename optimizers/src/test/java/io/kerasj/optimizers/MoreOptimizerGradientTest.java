package io.kerasj.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.core.BaseOptimizer;
import io.kerasj.core.Catalog;
import io.kerasj.core.Optimizer;
import io.kerasj.core.Parameters;
import io.kerasj.ops.Ops;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RMSprop, Adagrad, Adadelta, Nadam, Adamax, AdamW and the decoupled weight decay of every optimizer, checked against
 * Keras 3's rules written out below by hand, one scalar weight at a time, in float64. Named to match
 * {@code *Gradient*Test} so that the build runs it on both engines (host, and portable under -Dkerasj.ops=portable).
 */
class MoreOptimizerGradientTest {

    /** The engine of the backend in use: the host one, or the portable one under -Dkerasj.ops=portable. */
    private static final Ops OPS = Ops.forBackend();

    private static final double[] THETA = {0.3, -0.7, 1.1};
    /** Gradients of steps 1–4 for the three weights: both signs, a zero, a gradient that shrinks. */
    private static final double[][] GRADIENTS = {
            {0.4, -1.2, 2.5},
            {-0.3, 0.8, 0.0},
            {0.6, 0.05, -1.5},
            {0.2, -0.4, 0.9}};

    /** The rule for one scalar weight, written from Keras 3's update_step: a new instance holds fresh state. */
    interface Rule {
        /** θ after step t (1, 2, …) with gradient g, for weight i. */
        double step(int i, double theta, double g, int t);
    }

    /** An optimizer under test, made with a given weight decay, and its hand-written rule (without the decay). */
    record Case(String name, DoubleFunction<BaseOptimizer> make, Supplier<Rule> rule, double learningRate) {
        @Override public String toString() { return name; }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("rmsprop", wd -> new RMSprop(0.01, 0.8, 0.0, 1e-3, false, wd, 0, 0),
                        () -> rmsprop(0.01, 0.8, 0.0, 1e-3, false), 0.01),
                new Case("rmsprop momentum", wd -> new RMSprop(0.01, 0.8, 0.5, 1e-3, false, wd, 0, 0),
                        () -> rmsprop(0.01, 0.8, 0.5, 1e-3, false), 0.01),
                new Case("rmsprop centered momentum", wd -> new RMSprop(0.01, 0.8, 0.5, 1e-3, true, wd, 0, 0),
                        () -> rmsprop(0.01, 0.8, 0.5, 1e-3, true), 0.01),
                new Case("rmsprop centered", wd -> new RMSprop(0.01, 0.8, 0.0, 1e-3, true, wd, 0, 0),
                        () -> rmsprop(0.01, 0.8, 0.0, 1e-3, true), 0.01),
                new Case("adagrad", wd -> new Adagrad(0.1, 0.1, 1e-3, wd, 0, 0),
                        () -> adagrad(0.1, 0.1, 1e-3), 0.1),
                new Case("adagrad from zero", wd -> new Adagrad(0.1, 0.0, 1e-3, wd, 0, 0),
                        () -> adagrad(0.1, 0.0, 1e-3), 0.1),
                new Case("adadelta", wd -> new Adadelta(1.0, 0.9, 1e-2, wd, 0, 0),
                        () -> adadelta(1.0, 0.9, 1e-2), 1.0),
                new Case("adamax", wd -> new Adamax(0.05, 0.8, 0.9, 1e-3, wd, 0, 0),
                        () -> adamax(0.05, 0.8, 0.9, 1e-3), 0.05),
                new Case("nadam", wd -> new Nadam(0.05, 0.8, 0.9, 1e-3, wd, 0, 0),
                        () -> nadam(0.05, 0.8, 0.9, 1e-3), 0.05),
                new Case("nadam keras betas", wd -> new Nadam(0.05, 0.9, 0.999, 1e-3, wd, 0, 0),
                        () -> nadam(0.05, 0.9, 0.999, 1e-3), 0.05),
                new Case("adamw", wd -> new AdamW(0.05, wd, 0.8, 0.9, 1e-3, false, 0, 0),
                        () -> adam(0.05, 0.8, 0.9, 1e-3, false), 0.05),
                new Case("adamw amsgrad", wd -> new AdamW(0.05, wd, 0.8, 0.9, 1e-3, true, 0, 0),
                        () -> adam(0.05, 0.8, 0.9, 1e-3, true), 0.05));
    }

    // ------------------------------------------------------------------ the rules, by hand

    /**
     * v ← ρv + (1 − ρ)g²; centered: a ← ρa + (1 − ρ)g, d = v − a² + ε, else d = v + ε; Δ = lr·g/√d;
     * momentum: u ← μu + Δ, θ ← θ − u; else θ ← θ − Δ.
     */
    static Rule rmsprop(double lr, double rho, double mu, double eps, boolean centered) {
        double[] v = new double[3], a = new double[3], u = new double[3];
        return (i, theta, g, t) -> {
            v[i] = rho * v[i] + (1 - rho) * g * g;
            double d;
            if (centered) {
                a[i] = rho * a[i] + (1 - rho) * g;
                d = v[i] - a[i] * a[i] + eps;
            } else {
                d = v[i] + eps;
            }
            double increment = lr * g / Math.sqrt(d);
            if (mu > 0) {
                u[i] = mu * u[i] + increment;
                return theta - u[i];
            }
            return theta - increment;
        };
    }

    /** A ← A + g² (A from a0); θ ← θ − lr·g/√(A + ε). */
    static Rule adagrad(double lr, double a0, double eps) {
        double[] acc = {a0, a0, a0};
        return (i, theta, g, t) -> {
            acc[i] += g * g;
            return theta - lr * g / Math.sqrt(acc[i] + eps);
        };
    }

    /** G ← ρG + (1 − ρ)g²; Δ = −√(D + ε)·g/√(G + ε); D ← ρD + (1 − ρ)Δ²; θ ← θ + lr·Δ. */
    static Rule adadelta(double lr, double rho, double eps) {
        double[] gAcc = new double[3], dAcc = new double[3];
        return (i, theta, g, t) -> {
            gAcc[i] = rho * gAcc[i] + (1 - rho) * g * g;
            double delta = -Math.sqrt(dAcc[i] + eps) * g / Math.sqrt(gAcc[i] + eps);
            dAcc[i] = rho * dAcc[i] + (1 - rho) * delta * delta;
            return theta + lr * delta;
        };
    }

    /** m ← m + (1 − β1)(g − m); u ← max(β2u, |g|); θ ← θ − lr·m/((1 − β1^t)(u + ε)). */
    static Rule adamax(double lr, double b1, double b2, double eps) {
        double[] m = new double[3], u = new double[3];
        return (i, theta, g, t) -> {
            m[i] += (1 - b1) * (g - m[i]);
            u[i] = Math.max(b2 * u[i], Math.abs(g));
            return theta - lr * m[i] / ((1 - Math.pow(b1, t)) * (u[i] + eps));
        };
    }

    /**
     * μ_s = β1(1 − ½·0.96^s), P_t = μ_1⋯μ_t; m ← m + (1 − β1)(g − m); v ← v + (1 − β2)(g² − v);
     * m̂ = μ_{t+1}m/(1 − P_t·μ_{t+1}) + (1 − μ_t)g/(1 − P_t); v̂ = v/(1 − β2^t); θ ← θ − lr·m̂/(√v̂ + ε).
     */
    static Rule nadam(double lr, double b1, double b2, double eps) {
        double[] m = new double[3], v = new double[3];
        return (i, theta, g, t) -> {
            double product = 1;
            for (int s = 1; s <= t; s++) {
                product *= b1 * (1 - 0.5 * Math.pow(0.96, s));
            }
            double muT = b1 * (1 - 0.5 * Math.pow(0.96, t));
            double muNext = b1 * (1 - 0.5 * Math.pow(0.96, t + 1));
            m[i] += (1 - b1) * (g - m[i]);
            v[i] += (1 - b2) * (g * g - v[i]);
            double mHat = muNext * m[i] / (1 - product * muNext) + (1 - muT) * g / (1 - product);
            double vHat = v[i] / (1 - Math.pow(b2, t));
            return theta - lr * mHat / (Math.sqrt(vHat) + eps);
        };
    }

    /** m ← β1m + (1 − β1)g; v ← β2v + (1 − β2)g²; (v̂ ← max(v̂, v)); θ ← θ − lr·√(1 − β2^t)/(1 − β1^t)·m/(√v + ε). */
    static Rule adam(double lr, double b1, double b2, double eps, boolean amsgrad) {
        double[] m = new double[3], v = new double[3], vHat = new double[3];
        return (i, theta, g, t) -> {
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            vHat[i] = Math.max(vHat[i], v[i]);
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            return theta - alpha * m[i] / (Math.sqrt(amsgrad ? vHat[i] : v[i]) + eps);
        };
    }

    // ------------------------------------------------------------------ helpers

    private static Parameters parameters(DataType type, double... values) {
        INDArray flat = Nd4j.createFromArray(values).castTo(type);
        INDArray grads = flat.ulike().assign(0);
        return new Parameters(flat, grads, List.of(flat), List.of(grads), OPS);
    }

    private static void step(Optimizer optimizer, Parameters p, double... gradient) {
        p.gradients().assign(Nd4j.createFromArray(gradient).castTo(p.gradients().dataType()));
        optimizer.step(p);
    }

    /** The hand rule's θ after {@code steps} steps from THETA, decayed first by (1 − lr·wd) each step. */
    private static double[][] expected(Case c, double weightDecay, int steps) {
        Rule rule = c.rule().get();
        double[] theta = THETA.clone();
        double[][] after = new double[steps][];
        for (int t = 1; t <= steps; t++) {
            for (int i = 0; i < 3; i++) {
                double decayed = theta[i] - c.learningRate() * weightDecay * theta[i];
                theta[i] = rule.step(i, decayed, GRADIENTS[t - 1][i], t);
            }
            after[t - 1] = theta.clone();
        }
        return after;
    }

    // ------------------------------------------------------------------ the tests

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void followsKerasRuleOverThreeStepsInFloat64(Case c) {
        double[][] expected = expected(c, 0.0, 3);
        Parameters p = parameters(DataType.DOUBLE, THETA);
        BaseOptimizer optimizer = c.make().apply(0.0);
        for (int t = 1; t <= 3; t++) {
            step(optimizer, p, GRADIENTS[t - 1]);
            double[] actual = p.values().toDoubleVector();
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[t - 1][i], actual[i], 1e-14, c + ": step " + t + ", weight " + i);
            }
        }
        assertEquals(3, optimizer.iterations());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void followsKerasRuleInFloat32ToFloat32Precision(Case c) {
        double[][] expected = expected(c, 0.0, 3);
        Parameters p = parameters(DataType.FLOAT, THETA);
        BaseOptimizer optimizer = c.make().apply(0.0);
        for (int t = 1; t <= 3; t++) {
            step(optimizer, p, GRADIENTS[t - 1]);
            double[] actual = p.values().toDoubleVector();
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[t - 1][i], actual[i], 1e-6, c + ": step " + t + ", weight " + i);
            }
        }
        assertEquals(DataType.FLOAT, p.values().dataType());
        optimizer.state().values().forEach(a -> assertEquals(DataType.FLOAT, a.dataType(), c.name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decoupledWeightDecayShrinksTheWeightsBeforeTheRule(Case c) {
        double wd = 0.5;
        double[][] expected = expected(c, wd, 3);
        double[][] undecayed = expected(c, 0.0, 3);
        Parameters p = parameters(DataType.DOUBLE, THETA);
        BaseOptimizer optimizer = c.make().apply(wd);
        assertEquals(wd, optimizer.weightDecay());
        assertEquals(wd, optimizer.config().get("weight_decay"));
        for (int t = 1; t <= 3; t++) {
            step(optimizer, p, GRADIENTS[t - 1]);
            double[] actual = p.values().toDoubleVector();
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[t - 1][i], actual[i], 1e-14, c + ": step " + t + ", weight " + i);
            }
        }
        // The decay is visible: after step 1 each weight differs from the undecayed rule by lr·wd·θ0.
        Parameters q = parameters(DataType.DOUBLE, THETA);
        step(c.make().apply(wd), q, GRADIENTS[0]);
        for (int i = 0; i < 3; i++) {
            assertEquals(undecayed[0][i] - c.learningRate() * wd * THETA[i], q.values().getDouble(i), 1e-14);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void savedStateResumesWithIdenticalSteps(Case c) {
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            Parameters p = parameters(type, THETA);
            BaseOptimizer first = c.make().apply(0.1);
            step(first, p, GRADIENTS[0]);
            step(first, p, GRADIENTS[1]);
            Map<String, INDArray> saved = first.state();
            assertTrue(!saved.isEmpty(), c.name());

            BaseOptimizer resumed = c.make().apply(0.1);
            resumed.setState(saved, first.iterations());
            Parameters q = parameters(type, p.values().toDoubleVector());
            assertArrayEquals(p.values().toDoubleVector(), q.values().toDoubleVector());
            for (int t = 3; t <= 4; t++) {
                step(first, p, GRADIENTS[t - 1]);
                step(resumed, q, GRADIENTS[t - 1]);
                assertArrayEquals(p.values().toDoubleVector(), q.values().toDoubleVector(), c + " " + type + " step " + t);
            }
            Map<String, INDArray> a = first.state(), b = resumed.state();
            assertEquals(a.keySet(), b.keySet());
            a.forEach((name, array) -> assertArrayEquals(array.toDoubleVector(), b.get(name).toDoubleVector(), name));
            assertEquals(4, resumed.iterations());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void configRoundTripsThroughTheCatalog(Case c) {
        BaseOptimizer optimizer = c.make().apply(0.25);
        Optimizer copy = Catalog.optimizer(optimizer.name(), optimizer.config());
        assertEquals(optimizer.getClass(), copy.getClass());
        assertEquals(optimizer.config(), copy.config());
        assertEquals(0.25, copy.config().get("weight_decay"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stateOfTheWrongNamesIsRefused(Case c) {
        BaseOptimizer optimizer = c.make().apply(0.0);
        assertThrows(IllegalArgumentException.class,
                () -> optimizer.setState(Map.of("nonsense", Nd4j.zeros(DataType.DOUBLE, 3)), 1));
    }

    // ------------------------------------------------------------------ one behaviour each, numbers by hand

    @Test
    void rmspropFirstStepMovesEachWeightByAboutLearningRateTimesSqrtTen() {
        // v = 0.1·g², Δ = lr·g/√(0.1g² + ε) ≈ lr·√10·sign(g) when g² ≫ ε.
        Parameters p = parameters(DataType.DOUBLE, 1, 1, 1);
        step(new RMSprop(0.01), p, 3.0, -0.5, 0.0);
        assertEquals(1 - 0.01 * Math.sqrt(10), p.values().getDouble(0), 1e-8);
        assertEquals(1 + 0.01 * Math.sqrt(10), p.values().getDouble(1), 1e-7);
        assertEquals(1.0, p.values().getDouble(2), 0.0);
    }

    @Test
    void adagradFirstStepDividesByTheInitialAccumulatorPlusTheSquare() {
        // A = 0.1 + 0.3² = 0.19; θ = 1 − 0.1·0.3/√(0.19 + 1e-7).
        Parameters p = parameters(DataType.DOUBLE, 1, 1, 1);
        step(new Adagrad(0.1), p, 0.3, 0, 0);
        assertEquals(1 - 0.03 / Math.sqrt(0.1900001), p.values().getDouble(0), 1e-15);
        assertEquals(1.0, p.values().getDouble(1), 0.0);
    }

    @Test
    void adadeltaFirstStepIsTinyAtKerasDefaults() {
        // G = 0.05g²; Δ = −√ε·g/√(0.05g² + ε) ≈ −√(1e-7/0.05)·sign(g) = −√2e-6; θ moves by lr·|Δ| ≈ 1.41e-9.
        Parameters p = parameters(DataType.DOUBLE, 1, 1, 1);
        step(new Adadelta(), p, 2.0, 0, 0);
        assertEquals(1 - 0.001 * Math.sqrt(1e-7) * 2 / Math.sqrt(0.05 * 4 + 1e-7), p.values().getDouble(0), 1e-16);
        assertEquals(1 - 0.001 * Math.sqrt(2e-6), p.values().getDouble(0), 1e-12);   // to the approximation
    }

    @Test
    void adamaxFirstStepMovesEachWeightByAboutTheLearningRate() {
        // m = 0.1g, u = |g|; θ ← θ − lr·0.1g/(0.1·(|g| + ε)) ≈ θ − lr·sign(g).
        Parameters p = parameters(DataType.DOUBLE, 1, 1, 1);
        step(new Adamax(0.01), p, 3.0, -0.5, 0);
        assertEquals(1 - 0.01 * 3 / (3 + 1e-7), p.values().getDouble(0), 1e-15);
        assertEquals(1 + 0.01 * 0.5 / (0.5 + 1e-7), p.values().getDouble(1), 1e-15);
    }

    @Test
    void nadamFirstStepUsesTheMomentumCache() {
        // β1 = 0.9: μ1 = 0.9·(1 − 0.48) = 0.468, μ2 = 0.9·(1 − 0.5·0.9216) = 0.48528, P1 = 0.468, P2 = 0.22711104.
        // m = 0.1g, v = 0.001g²: m̂ = 0.48528·0.1g/0.77288896 + 0.532g/0.532, v̂ = g².
        Parameters p = parameters(DataType.DOUBLE, 1, 1, 1);
        step(new Nadam(0.01), p, 2.0, 0, 0);
        double mHat = 0.048528 * 2 / 0.77288896 + 2;
        assertEquals(1 - 0.01 * mHat / (2 + 1e-7), p.values().getDouble(0), 1e-15);
    }

    @Test
    void adamwDecaysByDefault() {
        // With g = 0, Adam leaves θ alone (m = v = 0): only θ ← θ − 0.001·0.004·θ remains.
        Parameters p = parameters(DataType.DOUBLE, 1, -2, 0);
        AdamW adamw = new AdamW();
        step(adamw, p, 0, 0, 0);
        assertArrayEquals(new double[] {1 - 4e-6, -2 + 8e-6, 0}, p.values().toDoubleVector(), 1e-16);
        assertEquals(0.004, adamw.config().get("weight_decay"));
    }

    @Test
    void adamwWithoutDecayMatchesAdamStepForStep() {
        Parameters p = parameters(DataType.DOUBLE, THETA);
        Parameters q = parameters(DataType.DOUBLE, THETA);
        AdamW adamw = new AdamW(0.05, 0.0, 0.8, 0.9, 1e-3, true);
        Adam adam = new Adam(0.05, 0.8, 0.9, 1e-3, true);
        for (double[] g : GRADIENTS) {
            step(adamw, p, g);
            step(adam, q, g);
            assertArrayEquals(q.values().toDoubleVector(), p.values().toDoubleVector());
        }
        assertEquals(0.0, Catalog.optimizer("adamw", adamw.config()).config().get("weight_decay"));
    }

    @Test
    void adamwFollowsAChangedLearningRate() {
        // lr = 0.2 after construction: the decay is 0.2·0.5·θ, and Adam's first step ≈ 0.2.
        Parameters p = parameters(DataType.DOUBLE, 1, 0, 0);
        AdamW adamw = new AdamW(0.01, 0.5);
        adamw.setLearningRate(0.2);
        step(adamw, p, 1.0, 0, 0);
        assertEquals(0.9 - 0.2 * Math.sqrt(0.001) / (Math.sqrt(0.001) + 1e-7), p.values().getDouble(0), 1e-15);
    }

    @Test
    void weightDecayWithAZeroGradientOnlyShrinks() {
        // θ = 2, lr = 0.1, wd = 0.5: θ ← 2 − 0.1·0.5·2 = 1.9, then SGD with g = 0 leaves it.
        Parameters p = parameters(DataType.DOUBLE, 2, -4, 0);
        step(new SGD(0.1, 0, false, 0.5, 0, 0), p, 0, 0, 0);
        assertArrayEquals(new double[] {1.9, -3.8, 0}, p.values().toDoubleVector(), 1e-15);
    }

    @Test
    void adamWithWeightDecayDecaysBeforeTheMoments() {
        // Step 1, g = 0.5: θ ← 1 − 0.01·0.2·1 = 0.998, then Adam moves it by lr·|g|√0.001/(|g|√0.001 + ε).
        Parameters p = parameters(DataType.DOUBLE, 1, 0, 0);
        step(new Adam(0.01, 0.9, 0.999, 1e-7, false, 0.2, 0, 0), p, 0.5, 0, 0);
        double move = 0.01 * 0.5 * Math.sqrt(0.001) / (0.5 * Math.sqrt(0.001) + 1e-7);
        assertEquals(0.998 - move, p.values().getDouble(0), 1e-15);
    }

    @Test
    void weightDecayIsOffByDefaultAndWrittenAsNull() {
        for (String name : List.of("sgd", "adam", "rmsprop", "adagrad", "adadelta", "nadam", "adamax")) {
            Optimizer optimizer = Catalog.optimizer(name);
            assertEquals(0.0, ((BaseOptimizer) optimizer).weightDecay(), name);
            assertTrue(optimizer.config().containsKey("weight_decay") && optimizer.config().get("weight_decay") == null,
                    name);
        }
    }

    @Test
    void negativeWeightDecayIsRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RMSprop(0.001, 0.9, 0, 1e-7, false, -0.1, 0, 0));
        assertTrue(e.getMessage().contains("weightDecay=-0.1"), e.getMessage());
    }

    @Test
    void kerasDefaults() {
        RMSprop rmsprop = (RMSprop) Catalog.optimizer("rmsprop");
        assertEquals(0.001, rmsprop.learningRate());
        assertEquals(0.9, rmsprop.rho());
        assertEquals(0.0, rmsprop.momentum());
        assertEquals(1e-7, rmsprop.epsilon());
        assertEquals(false, rmsprop.centered());
        Adagrad adagrad = (Adagrad) Catalog.optimizer("adagrad");
        assertEquals(0.001, adagrad.learningRate());
        assertEquals(0.1, adagrad.initialAccumulatorValue());
        assertEquals(1e-7, adagrad.epsilon());
        Adadelta adadelta = (Adadelta) Catalog.optimizer("adadelta");
        assertEquals(0.001, adadelta.learningRate());
        assertEquals(0.95, adadelta.rho());
        assertEquals(1e-7, adadelta.epsilon());
        Nadam nadam = (Nadam) Catalog.optimizer("nadam");
        assertEquals(List.of(0.001, 0.9, 0.999, 1e-7),
                List.of(nadam.learningRate(), nadam.beta1(), nadam.beta2(), nadam.epsilon()));
        Adamax adamax = (Adamax) Catalog.optimizer("Adamax");
        assertEquals(List.of(0.001, 0.9, 0.999, 1e-7),
                List.of(adamax.learningRate(), adamax.beta1(), adamax.beta2(), adamax.epsilon()));
        AdamW adamw = (AdamW) Catalog.optimizer("AdamW");
        assertEquals(List.of(0.001, 0.004, 0.9, 0.999, 1e-7),
                List.of(adamw.learningRate(), adamw.weightDecay(), adamw.beta1(), adamw.beta2(), adamw.epsilon()));
        assertEquals(false, adamw.amsgrad());
    }

    @Test
    void badHyperParametersAreRejectedNamingTheOptimizerAndTheValue() {
        assertMessage(() -> new AdamW(0.001, 0.004, 1.0, 0.999, 1e-7, false), "AdamW", "beta1=1.0");
        assertMessage(() -> new Nadam(0.001, 0.9, 1.5, 1e-7), "Nadam", "beta2=1.5");
        assertMessage(() -> new Adamax(0.001, -0.1, 0.999, 1e-7), "Adamax", "beta1=-0.1");
        assertMessage(() -> new Adagrad(0.001, -1, 1e-7), "Adagrad", "initialAccumulatorValue=-1");
        assertMessage(() -> new Adadelta(0.001, 2, 1e-7), "Adadelta", "rho=2");
        assertMessage(() -> new RMSprop(0.001, 0.9, 0, 0, false), "RMSprop", "epsilon=0");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable make, String... parts) {
        String message = assertThrows(IllegalArgumentException.class, make).getMessage();
        for (String part : parts) {
            assertTrue(message.contains(part), message);
        }
    }
}
