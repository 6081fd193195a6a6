package io.kerasj.regularizers;

import io.kerasj.core.Configs;
import io.kerasj.ops.Ops;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A penalty on a weight tensor, added to the training loss, as Keras's {@code keras.regularizers}: give one to a
 * layer ({@code new Dense(64, Activation.RELU).kernelRegularizer(new L2(1e-4))}) and the model adds the penalty to
 * the loss it reports, in fit as in evaluate, and its gradient to the weight's gradient.
 */
public interface Regularizer {

    /** The penalty of {@code weights}; {@code scratch} is a buffer of the weights' shape to use. */
    double penalty(Ops ops, INDArray weights, INDArray scratch);

    /** Adds ∂penalty/∂weights into {@code gradient}; {@code scratch} is a buffer of the weights' shape to use. */
    void addGradient(Ops ops, INDArray weights, INDArray gradient, INDArray scratch);

    /** The Keras class name it is saved under: "L1", "L2", "L1L2". */
    String className();

    /** The factors under Keras's keys: {@code {"l2": 0.01}}. */
    Map<String, Object> config();

    /** The names {@link #get} knows. */
    List<String> NAMES = List.of("l1", "l2", "l1_l2");

    /**
     * The regularizer with this Keras name (any case) and Keras's default factors: "l1" (0.01), "l2" (0.01), "l1_l2"
     * or "l1l2" (0 and 0, as Keras 3's {@code L1L2()}).
     */
    static Regularizer get(String name) {
        String key = name == null ? null : name.toLowerCase(Locale.ROOT);
        if ("l1".equals(key)) {
            return new L1();
        } else if ("l2".equals(key)) {
            return new L2();
        } else if ("l1_l2".equals(key) || "l1l2".equals(key)) {
            return new L1L2();
        }
        throw new IllegalArgumentException("Unknown regularizer \"" + name + "\"; expected one of " + NAMES);
    }

    /** {@code {"class_name": "L2", "config": {"l2": 0.01}}}, as Keras serializes a regularizer. */
    static Map<String, Object> serialize(Regularizer regularizer) {
        Map<String, Object> serialized = new LinkedHashMap<>();
        serialized.put("class_name", regularizer.className());
        serialized.put("config", regularizer.config());
        return serialized;
    }

    /**
     * The regularizer a config value describes: {@link #serialize}'s form (Keras's "module" and "registered_name" are
     * accepted and ignored), or a name for {@link #get}; {@code key} names the config entry in messages.
     */
    static Regularizer deserialize(String type, String key, Object value) {
        if (value instanceof String name) {
            return get(name);
        }
        if (!(value instanceof Map<?, ?> map) || !(map.get("class_name") instanceof String className)
                || !(map.get("config") == null || map.get("config") instanceof Map)) {
            throw new IllegalArgumentException(type + ": " + key + " must be a regularizer name or {\"class_name\": "
                    + "..., \"config\": {...}}. Received: " + value);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        if (map.get("config") instanceof Map<?, ?> inner) {
            inner.forEach((k, v) -> config.put(String.valueOf(k), v));
        }
        String what = type + " " + key + " " + className;
        return switch (className) {
            case "L1" -> {
                Configs.checkKeys(what, config, "l1");
                yield new L1(Configs.number(what, config, "l1", 0.01));
            }
            case "L2" -> {
                Configs.checkKeys(what, config, "l2");
                yield new L2(Configs.number(what, config, "l2", 0.01));
            }
            case "L1L2" -> {
                Configs.checkKeys(what, config, "l1", "l2");
                yield new L1L2(Configs.number(what, config, "l1", 0.0), Configs.number(what, config, "l2", 0.0));
            }
            default -> throw new IllegalArgumentException(type + ": unknown regularizer class \"" + className
                    + "\" in " + key + "; expected L1, L2 or L1L2");
        };
    }
}
