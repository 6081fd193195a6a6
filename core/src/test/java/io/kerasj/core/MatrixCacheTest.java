package io.kerasj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MatrixCacheTest {

    /**
     * The same array gets the same wrapper; another array, even one equal in shape and values (or a view of the
     * first), gets its own, which reads its own elements.
     */
    @Test
    void aWrapperIsKeptForTheSameArrayOnly() {
        Matrix.Cache cache = new Matrix.Cache();
        INDArray first = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}});
        INDArray twin = first.dup();
        INDArray secondRow = first.getRow(1, true);

        Matrix wrapped = cache.of(first);
        assertSame(wrapped, cache.of(first));
        assertSame(first, wrapped.array());

        Matrix other = cache.of(twin);
        assertNotSame(wrapped, other);
        assertSame(twin, other.array());

        Matrix row = cache.of(secondRow);
        assertEquals(1, row.rows);
        assertEquals(3.0, row.get(0));
        assertEquals(4.0, row.get(1));
        // Back to the first array: a new wrapper of it, reading its first element.
        assertEquals(1.0, cache.of(first).get(0));
    }
}
