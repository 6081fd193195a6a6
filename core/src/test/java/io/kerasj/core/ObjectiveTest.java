package io.kerasj.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ops.Ops;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ObjectiveTest {

    /** A stand-in for a cross-entropy: linked to softmax, with a logits form. */
    private record LinkedLoss(boolean fromLogits) implements Loss {
        @Override public String name() { return "linked"; }

        @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) { return 0; }

        @Override public void checkTargets(INDArray yTrue, int outputWidth) {}

        @Override public Activation link() { return Activation.SOFTMAX; }

        @Override public Loss onLogits() { return new LinkedLoss(true); }
    }

    @Test
    void softmaxOutputWithProbabilityLossReadsLogits() {
        Objective objective = Objective.of(Activation.SOFTMAX, new LinkedLoss(false));
        assertTrue(objective.readsPreActivation());
        assertTrue(objective.loss().fromLogits());
    }

    @Test
    void linearOutputWithLogitsLossReadsTheOutput() {
        LinkedLoss loss = new LinkedLoss(true);
        Objective objective = Objective.of(Activation.LINEAR, loss);
        assertFalse(objective.readsPreActivation());
        assertSame(loss, objective.loss());
    }

    @Test
    void otherOutputsAreNotFused() {
        LinkedLoss loss = new LinkedLoss(false);
        Objective objective = Objective.of(Activation.SIGMOID, loss);
        assertFalse(objective.readsPreActivation());
        assertSame(loss, objective.loss());
    }

    @Test
    void softmaxOutputWithFromLogitsIsRejectedWithBothFixes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Objective.of(Activation.SOFTMAX, new LinkedLoss(true)));
        assertTrue(e.getMessage().contains("fromLogits=false"), e.getMessage());
        assertTrue(e.getMessage().contains("linear output with fromLogits=true"), e.getMessage());
    }
}
