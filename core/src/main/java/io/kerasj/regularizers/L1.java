package io.kerasj.regularizers;

import io.kerasj.ops.Ops;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Keras's {@code L1}: the L1 penalty, l1·Σ|w|; gradient l1·sign(w). Default as Keras: l1 = 0.01. */
public final class L1 implements Regularizer {

    private final double l1;

    public L1() {
        this(0.01);
    }

    /** @param l1 the factor, a finite number &gt;= 0 */
    public L1(double l1) {
        this.l1 = Penalties.factor("L1", "l1", l1);
    }

    public double l1() { return l1; }

    @Override public double penalty(Ops ops, INDArray weights, INDArray scratch) {
        return Penalties.penalty(ops, weights, l1, 0.0, scratch);
    }

    @Override public void addGradient(Ops ops, INDArray weights, INDArray gradient, INDArray scratch) {
        Penalties.addGradient(ops, weights, l1, 0.0, gradient, scratch);
    }

    @Override public String className() { return "L1"; }

    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("l1", l1);
        return config;
    }

    @Override public String toString() { return "L1(l1=" + l1 + ")"; }
}
