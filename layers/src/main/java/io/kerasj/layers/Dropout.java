package io.kerasj.layers;

import io.kerasj.core.Activation;
import io.kerasj.core.BaseLayer;
import io.kerasj.core.Configs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code Dropout(rate, noise_shape=None, seed=None)}: in training, each input is set to 0 with probability
 * {@code rate} and the others are scaled by 1/(1 − rate) ("inverted" dropout), so that the expected output is the
 * input and inference needs no rescaling; in {@code evaluate} and {@code predict} it passes its input on unchanged.
 *
 * <p>Backward: ∂L/∂x = ∂L/∂y ⊙ mask, the same mask (0 or 1/(1 − rate)) the forward pass used.
 *
 * <p>Reproducible: the masks come from a stream seeded with {@code seed} when given, else drawn from the model's seed
 * when the model is built, so the same model seed gives the same masks. {@code noise_shape} is not supported (a mask
 * per element).
 */
public final class Dropout extends BaseLayer {

    private final double rate;
    private final Long seed;
    /**
     * The masks' stream: SplittableRandom, whose draws take a few nanoseconds where java.util.Random's synchronized
     * ones took about twenty (W4 draws 49,000 a step).
     */
    private SplittableRandom random;
    /** The last training forward pass's mask, and its values on the heap (reused from step to step). */
    private INDArray mask;
    private double[] draws;
    private boolean masked;

    /** @param rate the fraction of inputs dropped in training, in [0, 1) */
    public Dropout(double rate) {
        this(rate, null);
    }

    /**
     * @param rate the fraction of inputs dropped in training, in [0, 1)
     * @param seed the masks' seed; null to derive it from the model's seed
     */
    public Dropout(double rate, Long seed) {
        super("Dropout", Activation.LINEAR);
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout: rate must be in [0, 1). Received: rate=" + rate);
        }
        this.rate = rate;
        this.seed = seed;
    }

    public double rate() { return rate; }

    public Dropout named(String name) {
        setName(name);
        return this;
    }

    @Override public Dropout inputShape(long... shape) {
        super.inputShape(shape);
        return this;
    }

    @Override protected long[] build(long[] inputShape) {
        return inputShape;
    }

    /** No weights: the model's seeded source only gives the masks' seed, unless one was given. */
    @Override public void initialize(Random modelRandom) {
        random = new SplittableRandom(seed != null ? seed : modelRandom.nextLong());
    }

    @Override protected void call(INDArray x, INDArray z, boolean training) {
        masked = training && rate > 0;
        if (!masked) {
            ops().copy(x, z);
            return;
        }
        if (mask == null || !Arrays.equals(mask.shape(), z.shape())) {
            mask = z.ulike();
            draws = new double[(int) z.length()];
        }
        drawMask(draws);
        ops().write(draws, mask);
        ops().mul(x, mask, z);
    }

    /** Fills {@code values} with the next mask: 0 with probability rate, else 1/(1 − rate). */
    private void drawMask(double[] values) {
        double kept = 1 / (1 - rate);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < rate ? 0 : kept;
        }
    }

    @Override protected void backward(INDArray x, INDArray gradZ, INDArray gradX) {
        if (gradX == null) {
            return;
        }
        if (masked) {
            ops().mul(gradZ, mask, gradX);
        } else {
            ops().copy(gradZ, gradX);
        }
    }

    @Override public String toString() {
        return "Dropout(" + (name() == null ? "" : "name=" + name() + ", ") + "rate=" + rate + ")";
    }

    /** {@code name}, {@code rate}, {@code seed} (null when drawn from the model's), as Keras's keys. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name());
        config.put("rate", rate);
        config.put("seed", seed);
        return config;
    }

    /** The layer {@link #config()} describes; {@code noise_shape} must be absent or null. */
    public static Dropout fromConfig(Map<String, Object> config) {
        Configs.checkKeys("Dropout", config, "name", "rate", "seed", "noise_shape");
        if (config.get("noise_shape") != null) {
            throw new IllegalArgumentException("Dropout: noise_shape is not supported. Received: noise_shape="
                    + config.get("noise_shape"));
        }
        Object seed = config.get("seed");
        if (seed != null && !(seed instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()))) {
            throw new IllegalArgumentException("Dropout: seed must be an integer or null. Received: seed=" + seed);
        }
        Dropout dropout = new Dropout(Configs.number("Dropout", config, "rate", 0.0),
                seed == null ? null : ((Number) seed).longValue());
        String name = Configs.string("Dropout", config, "name", null);
        if (name != null) {
            dropout.named(name);
        }
        return dropout;
    }
}
