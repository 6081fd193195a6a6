package io.kerasj.layers;

import io.kerasj.core.Activation;
import io.kerasj.core.BaseLayer;
import io.kerasj.core.Configs;
import io.kerasj.core.Layer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fully connected layer: z = xW + b, a = activation(z).
 *
 * <p>Shapes: x [m, in], kernel W [in, units], bias b [units], z and a [m, units]. Backward, given
 * dz = ∂L/∂z: dW = xᵀdz, db = Σ_rows dz, dx = dz Wᵀ.
 *
 * <p>Defaults as Keras: linear activation, {@code glorot_uniform} kernel, zero bias, {@code useBias = true}.
 * The input width is inferred from the data unless given with {@link #inputDim(int)} (Keras's
 * {@code input_dim}). Inputs are vectors; a {@link Flatten} layer before it flattens images.
 */
public final class Dense extends BaseLayer {

    private final int units;
    private final Initializer kernelInitializer;
    private final boolean useBias;

    /** A linear layer of {@code units} outputs. */
    public Dense(int units) {
        this(units, Activation.LINEAR);
    }

    public Dense(int units, Activation activation) {
        this(units, activation, Initializer.GLOROT_UNIFORM);
    }

    public Dense(int units, Activation activation, Initializer kernelInitializer) {
        this(units, activation, kernelInitializer, true);
    }

    /**
     * @param units             output width, &gt; 0
     * @param activation        applied to z; {@link Activation#LINEAR} for none
     * @param kernelInitializer draws the kernel; the bias starts at zero
     * @param useBias           whether to add a bias
     */
    public Dense(int units, Activation activation, Initializer kernelInitializer, boolean useBias) {
        super("Dense", activation == null ? Activation.LINEAR : activation);
        if (units <= 0) {
            throw new IllegalArgumentException("Dense: units must be a positive integer. Received: units=" + units);
        }
        if (activation == null || kernelInitializer == null) {
            throw new IllegalArgumentException("Dense: activation and kernelInitializer must not be null");
        }
        this.units = units;
        this.kernelInitializer = kernelInitializer;
        this.useBias = useBias;
    }

    /** By Keras names: {@code new Dense(12, "relu", "he_uniform")}. */
    public Dense(int units, String activation, String kernelInitializer) {
        this(units, Activation.get(activation), Initializer.get(kernelInitializer));
    }

    /** By Keras name: {@code new Dense(4, "softmax")}. */
    public Dense(int units, String activation) {
        this(units, Activation.get(activation));
    }

    /** Declares the input width (Keras's {@code input_dim}), so the model can be built before it sees data. */
    public Dense inputDim(int inputWidth) {
        if (inputWidth <= 0) {
            throw new IllegalArgumentException("Dense" + (name() == null ? "" : " \"" + name() + "\"")
                    + ": inputDim must be > 0. Received: inputDim=" + inputWidth);
        }
        inputShape(inputWidth);
        return this;
    }

    /** Declares the input shape (Keras's {@code input_shape}); Dense reads vectors, so one size. */
    @Override public Dense inputShape(long... shape) {
        super.inputShape(shape);
        return this;
    }

    /** Names the layer (otherwise the model names it "dense", "dense_1", ...). */
    public Dense named(String name) {
        setName(name);
        return this;
    }

    public int units() { return units; }

    public Initializer kernelInitializer() { return kernelInitializer; }

    public boolean useBias() { return useBias; }

    /** Kernel [in, units], then bias [units]: Keras's order. Inputs must be vectors (a Flatten layer flattens). */
    @Override protected long[] build(long[] inputShape) {
        if (inputShape.length != 1) {
            throw new IllegalArgumentException("Dense \"" + name() + "\": expected inputs of shape (None, features), "
                    + "got " + shapeText(inputShape) + "; put a Flatten layer before it");
        }
        long parameters = Math.multiplyExact(inputShape[0] + (useBias ? 1 : 0), (long) units);
        long bytes = Math.multiplyExact(parameters, (long) dataType().width());
        long free = Runtime.getRuntime().maxMemory();
        if (parameters > Integer.MAX_VALUE || bytes > free) {
            throw new IllegalArgumentException("Dense \"" + name() + "\": " + inputShape[0] + " inputs × " + units
                    + " units make " + parameters + " weights (" + bytes / (1 << 20) + " MiB of " + dataType()
                    + "), more than one array can hold (2^31 − 1) or the JVM's memory (" + free / (1 << 20)
                    + " MiB) allows");
        }
        addWeight("kernel", new long[] {inputShape[0], units}, true);
        if (useBias) {
            addWeight("bias", new long[] {units}, true);
        }
        return new long[] {units};
    }

    @Override public Layer replica() {
        return replicaOf(new Dense(units, activation(), kernelInitializer, useBias));
    }

    @Override public void initialize(Random random) {
        kernelInitializer.fill(weight(0), (int) inputShape()[0], units, random);
        if (useBias) {
            weight(1).assign(0);
        }
    }

    /** z = xW + b. */
    @Override protected void call(INDArray x, INDArray z, boolean training) {
        ops().affine(x, weight(0), useBias ? weight(1) : null, z);
    }

    /** dW = xᵀdz, db = Σ_rows dz, dx = dz Wᵀ. */
    @Override protected void backward(INDArray x, INDArray gradZ, INDArray gradX) {
        ops().matmul(x, gradZ, gradient(0), true, false);
        if (useBias) {
            ops().sumRows(gradZ, gradient(1));
        }
        if (gradX != null) {
            ops().matmul(gradZ, weight(0), gradX, false, true);
        }
    }

    @Override public String toString() {
        return "Dense(" + (name() == null ? "" : "name=" + name() + ", ") + "units=" + units + ", activation="
                + activation().name() + ", kernelInitializer=" + kernelInitializer.name() + ", useBias=" + useBias + ")";
    }

    /**
     * {@code name}, {@code units}, {@code activation}, {@code kernel_initializer} and {@code use_bias}, by
     * Keras's keys and names; {@code input_dim} only when declared with {@link #inputDim(int)}.
     */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name());
        config.put("units", units);
        config.put("activation", activation().name());
        config.put("kernel_initializer", kernelInitializer.name());
        config.put("use_bias", useBias);
        long[] declared = declaredInputShape();
        if (declared != null) {
            config.put("input_dim", declared[0]);
        }
        return config;
    }

    /** The layer {@link #config()} describes; absent keys take the constructor defaults. */
    public static Dense fromConfig(Map<String, Object> config) {
        Configs.checkKeys("Dense", config, "name", "units", "activation", "kernel_initializer", "use_bias", "input_dim");
        Dense dense = new Dense(Configs.integer("Dense", config, "units"),
                Activation.get(Configs.string("Dense", config, "activation", "linear")),
                Initializer.get(Configs.string("Dense", config, "kernel_initializer", "glorot_uniform")),
                Configs.bool("Dense", config, "use_bias", true));
        String name = Configs.string("Dense", config, "name", null);
        if (name != null) {
            dense.named(name);
        }
        if (config.get("input_dim") != null) {
            dense.inputDim(Configs.integer("Dense", config, "input_dim"));
        }
        return dense;
    }
}
