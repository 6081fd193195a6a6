package io.kerasj.examples;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SoftmaxLabTest {

    @Test
    void preferredModelReturnsLogitsWhoseSoftmaxIsAProbabilityWithTheSameArgmax() {
        SoftmaxLab.Result r = SoftmaxLab.run("--samples", "800", "--epochs", "4", "--verbose", "0", "--seed", "3");
        assertEquals(800, r.samples());
        // Logits, not probabilities: values below 0 and above 1.
        assertTrue(r.minLogit() < 0, "smallest logit " + r.minLogit());
        assertTrue(r.maxLogit() > 1, "largest logit " + r.maxLogit());
        assertTrue(r.maxSumError() < 1e-9, "softmax rows sum to 1, deviation " + r.maxSumError());
        assertEquals(0, r.argmaxDisagreements());
        // Four well-separated classes: chance is 25%.
        assertTrue(r.obviousAccuracy() > 0.8, "obvious " + r.obviousAccuracy());
        assertTrue(r.preferredAccuracy() > 0.8, "preferred " + r.preferredAccuracy());
    }
}
