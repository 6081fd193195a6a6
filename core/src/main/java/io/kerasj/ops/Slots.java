package io.kerasj.ops;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An optimizer's state arrays (Adam's m and v, SGD's velocity), made by {@link Ops#slots} and kept in the form its
 * engine updates fastest; an optimizer reads and restores them only through here, to save and load them.
 */
public interface Slots {

    /** The number of arrays. */
    int count();

    /** The number of elements of each. */
    long size();

    /** A copy of array {@code i}, flat [size], in the slots' type. */
    INDArray get(int i);

    /** Overwrites array {@code i} with {@code values} (flat, {@link #size()} elements, any floating type). */
    void set(int i, INDArray values);
}
