package io.kerasj.regularizers;

import io.kerasj.ops.Ops;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code L1L2}: the penalty l1·Σ|w| + l2·Σw², with gradient l1·sign(w) + 2·l2·w. Defaults as Keras 3:
 * l1 = 0, l2 = 0, also by name ("l1_l2", or "l1l2" as Keras 3 spells it).
 */
public final class L1L2 implements Regularizer {

    private final double l1;
    private final double l2;

    public L1L2() {
        this(0.0, 0.0);
    }

    /**
     * @param l1 the L1 factor, a finite number &gt;= 0
     * @param l2 the L2 factor, a finite number &gt;= 0
     */
    public L1L2(double l1, double l2) {
        this.l1 = Penalties.factor("L1L2", "l1", l1);
        this.l2 = Penalties.factor("L1L2", "l2", l2);
    }

    public double l1() { return l1; }

    public double l2() { return l2; }

    @Override public double penalty(Ops ops, INDArray weights, INDArray scratch) {
        return Penalties.penalty(ops, weights, l1, l2, scratch);
    }

    @Override public void addGradient(Ops ops, INDArray weights, INDArray gradient, INDArray scratch) {
        Penalties.addGradient(ops, weights, l1, l2, gradient, scratch);
    }

    @Override public String className() { return "L1L2"; }

    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("l1", l1);
        config.put("l2", l2);
        return config;
    }

    @Override public String toString() { return "L1L2(l1=" + l1 + ", l2=" + l2 + ")"; }
}
