package io.kerasj.optimizers;

import io.kerasj.core.BaseOptimizer;
import io.kerasj.core.Configs;
import io.kerasj.core.LearningRateSchedule;
import io.kerasj.ops.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * RMSprop (Hinton, lecture 6e) with Keras 3's update rule:
 * <pre>
 * v ← ρ·v + (1 − ρ)·g²
 * centered:  a ← ρ·a + (1 − ρ)·g;   d = v − a² + ε
 * otherwise: d = v + ε
 * Δ = lr·g / √d
 * momentum > 0:  u ← momentum·u + Δ;   θ ← θ − u
 * otherwise:     θ ← θ − Δ
 * </pre>
 * ε sits under the square root, as in Keras. Defaults as Keras: learningRate 0.001, rho 0.9, momentum 0.0,
 * epsilon 1e-7, centered false, no weight decay. The default optimizer of Keras's {@code compile}.
 */
public final class RMSprop extends BaseOptimizer {

    private final double rho;
    private final double momentum;
    private final double epsilon;
    private final boolean centered;
    /** velocity (v), then momentum (u) and average_gradient (a) when used; one scratch array. */
    private final StateArrays arrays;

    public RMSprop() {
        this(0.001);
    }

    public RMSprop(double learningRate) {
        this(learningRate, 0.9, 0.0, 1e-7, false);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public RMSprop(LearningRateSchedule learningRate) {
        this(learningRate, 0.9, 0.0, 1e-7, false);
    }

    public RMSprop(double learningRate, double rho, double momentum, double epsilon, boolean centered) {
        this(learningRate, rho, momentum, epsilon, centered, 0.0, 0.0, 0.0);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public RMSprop(LearningRateSchedule learningRate, double rho, double momentum, double epsilon, boolean centered) {
        this(learningRate, rho, momentum, epsilon, centered, 0.0, 0.0, 0.0);
    }

    /** With a constant learning rate &gt; 0. */
    public RMSprop(double learningRate, double rho, double momentum, double epsilon, boolean centered,
                   double weightDecay, double clipNorm, double clipValue) {
        this(constant(learningRate), rho, momentum, epsilon, centered, weightDecay, clipNorm, clipValue);
    }

    /**
     * @param weightDecay decoupled weight decay, θ ← θ − lr·wd·θ before each update (0 = off)
     * @param clipNorm    rescale each weight tensor's gradient to at most this norm (0 = off)
     * @param clipValue   clip each gradient element to [−clipValue, clipValue] (0 = off); not with clipNorm
     */
    public RMSprop(LearningRateSchedule learningRate, double rho, double momentum, double epsilon, boolean centered,
                   double weightDecay, double clipNorm, double clipValue) {
        super(learningRate, weightDecay, clipNorm, clipValue);
        if (!(rho >= 0 && rho <= 1)) {
            throw new IllegalArgumentException("RMSprop: rho must be in [0, 1]. Received: rho=" + rho);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("RMSprop: momentum must be in [0, 1]. Received: momentum=" + momentum);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("RMSprop: epsilon must be > 0. Received: epsilon=" + epsilon);
        }
        this.rho = rho;
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.centered = centered;
        this.arrays = new StateArrays("RMSprop", names(momentum, centered), 0.0, 1);
    }

    private static List<String> names(double momentum, boolean centered) {
        List<String> names = new ArrayList<>(List.of("velocity"));
        if (momentum > 0) {
            names.add("momentum");
        }
        if (centered) {
            names.add("average_gradient");
        }
        return List.copyOf(names);
    }

    @Override public String name() { return "rmsprop"; }

    public double rho() { return rho; }

    public double momentum() { return momentum; }

    public double epsilon() { return epsilon; }

    public boolean centered() { return centered; }

    @Override protected void update(Ops ops, INDArray theta, INDArray g, long t) {
        INDArray[] a = arrays.forStep(theta);
        INDArray v = a[0];
        INDArray u = momentum > 0 ? a[1] : null;
        INDArray avg = centered ? a[a.length - 2] : null;
        INDArray d = a[a.length - 1];
        ops.square(g, d);
        ops.scale(d, 1 - rho, d);
        ops.scale(v, rho, v);
        ops.add(v, d, v);
        if (centered) {
            ops.scale(g, 1 - rho, d);
            ops.scale(avg, rho, avg);
            ops.add(avg, d, avg);
            ops.square(avg, d);
            ops.sub(v, d, d);
            ops.addScalar(d, epsilon, d);
        } else {
            ops.addScalar(v, epsilon, d);
        }
        ops.sqrt(d, d);
        ops.scale(g, learningRate(), g);   // the gradient buffer is scratch from here: g becomes Δ
        ops.div(g, d, g);
        if (u != null) {
            ops.scale(u, momentum, u);
            ops.add(u, g, u);
            ops.sub(theta, u, theta);
        } else {
            ops.sub(theta, g, theta);
        }
    }

    @Override public String toString() {
        return "RMSprop(learningRate=" + learningRate() + ", rho=" + rho + ", momentum=" + momentum + ", epsilon="
                + epsilon + ", centered=" + centered + ")";
    }

    /** {@link BaseOptimizer#config()} plus {@code rho}, {@code momentum}, {@code epsilon}, {@code centered}. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = super.config();
        config.put("rho", rho);
        config.put("momentum", momentum);
        config.put("epsilon", epsilon);
        config.put("centered", centered);
        return config;
    }

    /** The optimizer {@link #config()} describes; absent keys take Keras's defaults. */
    public static RMSprop fromConfig(Map<String, Object> config) {
        String type = "RMSprop";
        Configs.checkKeys(type, config, "learning_rate", "rho", "momentum", "epsilon", "centered", "weight_decay",
                "clipnorm", "clipvalue");
        return new RMSprop(learningRate(type, config, 0.001),
                Configs.number(type, config, "rho", 0.9),
                Configs.number(type, config, "momentum", 0.0),
                Configs.number(type, config, "epsilon", 1e-7),
                Configs.bool(type, config, "centered", false),
                Configs.number(type, config, "weight_decay", 0.0),
                Configs.number(type, config, "clipnorm", 0.0),
                Configs.number(type, config, "clipvalue", 0.0));
    }

    /** "velocity", with "momentum" when momentum &gt; 0 and "average_gradient" when centered, after the first step. */
    @Override public Map<String, INDArray> state() {
        return arrays.state();
    }

    @Override protected void restoreState(Map<String, INDArray> state) {
        arrays.restore(state);
    }
}
