package io.kerasj.callbacks;

import io.kerasj.core.Callback;
import io.kerasj.core.Sequential;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops training as soon as a batch's running loss is NaN or infinite, as Keras's {@code TerminateOnNaN}: the
 * current epoch ends after that batch and no further epoch starts.
 */
public final class TerminateOnNaN implements Callback {

    private static final Logger log = LoggerFactory.getLogger(TerminateOnNaN.class);

    private Sequential model;

    @Override public void setModel(Sequential model) {
        this.model = model;
    }

    @Override public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs == null ? null : logs.get("loss");
        if (loss != null && !Double.isFinite(loss)) {
            log.warn("Batch {}: Invalid loss, terminating training", batch);
            model.setStopTraining(true);
        }
    }
}
