package io.kerasj.optimizers;

import io.kerasj.core.BaseOptimizer;
import io.kerasj.core.Kernels;
import io.kerasj.core.Matrix;
import io.kerasj.core.Configs;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with Keras's rules:
 * <pre>
 * momentum = 0:  θ ← θ − lr·g
 * otherwise:     u ← momentum·u − lr·g;   θ ← θ + u                 (nesterov = false)
 *                                         θ ← θ + momentum·u − lr·g   (nesterov = true)
 * </pre>
 * Defaults as Keras: learningRate 0.01, momentum 0, nesterov false.
 */
public final class SGD extends BaseOptimizer {

    private final double momentum;
    private final boolean nesterov;
    private Matrix velocity;

    public SGD() {
        this(0.01);
    }

    public SGD(double learningRate) {
        this(learningRate, 0.0, false);
    }

    public SGD(double learningRate, double momentum, boolean nesterov) {
        this(learningRate, momentum, nesterov, 0.0, 0.0);
    }

    /**
     * @param clipNorm  rescale each weight tensor's gradient to at most this norm (0 = off)
     * @param clipValue clip each gradient element to [−clipValue, clipValue] (0 = off); not with clipNorm
     */
    public SGD(double learningRate, double momentum, boolean nesterov, double clipNorm, double clipValue) {
        super(learningRate, clipNorm, clipValue);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("SGD: momentum must be in [0, 1]. Received: momentum=" + momentum);
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override public String name() { return "sgd"; }

    public double momentum() { return momentum; }

    public boolean nesterov() { return nesterov; }

    @Override protected void update(Matrix theta, Matrix g, long t) {
        double lr = learningRate();
        if (momentum == 0) {
            Kernels.map(theta, g, theta, (x, y, n) -> {
                for (int i = 0; i < n; i++) {
                    x[i] -= lr * y[i];
                }
            });
            return;
        }
        if (velocity == null || velocity.length() != theta.length()) {
            velocity = Matrix.of(theta.array().ulike().assign(0));
        }
        Matrix u = velocity;
        Kernels.forRange(theta.length(), 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                double ui = momentum * u.get(i) - lr * g.get(i);
                u.set(i, ui);
                theta.set(i, theta.get(i) + (nesterov ? momentum * ui - lr * g.get(i) : ui));
            }
        });
    }

    @Override public String toString() {
        return "SGD(learningRate=" + learningRate() + ", momentum=" + momentum + ", nesterov=" + nesterov + ")";
    }

    /** {@link BaseOptimizer#config()} plus {@code momentum} and {@code nesterov}. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = super.config();
        config.put("momentum", momentum);
        config.put("nesterov", nesterov);
        return config;
    }

    /** The optimizer {@link #config()} describes; absent keys take Keras's defaults. */
    public static SGD fromConfig(Map<String, Object> config) {
        String type = "SGD";
        Configs.checkKeys(type, config, "learning_rate", "momentum", "nesterov", "clipnorm", "clipvalue");
        return new SGD(Configs.number(type, config, "learning_rate", 0.01),
                Configs.number(type, config, "momentum", 0.0),
                Configs.bool(type, config, "nesterov", false),
                Configs.number(type, config, "clipnorm", 0.0),
                Configs.number(type, config, "clipvalue", 0.0));
    }

    /** "velocity" when momentum is used, once the first step has allocated it. */
    @Override public Map<String, INDArray> state() {
        return velocity == null ? Map.of() : Map.of("velocity", velocity.array().dup());
    }

    @Override protected void restoreState(Map<String, INDArray> state) {
        if (state.isEmpty()) {
            velocity = null;
            return;
        }
        checkState("SGD", state, "velocity");
        velocity = Matrix.of(state.get("velocity").dup('c'));
    }
}
