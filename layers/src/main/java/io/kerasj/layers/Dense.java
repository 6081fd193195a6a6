package io.kerasj.layers;

import io.kerasj.core.Activation;
import io.kerasj.core.Kernels;
import io.kerasj.core.Configs;
import io.kerasj.core.Layer;
import io.kerasj.core.Matrix;
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

    private Matrix kernel;
    private Matrix bias;
    private Matrix kernelGradient;
    private Matrix biasGradient;

    /** The last forward call's input and buffers, kept for backward. */
    private Matrix input;
    private Buffers current;
    /** Wrappers of the input and of the gradient handed to backward, which are the same arrays step after step. */
    private final Matrix.Cache inputs = new Matrix.Cache();
    private final Matrix.Cache upstream = new Matrix.Cache();
    /**
     * Buffers by batch size, the {@value #KEPT_BATCH_SIZES} most recently used: training sees two (full and last
     * batch), evaluation a third; predicting with ever new batch sizes must not keep them all.
     */
    private final Map<Integer, Buffers> buffers = new LinkedHashMap<>(8, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<Integer, Buffers> eldest) {
            return size() > KEPT_BATCH_SIZES;
        }
    };
    private static final int KEPT_BATCH_SIZES = 4;

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

    @Override public Layer replica() {
        Dense replica = new Dense(units, activation, kernelInitializer, useBias);
        replica.name = name;
        replica.declaredInputWidth = declaredInputWidth;
        replica.dataType = dataType;
        replica.build(inputWidth);
        return replica;
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
        kernel = Matrix.of(weights.get(0));
        kernelGradient = Matrix.of(gradients.get(0));
        if (useBias) {
            bias = Matrix.of(weights.get(1));
            biasGradient = Matrix.of(gradients.get(1));
        }
    }

    @Override public void initialize(Random random) {
        kernelInitializer.fill(kernel.array(), inputWidth, units, random);
        if (useBias) {
            bias.fill(0);
        }
    }

    @Override public INDArray forward(INDArray x, boolean applyActivation) {
        if (x.rank() != 2 || x.columns() != inputWidth) {
            throw new IllegalArgumentException("Dense \"" + name + "\": expected input of width " + inputWidth
                    + ", got shape " + Arrays.toString(x.shape()));
        }
        input = inputs.of(x);
        if (current == null || current.rows != x.rows()) {
            current = buffers.computeIfAbsent((int) x.rows(), this::allocate);
        }
        if (useBias) {
            Kernels.affine(input, kernel, bias, current.z);
        } else {
            Kernels.matmul(input, kernel, current.z, false, false);
        }
        if (applyActivation) {
            activation.forward(current.z, current.a);
        }
        return current.a.array();
    }

    @Override public INDArray preActivation() {
        return current.z.array();
    }

    @Override public INDArray backward(INDArray gradOutput, boolean needInputGradient) {
        Matrix gradZ = current.gradZ();
        activation.backward(current.z, current.a, upstream.of(gradOutput), gradZ);
        return backward(gradZ, needInputGradient);
    }

    @Override public INDArray backwardFromPreActivation(INDArray gradZ, boolean needInputGradient) {
        return backward(upstream.of(gradZ), needInputGradient);
    }

    /** dW = xᵀdz, db = Σ_rows dz, dx = dz Wᵀ. */
    private INDArray backward(Matrix gradZ, boolean needInputGradient) {
        Kernels.matmul(input, gradZ, kernelGradient, true, false);
        if (useBias) {
            Kernels.sumRows(gradZ, biasGradient);
        }
        if (!needInputGradient) {
            return null;
        }
        Matrix gradX = current.gradX();
        Kernels.matmul(gradZ, kernel, gradX, false, true);
        return gradX.array();
    }

    private Buffers allocate(int m) {
        Matrix z = Matrix.of(Nd4j.create(dataType, m, units));
        // A linear layer's output is its pre-activation: one buffer serves both.
        Matrix a = activation == Activation.LINEAR ? z : Matrix.of(Nd4j.create(dataType, m, units));
        return new Buffers(m, z, a);
    }

    /**
     * Per-batch-size buffers: pre-activation and output, and ∂L/∂z and ∂L/∂x allocated on first use. An output
     * layer trained from its logits never needs its own ∂L/∂z, nor a first layer ∂L/∂x (for MNIST in one batch
     * that buffer alone would be 188 MB), and prediction needs neither.
     */
    private final class Buffers {
        private final int rows;
        private final Matrix z;
        private final Matrix a;
        private Matrix gradZ;
        private Matrix gradX;

        Buffers(int rows, Matrix z, Matrix a) {
            this.rows = rows;
            this.z = z;
            this.a = a;
        }

        Matrix gradZ() {
            if (gradZ == null) {
                gradZ = Matrix.of(Nd4j.create(dataType, rows, units));
            }
            return gradZ;
        }

        Matrix gradX() {
            if (gradX == null) {
                gradX = Matrix.of(Nd4j.create(dataType, rows, inputWidth));
            }
            return gradX;
        }
    }

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
