package io.kerasj.core;

/**
 * The one place where the output layer's activation and the loss meet.
 *
 * <p>When the output activation is the loss's {@link Loss#link() link} (softmax with a categorical
 * cross-entropy on probabilities, sigmoid with binary cross-entropy), the loss is computed from the
 * pre-activation z instead: L = logsumexp(z) − z_y and ∂L/∂z = (softmax(z) − t)/m. The two formulas are
 * the same function, but this one never forms the softmax Jacobian, never takes the log of a clipped
 * probability, and stays exact at logits like ±1000 where p = softmax(z) rounds to 0 or 1.
 *
 * <p>A linear output with a loss {@code fromLogits} takes the same path by definition. A softmax (or
 * sigmoid) output with {@code fromLogits = true} would apply the link twice; it is rejected.
 *
 * @param loss               the loss to evaluate during training
 * @param readsPreActivation true when {@code loss} reads the output layer's z rather than its output a
 */
public record Objective(Loss loss, boolean readsPreActivation) {

    /** Decides how a model whose last layer applies {@code output} trains with {@code loss}. */
    public static Objective of(Activation output, Loss loss) {
        Activation link = loss.link();
        if (link == null || !link.equals(output)) {
            // No fusion possible: a linear output with fromLogits, or any other pairing, reads a as it is.
            return new Objective(loss, false);
        }
        if (loss.fromLogits()) {
            throw new IllegalArgumentException("The output layer applies " + output.name() + " and the loss "
                    + loss.name() + " has fromLogits=true, so " + output.name() + " would be applied twice. Use "
                    + "either a " + output.name() + " output with fromLogits=false (the model still computes the "
                    + "loss from logits internally), or a linear output with fromLogits=true (predict then "
                    + "returns logits).");
        }
        return new Objective(loss.onLogits(), true);
    }
}
