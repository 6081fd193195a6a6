package io.kerasj.engine;

import io.kerasj.core.Layer;
import io.kerasj.core.Parameters;
import io.kerasj.core.Sequential;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The layers {@code predict} runs on, so that a service may call it from many threads at once: each caller borrows
 * a lane, replicas of the model's layers that share its weights but own their activation buffers, and returns it
 * for the next. Lanes are made on demand, so there are as many as callers ever ran at once, and are dropped when
 * the model's weights are rebuilt. Predicting on lanes also leaves the training step's buffers alone while
 * {@code fit} runs on another thread (it then reads weights mid-update, as Keras would).
 */
final class PredictLanes {

    private final Sequential model;
    private final ConcurrentLinkedDeque<List<Layer>> idle = new ConcurrentLinkedDeque<>();
    /** The weights and layers the idle lanes replicate; a lane of another generation is not returned to the pool. */
    private volatile Parameters parameters;
    private volatile List<Layer> layers = List.of();

    PredictLanes(Sequential model) {
        this.model = model;
    }

    /**
     * A lane for one predict call, or null when a layer has no {@link Layer#replica()}: then the caller runs on the
     * model's own layers, one caller at a time.
     */
    List<Layer> acquire() {
        Parameters current = model.parameters();
        List<Layer> modelLayers = model.layers();
        if (current != parameters || !modelLayers.equals(layers)) {
            synchronized (this) {
                if (current != parameters || !modelLayers.equals(layers)) {
                    idle.clear();
                    parameters = current;
                    layers = List.copyOf(modelLayers);
                }
            }
        }
        List<Layer> lane = idle.pollFirst();
        if (lane != null) {
            return lane;
        }
        // Forward never writes weight gradients, so the lanes may share one buffer for them.
        return TrainingStep.replicate(modelLayers, current, current.gradients());
    }

    /** Returns a lane for the next caller, unless the model's weights were rebuilt meanwhile. */
    void release(List<Layer> lane, Parameters madeFor) {
        if (lane != null && madeFor == parameters) {
            idle.offerFirst(lane);
        }
    }
}
