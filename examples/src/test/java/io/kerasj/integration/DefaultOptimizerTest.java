package io.kerasj.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.kerasj.core.Sequential;
import io.kerasj.layers.Dense;
import io.kerasj.losses.MeanSquaredError;
import io.kerasj.metrics.AUC;
import io.kerasj.optimizers.Adam;
import io.kerasj.optimizers.RMSprop;
import java.util.List;
import org.junit.jupiter.api.Test;

/** compile without an optimizer takes RMSprop with Keras's defaults, as Keras's compile(optimizer="rmsprop"). */
class DefaultOptimizerTest {

    @Test
    void aLossAloneGetsKerasDefaultRmsprop() {
        Sequential model = new Sequential(new Dense(1));
        model.compile(new MeanSquaredError(), "mae");
        RMSprop rmsprop = assertInstanceOf(RMSprop.class, model.optimizer());
        assertEquals(0.001, rmsprop.learningRate());
        assertEquals(0.9, rmsprop.rho());
        assertEquals(List.of("mae"), model.metricNames());
    }

    @Test
    void metricObjectsToo() {
        Sequential model = new Sequential(new Dense(1));
        model.compile(new MeanSquaredError(), List.of(new AUC(50, "PR"), "mse"));
        assertInstanceOf(RMSprop.class, model.optimizer());
        assertEquals(List.of("auc", "mse"), model.metricNames());
    }

    @Test
    void twoNamesStayOptimizerAndLossAsInKeras() {
        Sequential model = new Sequential(new Dense(1));
        model.compile("adam", "mse");
        assertInstanceOf(Adam.class, model.optimizer());
        assertEquals("mean_squared_error", model.loss().name());
    }
}
