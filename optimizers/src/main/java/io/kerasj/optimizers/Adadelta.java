package io.kerasj.optimizers;

import io.kerasj.core.BaseOptimizer;
import io.kerasj.core.Configs;
import io.kerasj.core.LearningRateSchedule;
import io.kerasj.ops.Ops;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adadelta (Zeiler, 2012) with Keras 3's update rule, rms(x) = √(x + ε):
 * <pre>
 * G ← ρ·G + (1 − ρ)·g²                    (accumulated_grad)
 * Δ = −rms(D)·g / rms(G)
 * D ← ρ·D + (1 − ρ)·Δ²                    (accumulated_delta_var)
 * θ ← θ + lr·Δ
 * </pre>
 * Defaults as Keras: learningRate 0.001, rho 0.95, epsilon 1e-7, no weight decay. (The paper has no learning
 * rate, that is lr = 1; Keras's default of 0.001 makes the first steps tiny.)
 */
public final class Adadelta extends BaseOptimizer {

    private static final List<String> NAMES = List.of("accumulated_grad", "accumulated_delta_var");

    private final double rho;
    private final double epsilon;
    /** G and D; one scratch array. */
    private final StateArrays arrays;

    public Adadelta() {
        this(0.001);
    }

    public Adadelta(double learningRate) {
        this(learningRate, 0.95, 1e-7);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public Adadelta(LearningRateSchedule learningRate) {
        this(learningRate, 0.95, 1e-7);
    }

    public Adadelta(double learningRate, double rho, double epsilon) {
        this(learningRate, rho, epsilon, 0.0, 0.0, 0.0);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public Adadelta(LearningRateSchedule learningRate, double rho, double epsilon) {
        this(learningRate, rho, epsilon, 0.0, 0.0, 0.0);
    }

    /** With a constant learning rate &gt; 0. */
    public Adadelta(double learningRate, double rho, double epsilon, double weightDecay, double clipNorm,
                    double clipValue) {
        this(constant(learningRate), rho, epsilon, weightDecay, clipNorm, clipValue);
    }

    /**
     * @param weightDecay decoupled weight decay, θ ← θ − lr·wd·θ before each update (0 = off)
     * @param clipNorm    rescale each weight tensor's gradient to at most this norm (0 = off)
     * @param clipValue   clip each gradient element to [−clipValue, clipValue] (0 = off); not with clipNorm
     */
    public Adadelta(LearningRateSchedule learningRate, double rho, double epsilon, double weightDecay, double clipNorm,
                    double clipValue) {
        super(learningRate, weightDecay, clipNorm, clipValue);
        if (!(rho >= 0 && rho <= 1)) {
            throw new IllegalArgumentException("Adadelta: rho must be in [0, 1]. Received: rho=" + rho);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adadelta: epsilon must be > 0. Received: epsilon=" + epsilon);
        }
        this.rho = rho;
        this.epsilon = epsilon;
        this.arrays = new StateArrays("Adadelta", NAMES, 0.0, 1);
    }

    @Override public String name() { return "adadelta"; }

    public double rho() { return rho; }

    public double epsilon() { return epsilon; }

    @Override protected void update(Ops ops, INDArray theta, INDArray g, long t) {
        INDArray[] a = arrays.forStep(theta);
        INDArray accumulatedGrad = a[0];
        INDArray accumulatedDelta = a[1];
        INDArray d = a[2];
        ops.square(g, d);
        ops.scale(d, 1 - rho, d);
        ops.scale(accumulatedGrad, rho, accumulatedGrad);
        ops.add(accumulatedGrad, d, accumulatedGrad);
        // The gradient buffer is scratch: g becomes −Δ = rms(D)·g / rms(G), with D still the previous step's.
        ops.addScalar(accumulatedDelta, epsilon, d);
        ops.sqrt(d, d);
        ops.mul(d, g, g);
        ops.addScalar(accumulatedGrad, epsilon, d);
        ops.sqrt(d, d);
        ops.div(g, d, g);
        ops.square(g, d);
        ops.scale(d, 1 - rho, d);
        ops.scale(accumulatedDelta, rho, accumulatedDelta);
        ops.add(accumulatedDelta, d, accumulatedDelta);
        ops.scale(g, learningRate(), g);
        ops.sub(theta, g, theta);
    }

    @Override public String toString() {
        return "Adadelta(learningRate=" + learningRate() + ", rho=" + rho + ", epsilon=" + epsilon + ")";
    }

    /** {@link BaseOptimizer#config()} plus {@code rho} and {@code epsilon}. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = super.config();
        config.put("rho", rho);
        config.put("epsilon", epsilon);
        return config;
    }

    /** The optimizer {@link #config()} describes; absent keys take Keras's defaults. */
    public static Adadelta fromConfig(Map<String, Object> config) {
        String type = "Adadelta";
        Configs.checkKeys(type, config, "learning_rate", "rho", "epsilon", "weight_decay", "clipnorm", "clipvalue");
        return new Adadelta(learningRate(type, config, 0.001),
                Configs.number(type, config, "rho", 0.95),
                Configs.number(type, config, "epsilon", 1e-7),
                Configs.number(type, config, "weight_decay", 0.0),
                Configs.number(type, config, "clipnorm", 0.0),
                Configs.number(type, config, "clipvalue", 0.0));
    }

    /** "accumulated_grad" and "accumulated_delta_var", after the first step. */
    @Override public Map<String, INDArray> state() {
        return arrays.state();
    }

    @Override protected void restoreState(Map<String, INDArray> state) {
        arrays.restore(state);
    }
}
