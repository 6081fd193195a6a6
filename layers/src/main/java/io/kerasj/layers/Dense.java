package io.kerasj.layers;

import io.kerasj.core.Activation;
import io.kerasj.core.Configs;
import io.kerasj.core.Layer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected layer: z = xW + b, a = activation(z).
 *
 * <p>Shapes: x [m, in], kernel W [in, units], bias b [units], z and a [m, units]. Backward, given
 * dz = ∂L/∂z: dW = xᵀdz, db = Σ_rows dz, dx = dz Wᵀ.
 *
 * <p>Defaults as Keras: linear activation, {@code glorot_uniform} kernel, zero bias, {@code useBias = true}.
 * The input width is inferred from the data unless given with {@link #inputDim(int)} (Keras's
 * {@code input_dim}).
 */
public final class Dense implements Layer {

    private final int units;
    private final Activation activation;
    private final Initializer kernelInitializer;
    private final boolean useBias;
    private String name;
    private int declaredInputWidth = -1;
    private int inputWidth = -1;
    private DataType dataType = DataType.FLOAT;

    private INDArray kernel;
    private INDArray bias;
    private INDArray kernelGradient;
    private INDArray biasGradient;

    /** The last forward call's input and buffers, kept for backward. */
    private INDArray input;
    private Buffers current;
    /** Buffers by batch size: training usually sees two (full and last batch), evaluation a third. */
    private final java.util.Map<Integer, Buffers> buffers = new java.util.HashMap<>();

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
        if (units <= 0) {
            throw new IllegalArgumentException("Dense: units must be a positive integer. Received: units=" + units);
        }
        if (activation == null || kernelInitializer == null) {
            throw new IllegalArgumentException("Dense: activation and kernelInitializer must not be null");
        }
        this.units = units;
        this.activation = activation;
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
            throw new IllegalArgumentException("Dense" + (name == null ? "" : " \"" + name + "\"")
                    + ": inputDim must be > 0. Received: inputDim=" + inputWidth);
        }
        this.declaredInputWidth = inputWidth;
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

    @Override public String name() { return name; }

    @Override public void setName(String name) { this.name = name; }

    @Override public String typeName() { return "Dense"; }

    @Override public int declaredInputWidth() { return declaredInputWidth; }

    @Override public int inputWidth() { return inputWidth; }

    @Override public int outputWidth() { return units; }

    @Override public Activation activation() { return activation; }

    @Override public void setDataType(DataType dataType) { this.dataType = dataType; }

    @Override public void build(int inputWidth) {
        this.inputWidth = inputWidth;
    }

    @Override public List<long[]> weightShapes() {
        List<long[]> shapes = new ArrayList<>();
        shapes.add(new long[] {inputWidth, units});
        if (useBias) {
            shapes.add(new long[] {units});
        }
        return shapes;
    }

    @Override public void bind(List<INDArray> weights, List<INDArray> gradients) {
        kernel = weights.get(0);
        kernelGradient = gradients.get(0);
        if (useBias) {
            bias = weights.get(1).reshape(1, units);
            biasGradient = gradients.get(1).reshape(1, units);
        }
    }

    @Override public void initialize(Random random) {
        kernelInitializer.fill(kernel, inputWidth, units, random);
        if (useBias) {
            bias.assign(0);
        }
    }

    @Override public INDArray forward(INDArray x) {
        if (x.rank() != 2 || x.columns() != inputWidth) {
            throw new IllegalArgumentException("Dense \"" + name + "\": expected input of width " + inputWidth
                    + ", got shape " + Arrays.toString(x.shape()));
        }
        input = x;
        current = buffers.computeIfAbsent((int) x.rows(), this::allocate);
        Nd4j.gemm(x, kernel, current.z, false, false, 1.0, 0.0);
        if (useBias) {
            current.z.addiRowVector(bias);
        }
        activation.forward(current.z, current.a);
        return current.a;
    }

    @Override public INDArray preActivation() {
        return current.z;
    }

    @Override public INDArray backward(INDArray gradOutput, boolean needInputGradient) {
        activation.backward(current.z, current.a, gradOutput, current.gradZ);
        return backwardFromPreActivation(current.gradZ, needInputGradient);
    }

    @Override public INDArray backwardFromPreActivation(INDArray gradZ, boolean needInputGradient) {
        Nd4j.gemm(input, gradZ, kernelGradient, true, false, 1.0, 0.0);
        if (useBias) {
            gradZ.sum(biasGradient, 0);
        }
        if (!needInputGradient) {
            return null;
        }
        Nd4j.gemm(gradZ, kernel, current.gradX, false, true, 1.0, 0.0);
        return current.gradX;
    }

    private Buffers allocate(int m) {
        INDArray z = Nd4j.create(dataType, m, units);
        // A linear layer's output is its pre-activation: one buffer serves both.
        INDArray a = activation == Activation.LINEAR ? z : Nd4j.create(dataType, m, units);
        return new Buffers(z, a, Nd4j.create(dataType, m, units), Nd4j.create(dataType, m, inputWidth));
    }

    /** Per-batch-size buffers: pre-activation, output, ∂L/∂z and ∂L/∂x. */
    private record Buffers(INDArray z, INDArray a, INDArray gradZ, INDArray gradX) {}

    @Override public String toString() {
        return "Dense(" + (name == null ? "" : "name=" + name + ", ") + "units=" + units + ", activation="
                + activation.name() + ", kernelInitializer=" + kernelInitializer.name() + ", useBias=" + useBias + ")";
    }

    /**
     * {@code name}, {@code units}, {@code activation}, {@code kernel_initializer} and {@code use_bias}, by
     * Keras's keys and names; {@code input_dim} only when declared with {@link #inputDim(int)}.
     */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        config.put("units", units);
        config.put("activation", activation.name());
        config.put("kernel_initializer", kernelInitializer.name());
        config.put("use_bias", useBias);
        if (declaredInputWidth > 0) {
            config.put("input_dim", declaredInputWidth);
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
