package io.kerasj.layers;

import io.kerasj.core.Activation;
import io.kerasj.core.BaseLayer;
import io.kerasj.core.Configs;
import io.kerasj.core.Layer;
import io.kerasj.regularizers.Regularizer;
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
 * <p>Defaults as Keras: linear activation, {@code useBias = true}, {@code glorot_uniform} kernel, zero bias, no
 * regularizers ({@link #kernelRegularizer(Regularizer)}, {@link #biasRegularizer(Regularizer)}).
 * The input width is inferred from the data unless given with {@link #inputDim(int)} (Keras's
 * {@code input_dim}). Inputs are vectors; a {@link Flatten} layer before it flattens images.
 */
public final class Dense extends BaseLayer {

    private final int units;
    private final Initializer kernelInitializer;
    private final boolean useBias;
    /** Keras's {@code kernel_regularizer} and {@code bias_regularizer}; null for none. */
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;

    /** A linear layer of {@code units} outputs. */
    public Dense(int units) {
        this(units, Activation.LINEAR);
    }

    public Dense(int units, Activation activation) {
        this(units, activation, Initializer.GLOROT_UNIFORM);
    }

    public Dense(int units, Activation activation, Initializer kernelInitializer) {
        this(units, activation, true, kernelInitializer);
    }

    /** Keras's positional order: {@code Dense(units, activation, use_bias)}. */
    public Dense(int units, Activation activation, boolean useBias) {
        this(units, activation, useBias, Initializer.GLOROT_UNIFORM);
    }

    /**
     * Keras's positional order: {@code Dense(units, activation, use_bias, kernel_initializer)}.
     *
     * @param units             output width, &gt; 0
     * @param activation        applied to z; {@link Activation#LINEAR} for none
     * @param useBias           whether to add a bias
     * @param kernelInitializer draws the kernel; the bias starts at zero
     */
    public Dense(int units, Activation activation, boolean useBias, Initializer kernelInitializer) {
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

    /**
     * Penalizes the kernel, as Keras's {@code kernel_regularizer}: {@code new Dense(64, Activation.RELU)
     * .kernelRegularizer(new L2(1e-4))}. The penalty joins the loss of fit and evaluate, its gradient the kernel's.
     */
    public Dense kernelRegularizer(Regularizer regularizer) {
        checkNotBuilt("kernelRegularizer");
        this.kernelRegularizer = regularizer;
        return this;
    }

    /** By Keras name: "l1", "l2", "l1_l2", with Keras's default factors. */
    public Dense kernelRegularizer(String name) {
        return kernelRegularizer(Regularizer.get(name));
    }

    /** Penalizes the bias, as Keras's {@code bias_regularizer}. */
    public Dense biasRegularizer(Regularizer regularizer) {
        checkNotBuilt("biasRegularizer");
        this.biasRegularizer = regularizer;
        return this;
    }

    /** By Keras name: "l1", "l2", "l1_l2", with Keras's default factors. */
    public Dense biasRegularizer(String name) {
        return biasRegularizer(Regularizer.get(name));
    }

    private void checkNotBuilt(String what) {
        if (isBuilt()) {
            throw new IllegalStateException("Dense \"" + name() + "\": set " + what + " before the layer is built");
        }
    }

    public int units() { return units; }

    public Initializer kernelInitializer() { return kernelInitializer; }

    public boolean useBias() { return useBias; }

    /** The kernel's regularizer, or null. */
    public Regularizer kernelRegularizer() { return kernelRegularizer; }

    /** The bias's regularizer, or null. */
    public Regularizer biasRegularizer() { return biasRegularizer; }

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
        addWeight("kernel", new long[] {inputShape[0], units}, true, kernelRegularizer);
        if (useBias) {
            addWeight("bias", new long[] {units}, true, biasRegularizer);
        }
        return new long[] {units};
    }

    @Override public Layer replica() {
        return replicaOf(new Dense(units, activation(), useBias, kernelInitializer)
                .kernelRegularizer(kernelRegularizer).biasRegularizer(biasRegularizer));
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
                + activation().name() + ", useBias=" + useBias + ", kernelInitializer=" + kernelInitializer.name()
                + (kernelRegularizer == null ? "" : ", kernelRegularizer=" + kernelRegularizer)
                + (biasRegularizer == null ? "" : ", biasRegularizer=" + biasRegularizer) + ")";
    }

    /**
     * {@code name}, {@code units}, {@code activation}, {@code kernel_initializer} and {@code use_bias}, by
     * Keras's keys and names; {@code input_dim} only when declared with {@link #inputDim(int)};
     * {@code kernel_regularizer} and {@code bias_regularizer} only when set, as {@code {"class_name": "L2",
     * "config": {"l2": 0.01}}}.
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
        if (kernelRegularizer != null) {
            config.put("kernel_regularizer", Regularizer.serialize(kernelRegularizer));
        }
        if (biasRegularizer != null) {
            config.put("bias_regularizer", Regularizer.serialize(biasRegularizer));
        }
        return config;
    }

    /** The layer {@link #config()} describes; absent keys take the constructor defaults. */
    public static Dense fromConfig(Map<String, Object> config) {
        Configs.checkKeys("Dense", config, "name", "units", "activation", "kernel_initializer", "use_bias",
                "input_dim", "kernel_regularizer", "bias_regularizer");
        Dense dense = new Dense(Configs.integer("Dense", config, "units"),
                Activation.get(Configs.string("Dense", config, "activation", "linear")),
                Configs.bool("Dense", config, "use_bias", true),
                Initializer.get(Configs.string("Dense", config, "kernel_initializer", "glorot_uniform")));
        if (config.get("kernel_regularizer") != null) {
            dense.kernelRegularizer(Regularizer.deserialize("Dense", "kernel_regularizer",
                    config.get("kernel_regularizer")));
        }
        if (config.get("bias_regularizer") != null) {
            dense.biasRegularizer(Regularizer.deserialize("Dense", "bias_regularizer",
                    config.get("bias_regularizer")));
        }
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
