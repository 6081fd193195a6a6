package io.kerasj.losses;

import io.kerasj.core.Configs;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's "huber": with e = ŷ − y, per element h(e) = e²/2 where |e| ≤ δ, else δ|e| − δ²/2 (quadratic near zero,
 * linear beyond δ); L = (1/m) Σ_i (1/k) Σ_j h(e_ij). Targets and predictions [m, k] (targets [m] for k = 1).
 * {@code delta} δ = 1.0 by default; it must be finite and ≥ 0 (Keras does not check it; a negative δ would give
 * a negative loss).
 *
 * <p>Computed without a select: with a = |e| and q = min(a, δ), h = q²/2 + δ(a − q). ∂L/∂ŷ = clip(e, −δ, δ)/(m k):
 * both branches have slope ±δ at |e| = δ, so there is no kink to choose at.
 *
 * <p>Worked number (the example of tf.keras's docs): y = [[0, 1], [0, 0]], ŷ = [[0.6, 0.4], [0.4, 0.6]], δ = 1:
 * every |e| ≤ 1, so L = (0.36 + 0.36 + 0.16 + 0.36)/2/4 = 0.155.
 */
public final class Huber implements Loss {

    private final double delta;

    public Huber() {
        this(1.0);
    }

    public Huber(double delta) {
        if (!(delta >= 0 && delta < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("Huber: delta must be a finite number ≥ 0. Received: delta=" + delta);
        }
        this.delta = delta;
    }

    @Override public String name() { return "huber"; }

    public double delta() { return delta; }

    @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
        INDArray y = Targets.matching(yTrue);
        double n = yPred.length();
        INDArray error = yPred.ulike();
        ops.sub(yPred, y, error);
        if (grad != null) {
            ops.clip(error, -delta, delta, grad);
            ops.scale(grad, 1 / n, grad);
        }
        INDArray absolute = yPred.ulike();
        ops.abs(error, absolute);
        INDArray quadratic = error;                             // q = min(|e|, δ), in e's array
        ops.clip(absolute, 0, delta, quadratic);
        ops.sub(absolute, quadratic, absolute);                 // |e| − q: 0 within δ
        return (0.5 * ops.sumSquares(quadratic) + delta * ops.sum(absolute)) / n;
    }

    @Override public void checkTargets(INDArray yTrue, int outputWidth) {
        Targets.checkWidth(name(), yTrue, outputWidth);
    }

    @Override public String toString() { return "Huber(delta=" + delta + ")"; }

    /** {@code delta}, by Keras's key. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("delta", delta);
        return config;
    }

    /** The loss {@link #config()} describes; absent keys take Keras's defaults. */
    public static Huber fromConfig(Map<String, Object> config) {
        String type = "Huber";
        Configs.checkKeys(type, config, "delta");
        return new Huber(Configs.number(type, config, "delta", 1.0));
    }
}
