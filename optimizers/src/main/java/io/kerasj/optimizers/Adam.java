package io.kerasj.optimizers;

import io.kerasj.core.BaseOptimizer;
import io.kerasj.core.Kernels;
import io.kerasj.core.Matrix;
import io.kerasj.core.Configs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam (Kingma and Ba, 2015) with Keras's update rule, for step t = 1, 2, …:
 * <pre>
 * m ← β1·m + (1 − β1)·g
 * v ← β2·v + (1 − β2)·g²
 * α_t = lr·√(1 − β2^t) / (1 − β1^t)
 * θ ← θ − α_t·m / (√v + ε)          (amsgrad: v̂ ← max(v̂, v) in place of v)
 * </pre>
 * Defaults as Keras: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, amsgrad false.
 * The first step moves every weight with a nonzero gradient by about lr, whatever the gradient's scale.
 */
public final class Adam extends BaseOptimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final boolean amsgrad;
    private Matrix m;
    private Matrix v;
    private Matrix vHat;

    public Adam() {
        this(0.001);
    }

    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7, false);
    }

    public Adam(double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
        this(learningRate, beta1, beta2, epsilon, amsgrad, 0.0, 0.0);
    }

    /**
     * @param clipNorm  rescale each weight tensor's gradient to at most this norm (0 = off)
     * @param clipValue clip each gradient element to [−clipValue, clipValue] (0 = off); not with clipNorm
     */
    public Adam(double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad,
                double clipNorm, double clipValue) {
        super(learningRate, clipNorm, clipValue);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam: beta1 and beta2 must be in [0, 1). Received: beta1=" + beta1
                    + ", beta2=" + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adam: epsilon must be > 0. Received: epsilon=" + epsilon);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.amsgrad = amsgrad;
    }

    @Override public String name() { return "adam"; }

    public double beta1() { return beta1; }

    public double beta2() { return beta2; }

    public double epsilon() { return epsilon; }

    public boolean amsgrad() { return amsgrad; }

    @Override protected void update(INDArray values, INDArray gradients, long t) {
        if (m == null || m.length() != values.length()) {
            m = Matrix.of(values.ulike().assign(0));
            v = Matrix.of(values.ulike().assign(0));
            vHat = amsgrad ? Matrix.of(values.ulike().assign(0)) : null;
        }
        Matrix theta = Matrix.of(values);
        Matrix g = Matrix.of(gradients);
        double alpha = learningRate() * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        Kernels.forRange(theta.length(), 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                double gi = g.get(i);
                double mi = beta1 * m.get(i) + (1 - beta1) * gi;
                double vi = beta2 * v.get(i) + (1 - beta2) * gi * gi;
                m.set(i, mi);
                v.set(i, vi);
                if (amsgrad) {
                    vi = Math.max(vHat.get(i), vi);
                    vHat.set(i, vi);
                }
                theta.set(i, theta.get(i) - alpha * mi / (Math.sqrt(vi) + epsilon));
            }
        });
    }

    @Override public String toString() {
        return "Adam(learningRate=" + learningRate() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon="
                + epsilon + ", amsgrad=" + amsgrad + ")";
    }

    /** {@link BaseOptimizer#config()} plus {@code beta_1}, {@code beta_2}, {@code epsilon}, {@code amsgrad}. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = super.config();
        config.put("beta_1", beta1);
        config.put("beta_2", beta2);
        config.put("epsilon", epsilon);
        config.put("amsgrad", amsgrad);
        return config;
    }

    /** The optimizer {@link #config()} describes; absent keys take Keras's defaults. */
    public static Adam fromConfig(Map<String, Object> config) {
        String type = "Adam";
        Configs.checkKeys(type, config, "learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad", "clipnorm",
                "clipvalue");
        return new Adam(Configs.number(type, config, "learning_rate", 0.001),
                Configs.number(type, config, "beta_1", 0.9),
                Configs.number(type, config, "beta_2", 0.999),
                Configs.number(type, config, "epsilon", 1e-7),
                Configs.bool(type, config, "amsgrad", false),
                Configs.number(type, config, "clipnorm", 0.0),
                Configs.number(type, config, "clipvalue", 0.0));
    }

    /** "m" and "v" (and "v_hat" with amsgrad), once the first step has allocated them. */
    @Override public Map<String, INDArray> state() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        if (m != null) {
            state.put("m", m.array().dup());
            state.put("v", v.array().dup());
            if (amsgrad) {
                state.put("v_hat", vHat.array().dup());
            }
        }
        return state;
    }

    @Override protected void restoreState(Map<String, INDArray> state) {
        if (state.isEmpty()) {
            m = null;
            v = null;
            vHat = null;
            return;
        }
        if (amsgrad) {
            checkState("Adam", state, "m", "v", "v_hat");
        } else {
            checkState("Adam", state, "m", "v");
        }
        m = Matrix.of(state.get("m").dup('c'));
        v = Matrix.of(state.get("v").dup('c'));
        vHat = amsgrad ? Matrix.of(state.get("v_hat").dup('c')) : null;
    }
}
