package io.kerasj.optimizers;

import io.kerasj.core.BaseOptimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The state of an update rule composed of generic {@link io.kerasj.ops.Ops} calls (RMSprop's velocity, Adagrad's
 * accumulator, ...), plus the scratch arrays the rule works in. Both are plain arrays shaped like the model's flat
 * buffer, in its type, so that the generic ops run on them on either engine; they are made at the first step (or
 * when the buffer's length changes) and reused, so a warm step allocates nothing. A restored state is kept aside
 * and copied in at the next step, when the buffer's type is known.
 */
final class StateArrays {

    private final String optimizer;
    private final List<String> names;
    private final double initialValue;
    private final int scratchCount;
    /** The named arrays, then the scratch arrays; null until the first step. */
    private INDArray[] arrays;
    private Map<String, INDArray> restored;
    /** The buffer last checked: its length is not asked again step after step. */
    private INDArray sized;

    /**
     * @param names        the state arrays' names, as {@code state()} exports them
     * @param initialValue every element of every state array before the first step (0, or Adagrad's 0.1)
     * @param scratchCount working arrays the rule overwrites at each step
     */
    StateArrays(String optimizer, List<String> names, double initialValue, int scratchCount) {
        this.optimizer = optimizer;
        this.names = names;
        this.initialValue = initialValue;
        this.scratchCount = scratchCount;
    }

    /** The state arrays in the order of the names, then the scratch arrays, for a step on {@code values}. */
    INDArray[] forStep(INDArray values) {
        if (arrays == null || (values != sized && arrays[0].length() != values.length())) {
            arrays = new INDArray[names.size() + scratchCount];
            for (int i = 0; i < arrays.length; i++) {
                // Allocation only, once: the rule itself touches these through Ops.
                arrays[i] = values.ulike().assign(i < names.size() ? initialValue : 0.0);
            }
            if (restored != null) {
                for (int i = 0; i < names.size(); i++) {
                    INDArray saved = restored.get(names.get(i));
                    if (saved.length() != values.length()) {
                        throw new IllegalArgumentException(optimizer + ": state array \"" + names.get(i) + "\" has "
                                + saved.length() + " elements, but the model has " + values.length() + " weights");
                    }
                    arrays[i].assign(saved.castTo(values.dataType()).reshape(values.shape()));
                }
                restored = null;
            }
        }
        sized = values;
        return arrays;
    }

    /** Copies of the named arrays (flat, in the model's type), or the restored ones not yet used; empty before the first step. */
    Map<String, INDArray> state() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        if (restored != null) {
            restored.forEach((name, array) -> state.put(name, array.dup()));
        } else if (arrays != null) {
            for (int i = 0; i < names.size(); i++) {
                state.put(names.get(i), arrays[i].dup().reshape(arrays[i].length()));
            }
        }
        return state;
    }

    /**
     * Forgets the arrays; a non-empty {@code state}, which must hold exactly the named arrays, is used at the next
     * step.
     */
    void restore(Map<String, INDArray> state) {
        if (!state.isEmpty()) {
            BaseOptimizer.checkState(optimizer, state, names.toArray(String[]::new));
        }
        arrays = null;
        sized = null;
        restored = null;
        if (!state.isEmpty()) {
            restored = new LinkedHashMap<>();
            for (String name : names) {
                restored.put(name, state.get(name).dup('c'));
            }
        }
    }
}
