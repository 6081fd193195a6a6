package io.kerasj.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class DatasetTest {

    /** Samples 0..n−1: features [i, 10·i], target [i]. */
    private static Dataset numbers(int n) {
        return Dataset.fromSamples(() -> IntStream.range(0, n)
                .mapToObj(i -> new Dataset.Sample(new double[] {i, 10 * i}, new double[] {i})).iterator(), n);
    }

    /** The targets of one pass, in the order given. */
    private static List<Integer> order(Dataset data, long seed, long pass) {
        List<Integer> ids = new ArrayList<>();
        try (Dataset.Cursor cursor = data.open(DataType.DOUBLE, seed, pass)) {
            while (cursor.hasNext()) {
                for (double v : cursor.next().y().toDoubleVector()) {
                    ids.add((int) v);
                }
            }
        }
        return ids;
    }

    @Test
    void batchGroupsConsecutiveSamplesAndKeepsTheLastPartialBatch() {
        Dataset batched = numbers(10).batch(4);
        assertEquals(3, batched.cardinality());
        assertTrue(batched.isBatched());
        List<long[]> shapes = new ArrayList<>();
        try (Dataset.Cursor cursor = batched.open(DataType.FLOAT, 0, 0)) {
            Dataset.Batch first = cursor.next();
            assertArrayEquals(new double[] {0, 0, 1, 10, 2, 20, 3, 30}, first.x().castTo(DataType.DOUBLE)
                    .reshape(8).toDoubleVector());
            assertEquals(DataType.FLOAT, first.x().dataType());
            shapes.add(first.x().shape());
            cursor.forEachRemaining(b -> shapes.add(b.x().shape()));
        }
        assertArrayEquals(new long[] {4, 2}, shapes.get(0));
        assertArrayEquals(new long[] {4, 2}, shapes.get(1));
        assertArrayEquals(new long[] {2, 2}, shapes.get(2));
    }

    @Test
    void aBufferAsLargeAsTheDataGivesAPermutationAndABufferOfOneKeepsTheOrder() {
        List<Integer> shuffled = order(numbers(50).shuffle(50).batch(7), 3, 0);
        List<Integer> sorted = new ArrayList<>(shuffled);
        sorted.sort(null);
        assertEquals(IntStream.range(0, 50).boxed().toList(), sorted);
        assertNotEquals(IntStream.range(0, 50).boxed().toList(), shuffled);
        // tf.data: a buffer of one holds the next element only, so nothing moves.
        assertEquals(IntStream.range(0, 50).boxed().toList(), order(numbers(50).shuffle(1).batch(7), 3, 0));
    }

    /**
     * tf.data's buffer semantics: when element k is given out the buffer has read at most elements 0..k+b−1, so
     * output k is one of those; and a small buffer still moves elements.
     */
    @Test
    void aSmallBufferOnlyDrawsFromTheElementsReadSoFar() {
        int b = 5;
        for (long seed = 0; seed < 20; seed++) {
            List<Integer> out = order(numbers(200).shuffle(b).batch(16), seed, 0);
            assertEquals(200, out.size());
            assertEquals(200, out.stream().distinct().count());
            for (int k = 0; k < out.size(); k++) {
                assertTrue(out.get(k) <= k + b - 1, "seed " + seed + ": output " + k + " is element " + out.get(k));
            }
            assertNotEquals(IntStream.range(0, 200).boxed().toList(), out);
        }
    }

    @Test
    void eachPassIsShuffledAnewAndReproducibly() {
        Dataset data = numbers(30).shuffle(30).batch(8);
        assertEquals(order(data, 7, 0), order(data, 7, 0));
        assertNotEquals(order(data, 7, 0), order(data, 7, 1));
        assertNotEquals(order(data, 7, 0), order(data, 8, 0));
        // An explicit seed wins over the seed the caller (fit: the model's) passes.
        Dataset own = numbers(30).shuffle(30, 99).batch(8);
        assertEquals(order(own, 7, 2), order(own, 8, 2));
    }

    @Test
    void shuffleAfterBatchMovesWholeBatches() {
        List<Integer> out = order(numbers(12).batch(3).shuffle(4, 5), 0, 0);
        for (int k = 0; k < 12; k += 3) {
            int first = out.get(k);
            assertEquals(0, first % 3, "batch starting at " + first);
            assertEquals(List.of(first, first + 1, first + 2), out.subList(k, k + 3));
        }
    }

    @Test
    void repeatGivesPassAfterPassWithoutEnd() {
        Dataset repeated = numbers(3).batch(2).repeat();
        assertEquals(Dataset.INFINITE, repeated.cardinality());
        List<Integer> ids = new ArrayList<>();
        try (Dataset.Cursor cursor = repeated.open(DataType.DOUBLE, 0, 0)) {
            for (int i = 0; i < 6; i++) {
                for (double v : cursor.next().y().toDoubleVector()) {
                    ids.add((int) v);
                }
            }
        }
        assertEquals(List.of(0, 1, 2, 0, 1, 2, 0, 1, 2), ids);
    }

    @Test
    void fromArraysGivesTheRowsAsSamples() {
        double[][] x = new double[2500][3];
        double[] y = new double[2500];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {i, -i, 0.5};
            y[i] = i % 2;
        }
        Dataset data = Dataset.fromArrays(Nd4j.createFromArray(x), Nd4j.createFromArray(y)).batch(1000);
        assertEquals(3, data.cardinality());
        try (Dataset.Cursor cursor = data.open(DataType.DOUBLE, 0, 0)) {
            cursor.next();
            cursor.next();
            Dataset.Batch last = cursor.next();
            assertArrayEquals(new long[] {500, 3}, last.x().shape());
            assertArrayEquals(new long[] {500, 1}, last.y().shape());
            // Row 2499 (the last): [2499, −2499, 0.5], target 1.
            assertArrayEquals(new double[] {2499, -2499, 0.5}, last.x().getRow(499).toDoubleVector());
            assertEquals(1.0, last.y().getDouble(499, 0));
            assertFalse(cursor.hasNext());
        }
    }

    @Test
    void samplesOfDifferentWidthsAreRefusedNamingThem() {
        Dataset data = Dataset.fromSamples(() -> List.of(new Dataset.Sample(new double[] {1, 2}, new double[] {0}),
                new Dataset.Sample(new double[] {1, 2, 3}, new double[] {0})).iterator()).batch(2);
        try (Dataset.Cursor cursor = data.open(DataType.DOUBLE, 0, 0)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, cursor::next);
            assertEquals("Dataset: sample 1 of the pass has 3 features and 1 targets, but sample 0 has 2 and 1; every "
                    + "sample must have the same", e.getMessage());
        }
    }

    @Test
    void closingAPassEarlyClosesTheSourceIterator() {
        AtomicInteger closed = new AtomicInteger();
        class Source implements Iterator<Dataset.Sample>, AutoCloseable {
            int i;

            @Override public boolean hasNext() {
                return true;
            }

            @Override public Dataset.Sample next() {
                return new Dataset.Sample(new double[] {i++});
            }

            @Override public void close() {
                closed.incrementAndGet();
            }
        }
        Dataset data = Dataset.fromSamples(Source::new).shuffle(10).batch(4);
        assertEquals(Dataset.UNKNOWN, data.cardinality());
        try (Dataset.Cursor cursor = data.open(DataType.DOUBLE, 0, 0)) {
            assertNull(cursor.next().y());
        }
        assertEquals(1, closed.get());
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("Dataset.batch: batchSize must be > 0. Received: batchSize=0",
                assertThrows(IllegalArgumentException.class, () -> numbers(3).batch(0)).getMessage());
        assertEquals("Dataset.shuffle: bufferSize must be > 0. Received: bufferSize=-1",
                assertThrows(IllegalArgumentException.class, () -> numbers(3).shuffle(-1)).getMessage());
        assertThrows(IllegalStateException.class, () -> numbers(3).batch(2).batch(2));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Dataset.fromArrays(Nd4j.zeros(3, 2), Nd4j.zeros(4)));
        assertTrue(shape.getMessage().contains("[4]"), shape.getMessage());
    }
}
