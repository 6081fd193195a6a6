package io.kerasj.regularizers;

import io.kerasj.ops.Ops;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Keras's {@code L2}: the L2 penalty, l2·Σw² (no ½, as Keras); gradient 2·l2·w. Default as Keras: l2 = 0.01. */
public final class L2 implements Regularizer {

    private final double l2;

    public L2() {
        this(0.01);
    }

    /** @param l2 the factor, a finite number &gt;= 0 */
    public L2(double l2) {
        this.l2 = Penalties.factor("L2", "l2", l2);
    }

    public double l2() { return l2; }

    @Override public double penalty(Ops ops, INDArray weights, INDArray scratch) {
        return Penalties.penalty(ops, weights, 0.0, l2, scratch);
    }

    @Override public void addGradient(Ops ops, INDArray weights, INDArray gradient, INDArray scratch) {
        Penalties.addGradient(ops, weights, 0.0, l2, gradient, scratch);
    }

    @Override public String className() { return "L2"; }

    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("l2", l2);
        return config;
    }

    @Override public String toString() { return "L2(l2=" + l2 + ")"; }
}
