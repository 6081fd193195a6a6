package io.kerasj.optimizers;

import io.kerasj.core.BaseOptimizer;
import io.kerasj.core.Configs;
import io.kerasj.core.LearningRateSchedule;
import io.kerasj.ops.Ops;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adagrad (Duchi, Hazan and Singer, 2011) with Keras 3's update rule:
 * <pre>
 * A ← A + g²                     (A starts at initialAccumulatorValue)
 * θ ← θ − lr·g / √(A + ε)
 * </pre>
 * Defaults as Keras: learningRate 0.001, initialAccumulatorValue 0.1, epsilon 1e-7, no weight decay.
 */
public final class Adagrad extends BaseOptimizer {

    private static final List<String> NAMES = List.of("accumulator");

    private final double initialAccumulatorValue;
    private final double epsilon;
    /** The accumulator A; one scratch array. */
    private final StateArrays arrays;

    public Adagrad() {
        this(0.001);
    }

    public Adagrad(double learningRate) {
        this(learningRate, 0.1, 1e-7);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public Adagrad(LearningRateSchedule learningRate) {
        this(learningRate, 0.1, 1e-7);
    }

    public Adagrad(double learningRate, double initialAccumulatorValue, double epsilon) {
        this(learningRate, initialAccumulatorValue, epsilon, 0.0, 0.0, 0.0);
    }

    /** With a learning rate schedule, evaluated at each step. */
    public Adagrad(LearningRateSchedule learningRate, double initialAccumulatorValue, double epsilon) {
        this(learningRate, initialAccumulatorValue, epsilon, 0.0, 0.0, 0.0);
    }

    /** With a constant learning rate &gt; 0. */
    public Adagrad(double learningRate, double initialAccumulatorValue, double epsilon, double weightDecay,
                   double clipNorm, double clipValue) {
        this(constant(learningRate), initialAccumulatorValue, epsilon, weightDecay, clipNorm, clipValue);
    }

    /**
     * @param weightDecay decoupled weight decay, θ ← θ − lr·wd·θ before each update (0 = off)
     * @param clipNorm    rescale each weight tensor's gradient to at most this norm (0 = off)
     * @param clipValue   clip each gradient element to [−clipValue, clipValue] (0 = off); not with clipNorm
     */
    public Adagrad(LearningRateSchedule learningRate, double initialAccumulatorValue, double epsilon,
                   double weightDecay, double clipNorm, double clipValue) {
        super(learningRate, weightDecay, clipNorm, clipValue);
        if (!(initialAccumulatorValue >= 0) || Double.isInfinite(initialAccumulatorValue)) {
            throw new IllegalArgumentException("Adagrad: initialAccumulatorValue must be a finite number >= 0. "
                    + "Received: initialAccumulatorValue=" + initialAccumulatorValue);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adagrad: epsilon must be > 0. Received: epsilon=" + epsilon);
        }
        this.initialAccumulatorValue = initialAccumulatorValue;
        this.epsilon = epsilon;
        this.arrays = new StateArrays("Adagrad", NAMES, initialAccumulatorValue, 1);
    }

    @Override public String name() { return "adagrad"; }

    public double initialAccumulatorValue() { return initialAccumulatorValue; }

    public double epsilon() { return epsilon; }

    @Override protected void update(Ops ops, INDArray theta, INDArray g, long t) {
        INDArray[] a = arrays.forStep(theta);
        INDArray accumulator = a[0];
        INDArray d = a[1];
        ops.square(g, d);
        ops.add(accumulator, d, accumulator);
        ops.addScalar(accumulator, epsilon, d);
        ops.sqrt(d, d);
        ops.scale(g, learningRate(), g);   // the gradient buffer is scratch: g becomes lr·g / √(A + ε)
        ops.div(g, d, g);
        ops.sub(theta, g, theta);
    }

    @Override public String toString() {
        return "Adagrad(learningRate=" + learningRate() + ", initialAccumulatorValue=" + initialAccumulatorValue
                + ", epsilon=" + epsilon + ")";
    }

    /** {@link BaseOptimizer#config()} plus {@code initial_accumulator_value} and {@code epsilon}. */
    @Override public Map<String, Object> config() {
        Map<String, Object> config = super.config();
        config.put("initial_accumulator_value", initialAccumulatorValue);
        config.put("epsilon", epsilon);
        return config;
    }

    /** The optimizer {@link #config()} describes; absent keys take Keras's defaults. */
    public static Adagrad fromConfig(Map<String, Object> config) {
        String type = "Adagrad";
        Configs.checkKeys(type, config, "learning_rate", "initial_accumulator_value", "epsilon", "weight_decay",
                "clipnorm", "clipvalue");
        return new Adagrad(learningRate(type, config, 0.001),
                Configs.number(type, config, "initial_accumulator_value", 0.1),
                Configs.number(type, config, "epsilon", 1e-7),
                Configs.number(type, config, "weight_decay", 0.0),
                Configs.number(type, config, "clipnorm", 0.0),
                Configs.number(type, config, "clipvalue", 0.0));
    }

    /** "accumulator", after the first step. */
    @Override public Map<String, INDArray> state() {
        return arrays.state();
    }

    @Override protected void restoreState(Map<String, INDArray> state) {
        arrays.restore(state);
    }
}
