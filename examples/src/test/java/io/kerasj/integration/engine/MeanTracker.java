package io.kerasj.integration.engine;

import io.kerasj.core.Activation;
import io.kerasj.core.BaseLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * z = x + b, and in training a non-trainable moving mean of the inputs, μ ← ½μ + ½·mean(x): the shape of a
 * BatchNormalization's statistics, small enough to follow by hand. Records the training flag of every call.
 */
class MeanTracker extends BaseLayer {

    final List<Boolean> trainingFlags = new ArrayList<>();

    MeanTracker() {
        super("MeanTracker", Activation.LINEAR);
    }

    @Override protected long[] build(long[] inputShape) {
        addWeight("bias", inputShape, true);
        addWeight("moving_mean", inputShape, false);
        return inputShape;
    }

    @Override protected void call(INDArray x, INDArray z, boolean training) {
        trainingFlags.add(training);
        ops().addRowVector(x, weight(0), z);
        if (training) {
            INDArray mean = weight(1).ulike();
            ops().sumRows(x, mean);
            ops().scale(mean, 0.5 / x.size(0), mean);
            ops().scale(weight(1), 0.5, weight(1));
            ops().add(weight(1), mean, weight(1));
        }
    }

    /** Only for saving its weights: no factory recreates it. */
    @Override public Map<String, Object> config() {
        return Map.of("name", name());
    }

    @Override protected void backward(INDArray x, INDArray gradZ, INDArray gradX) {
        ops().sumRows(gradZ, gradient(0));
        if (gradX != null) {
            ops().copy(gradZ, gradX);
        }
    }
}
