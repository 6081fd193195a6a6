package io.kerasj.layers;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Draws a layer's initial weights, with Keras's formulas. fanIn and fanOut are a kernel's input and output
 * widths.
 *
 * <ul>
 *   <li>{@code glorot_uniform}: U(−l, l), l = √(6 / (fanIn + fanOut)) (Keras's Dense default)</li>
 *   <li>{@code glorot_normal}: truncated N(0, σ), σ = √(2 / (fanIn + fanOut)) / 0.8796…</li>
 *   <li>{@code he_uniform}: U(−l, l), l = √(6 / fanIn)</li>
 *   <li>{@code he_normal}: truncated N(0, σ), σ = √(2 / fanIn) / 0.8796…</li>
 *   <li>{@code zeros}, {@code ones}</li>
 * </ul>
 * "Truncated" means values beyond 2σ are redrawn, as Keras does; dividing σ by 0.87962566103423978 (the
 * standard deviation of a unit normal truncated at ±2) restores the intended variance.
 */
public interface Initializer {

    Initializer GLOROT_UNIFORM = new VarianceScaling("glorot_uniform", 1.0, true, true);
    Initializer GLOROT_NORMAL = new VarianceScaling("glorot_normal", 1.0, true, false);
    Initializer HE_UNIFORM = new VarianceScaling("he_uniform", 2.0, false, true);
    Initializer HE_NORMAL = new VarianceScaling("he_normal", 2.0, false, false);
    Initializer ZEROS = new Constant("zeros", 0.0);
    Initializer ONES = new Constant("ones", 1.0);

    /** The Keras name. */
    String name();

    /** Fills {@code weights} (any shape) with draws from {@code random}. */
    void fill(INDArray weights, long fanIn, long fanOut, Random random);

    static List<Initializer> all() {
        return List.of(GLOROT_UNIFORM, GLOROT_NORMAL, HE_UNIFORM, HE_NORMAL, ZEROS, ONES);
    }

    /** The built-in initializer with this Keras name. */
    static Initializer get(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        for (Initializer initializer : all()) {
            if (initializer.name().equals(key)) {
                return initializer;
            }
        }
        throw new IllegalArgumentException("Unknown initializer \"" + name + "\"; expected one of "
                + all().stream().map(Initializer::name).toList());
    }

    /** Keras's VarianceScaling with mode fan_in or fan_avg and a uniform or truncated-normal draw. */
    record VarianceScaling(String name, double scale, boolean fanAverage, boolean uniform) implements Initializer {

        /** Standard deviation of N(0, 1) truncated to [−2, 2]. */
        static final double TRUNCATED_STDDEV = 0.87962566103423978;

        @Override public void fill(INDArray weights, long fanIn, long fanOut, Random random) {
            double n = fanAverage ? (fanIn + fanOut) / 2.0 : fanIn;
            double variance = scale / Math.max(1.0, n);
            double limit = Math.sqrt(3.0 * variance);
            double stddev = Math.sqrt(variance) / TRUNCATED_STDDEV;
            // Drawn and written a block at a time, in the weights' type: through an ND4J array of all the draws, a
            // cast and an assign, 784-512-256-10's weights took ~60 ms of the first fit.
            long length = weights.length();
            // A contiguous C-order array is written through a flat view of itself; anything else through a copy.
            boolean inPlace = weights.ordering() == 'c' && Shape.hasDefaultStridesForShape(weights);
            INDArray flat = inPlace ? weights.reshape(length) : Nd4j.create(weights.dataType(), length);
            boolean single = weights.dataType() == DataType.FLOAT;
            int block = (int) Math.min(length, BLOCK);
            double[] draws = new double[block];
            float[] rounded = single ? new float[block] : null;
            for (long start = 0; start < length; start += block) {
                int count = (int) Math.min(block, length - start);
                for (int i = 0; i < count; i++) {
                    draws[i] = uniform ? (2 * random.nextDouble() - 1) * limit : truncatedNormal(random) * stddev;
                }
                INDArray values;
                if (single) {
                    for (int i = 0; i < count; i++) {
                        rounded[i] = (float) draws[i];
                    }
                    values = Nd4j.createFromArray(count == block ? rounded : Arrays.copyOf(rounded, count));
                } else {
                    values = Nd4j.createFromArray(count == block ? draws : Arrays.copyOf(draws, count));
                }
                flat.get(NDArrayIndex.interval(start, start + count)).assign(values);
            }
            if (!inPlace) {
                weights.assign(flat.reshape('c', weights.shape()));
            }
        }

        /** Draws per block written into the weights. */
        private static final int BLOCK = 4096;

        /** A draw of N(0, 1) within [−2, 2]: draws beyond are redrawn. */
        private static double truncatedNormal(Random random) {
            double g;
            do {
                g = random.nextGaussian();
            } while (Math.abs(g) > 2.0);
            return g;
        }

        @Override public String toString() { return name; }
    }

    /** Every weight set to one value. */
    record Constant(String name, double value) implements Initializer {
        @Override public void fill(INDArray weights, long fanIn, long fanOut, Random random) {
            weights.assign(value);
        }

        @Override public String toString() { return name; }
    }
}
