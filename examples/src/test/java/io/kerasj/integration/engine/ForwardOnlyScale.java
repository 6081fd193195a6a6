package io.kerasj.integration.engine;

import io.kerasj.core.Activation;
import io.kerasj.core.BaseLayer;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link Scale} without its backward: it trains on central differences of its forward pass. */
class ForwardOnlyScale extends BaseLayer {

    ForwardOnlyScale() {
        super("ForwardOnlyScale", Activation.LINEAR);
    }

    @Override protected long[] build(long[] inputShape) {
        addWeight("scale", inputShape, true);
        return inputShape;
    }

    @Override public void initialize(Random random) {
        weight(0).assign(1);
    }

    @Override protected void call(INDArray x, INDArray z, boolean training) {
        ops().mulRowVector(x, weight(0), z);
    }
}
