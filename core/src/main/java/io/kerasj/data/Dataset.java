package io.kerasj.data;

import io.kerasj.core.Utils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A source of data read pass after pass, never held whole in memory: tf.data's {@code Dataset} as Keras's
 * {@code fit}, {@code evaluate} and {@code predict} take it.
 *
 * <pre>{@code
 * Dataset train = CsvDataset.read(Path.of("churn.csv"), "churned").shuffle(1000).batch(32);
 * model.fit(train, new FitOptions().epochs(10));
 * }</pre>
 *
 * <p>Its elements are samples (feature and target vectors, from {@link #fromSamples}, {@link #fromArrays} or a
 * {@link CsvDataset}) or, after {@link #batch(int)} or from {@link #fromBatches}, batches of them. The source is a
 * supplier of iterators, asked once per pass (per epoch in {@code fit}); an iterator that is also
 * {@link AutoCloseable} (an open file) is closed when its pass ends or is abandoned. A dataset is immutable:
 * {@code shuffle}, {@code batch} and {@code repeat} return new ones.
 *
 * <p>Counts are {@code long}, and batches are small arrays: nothing on this path is limited to 2³¹−1 elements.
 */
public final class Dataset {

    /** The {@link #cardinality()} of a dataset that never ends ({@link #repeat()}); tf.data's INFINITE_CARDINALITY. */
    public static final long INFINITE = -1;
    /** The {@link #cardinality()} of a dataset whose length is known only once a pass ends; tf.data's UNKNOWN_CARDINALITY. */
    public static final long UNKNOWN = -2;

    /** One sample: its features and its targets (a class id is a target of one value); {@code y} null for predict-only data. */
    public record Sample(double[] x, double[] y) {
        public Sample {
            if (x == null) {
                throw new IllegalArgumentException("Dataset.Sample: x is null");
            }
        }

        /** A sample with features only, for {@code predict}. */
        public Sample(double[] x) {
            this(x, null);
        }
    }

    /** A batch: features [rows, features...] and targets [rows, outputs] (null when there are none). */
    public record Batch(INDArray x, INDArray y) {
        public Batch {
            if (x == null || x.rank() < 2) {
                throw new IllegalArgumentException("Dataset.Batch: x must be [rows, features...]. Received: "
                        + (x == null ? "null" : Arrays.toString(x.shape())));
            }
            if (y != null && (y.rank() == 0 || y.size(0) != x.size(0))) {
                throw new IllegalArgumentException("Dataset.Batch: y must have one row per row of x " + Arrays.toString(
                        x.shape()) + ". Received: " + Arrays.toString(y.shape()));
            }
        }

        public long rows() {
            return x.size(0);
        }
    }

    /** One pass over a dataset's batches; close it to end the pass early (and close the file it reads). */
    public interface Cursor extends Iterator<Batch>, AutoCloseable {
        @Override void close();
    }

    /**
     * One pass over elements of type T. {@code seed} seeds shuffles that were given no seed of their own; {@code pass}
     * numbers the pass, so that each one is shuffled differently and reproducibly.
     */
    private interface Source<T> {
        Pass<T> open(long seed, long pass, DataType type);
    }

    /** An iterator that may hold a resource; a wrapper closes what it wraps. */
    private interface Pass<T> extends Iterator<T>, AutoCloseable {
        @Override void close();
    }

    private final Source<?> source;
    private final boolean batched;
    private final long cardinality;

    private Dataset(Source<?> source, boolean batched, long cardinality) {
        this.source = source;
        this.batched = batched;
        this.cardinality = cardinality;
    }

    // ---------------------------------------------------------------- sources

    /** Samples from an iterator made anew for every pass; the length is unknown until a pass ends. */
    public static Dataset fromSamples(Supplier<? extends Iterator<Sample>> samples) {
        return fromSamples(samples, UNKNOWN);
    }

    /** Samples from an iterator made anew for every pass, {@code count} of them per pass (or {@link #UNKNOWN}). */
    public static Dataset fromSamples(Supplier<? extends Iterator<Sample>> samples, long count) {
        return new Dataset(fromSupplier(samples, "fromSamples"), false, checkedCount(count));
    }

    /**
     * Ready batches from an iterator made anew for every pass (a reader that builds arrays itself); the number of
     * batches is unknown until a pass ends.
     */
    public static Dataset fromBatches(Supplier<? extends Iterator<Batch>> batches) {
        return fromBatches(batches, UNKNOWN);
    }

    /** Ready batches, {@code count} of them per pass (or {@link #UNKNOWN}). */
    public static Dataset fromBatches(Supplier<? extends Iterator<Batch>> batches, long count) {
        return new Dataset(fromSupplier(batches, "fromBatches"), true, checkedCount(count));
    }

    /**
     * The rows of x [m, features] and y [m] or [m, outputs] as samples, tf.data's {@code from_tensor_slices((x, y))};
     * y may be null. The arrays are read a block of rows at a time, not copied whole.
     */
    public static Dataset fromArrays(INDArray x, INDArray y) {
        if (x == null || x.rank() != 2 || x.size(0) == 0) {
            throw new IllegalArgumentException("Dataset.fromArrays: x must be [samples, features] with at least one "
                    + "sample. Received: " + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        if (y != null && (y.rank() == 0 || y.rank() > 2 || y.size(0) != x.size(0))) {
            throw new IllegalArgumentException("Dataset.fromArrays: y must be [samples] or [samples, outputs] with the "
                    + x.size(0) + " rows of x. Received: " + Arrays.toString(y.shape()));
        }
        long m = x.size(0);
        INDArray targets = y == null ? null : y.rank() == 1 ? y.reshape(m, 1) : y;
        Source<Sample> rows = (seed, pass, type) -> new Pass<>() {
            // Rows are converted in blocks: one array call per block instead of one per row.
            static final int BLOCK = 1024;
            long next;
            double[][] xs;
            double[][] ys;
            long blockStart = -1;

            @Override public boolean hasNext() {
                return next < m;
            }

            @Override public Sample next() {
                if (next >= m) {
                    throw new NoSuchElementException();
                }
                if (blockStart < 0 || next >= blockStart + xs.length) {
                    blockStart = next;
                    long to = Math.min(m, next + BLOCK);
                    xs = Utils.rows(x, next, to).toDoubleMatrix();
                    ys = targets == null ? null : Utils.rows(targets, next, to).toDoubleMatrix();
                }
                int i = (int) (next++ - blockStart);
                return new Sample(xs[i], ys == null ? null : ys[i]);
            }

            @Override public void close() {}
        };
        return new Dataset(rows, false, m);
    }

    // ---------------------------------------------------------------- transformations

    /**
     * tf.data's {@code shuffle(buffer_size)}: elements pass through a buffer of {@code bufferSize}, and each one
     * given out is drawn uniformly from it; a buffer at least as large as the dataset gives a full shuffle. Every
     * pass (every epoch) is shuffled differently, seeded by the model's seed in {@code fit}.
     */
    public Dataset shuffle(int bufferSize) {
        return shuffle(bufferSize, null);
    }

    /** As {@link #shuffle(int)}, seeded by {@code seed} (and the pass) instead of the model's seed. */
    public Dataset shuffle(int bufferSize, long seed) {
        return shuffle(bufferSize, Long.valueOf(seed));
    }

    private Dataset shuffle(int bufferSize, Long ownSeed) {
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("Dataset.shuffle: bufferSize must be > 0. Received: bufferSize="
                    + bufferSize);
        }
        return new Dataset(shuffled(source, bufferSize, ownSeed), batched, cardinality);
    }

    /**
     * tf.data's {@code batch(batch_size)}: consecutive samples in batches of {@code batchSize}, the last one smaller
     * when the samples run out (Keras keeps it).
     */
    public Dataset batch(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("Dataset.batch: batchSize must be > 0. Received: batchSize=" + batchSize);
        }
        if (batched) {
            throw new IllegalStateException("Dataset.batch: the dataset is already batched");
        }
        @SuppressWarnings("unchecked")
        Source<Sample> samples = (Source<Sample>) source;
        long count = cardinality >= 0 ? (cardinality + batchSize - 1) / batchSize : cardinality;
        return new Dataset(batching(samples, batchSize), true, count);
    }

    /**
     * tf.data's {@code repeat()}: pass after pass of this dataset without end, each shuffled anew. {@code fit} then
     * needs {@code stepsPerEpoch}.
     */
    public Dataset repeat() {
        Source<?> inner = source;
        Source<Object> repeated = (seed, pass, type) -> new Pass<>() {
            long round;
            Pass<?> current;

            @Override public boolean hasNext() {
                // A pass that yields nothing would loop forever: one empty pass ends the repetition.
                boolean fresh = false;
                while (current == null || !current.hasNext()) {
                    if (current != null) {
                        current.close();
                        if (fresh) {
                            current = null;
                            return false;
                        }
                    }
                    current = inner.open(seed, pass * 1_000_003L + round++, type);
                    fresh = true;
                }
                return true;
            }

            @Override public Object next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }

            @Override public void close() {
                if (current != null) {
                    current.close();
                }
            }
        };
        return new Dataset(repeated, batched, cardinality == 0 ? 0 : INFINITE);
    }

    // ---------------------------------------------------------------- reading

    /** Whether the elements are batches ({@link #batch(int)} or {@link #fromBatches}); fit, evaluate and predict need it. */
    public boolean isBatched() {
        return batched;
    }

    /** Elements per pass (batches once batched), or {@link #UNKNOWN}, or {@link #INFINITE}. */
    public long cardinality() {
        return cardinality;
    }

    /**
     * Opens pass {@code pass}, its arrays in {@code type}; shuffles without their own seed use {@code seed}. An
     * unbatched dataset gives each sample as a batch of one row.
     */
    public Cursor open(DataType type, long seed, long pass) {
        @SuppressWarnings("unchecked")
        Pass<Object> elements = (Pass<Object>) source.open(seed, pass, type);
        return new Cursor() {
            @Override public boolean hasNext() {
                return elements.hasNext();
            }

            @Override public Batch next() {
                Object element = elements.next();
                return element instanceof Sample s ? stack(List.of(s), type, 0) : (Batch) element;
            }

            @Override public void close() {
                elements.close();
            }
        };
    }

    // ---------------------------------------------------------------- the stages

    private static long checkedCount(long count) {
        if (count < 0 && count != UNKNOWN && count != INFINITE) {
            throw new IllegalArgumentException("Dataset: count must be >= 0, UNKNOWN or INFINITE. Received: " + count);
        }
        return count;
    }

    private static <T> Source<T> fromSupplier(Supplier<? extends Iterator<T>> supplier, String method) {
        if (supplier == null) {
            throw new IllegalArgumentException("Dataset." + method + ": the supplier is null");
        }
        return (seed, pass, type) -> {
            Iterator<T> it = supplier.get();
            if (it == null) {
                throw new IllegalStateException("Dataset." + method + ": the supplier returned null instead of an iterator");
            }
            return new Pass<>() {
                @Override public boolean hasNext() {
                    return it.hasNext();
                }

                @Override public T next() {
                    T element = it.next();
                    if (element == null) {
                        throw new IllegalStateException("Dataset." + method + ": the iterator returned null");
                    }
                    return element;
                }

                @Override public void close() {
                    if (it instanceof AutoCloseable closeable) {
                        try {
                            closeable.close();
                        } catch (Exception e) {
                            throw new IllegalStateException("Dataset." + method + ": closing the iterator failed: "
                                    + e.getMessage(), e);
                        }
                    }
                }
            };
        };
    }

    /** tf.data's shuffle buffer: fill it, then give out a random slot and refill that slot from the input. */
    private static <T> Source<T> shuffled(Source<T> input, int bufferSize, Long ownSeed) {
        return (seed, pass, type) -> {
            Pass<T> in = input.open(seed, pass, type);
            SplittableRandom random = new SplittableRandom(mix(ownSeed != null ? ownSeed : seed, pass));
            List<T> buffer = new ArrayList<>(Math.min(bufferSize, 1 << 16));
            return new Pass<>() {
                @Override public boolean hasNext() {
                    while (buffer.size() < bufferSize && in.hasNext()) {
                        buffer.add(in.next());
                    }
                    return !buffer.isEmpty();
                }

                @Override public T next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    int i = random.nextInt(buffer.size());
                    // Swap-remove: the slot drawn takes the last element, so the removal costs O(1).
                    T chosen = buffer.get(i);
                    buffer.set(i, buffer.get(buffer.size() - 1));
                    buffer.remove(buffer.size() - 1);
                    return chosen;
                }

                @Override public void close() {
                    buffer.clear();
                    in.close();
                }
            };
        };
    }

    private static Source<Batch> batching(Source<Sample> input, int batchSize) {
        return (seed, pass, type) -> {
            Pass<Sample> in = input.open(seed, pass, type);
            return new Pass<>() {
                long first;

                @Override public boolean hasNext() {
                    return in.hasNext();
                }

                @Override public Batch next() {
                    List<Sample> rows = new ArrayList<>(batchSize);
                    while (rows.size() < batchSize && in.hasNext()) {
                        rows.add(in.next());
                    }
                    if (rows.isEmpty()) {
                        throw new NoSuchElementException();
                    }
                    Batch batch = stack(rows, type, first);
                    first += rows.size();
                    return batch;
                }

                @Override public void close() {
                    in.close();
                }
            };
        };
    }

    /** Samples as one batch; {@code first} numbers the first of them in the pass, for the messages. */
    private static Batch stack(List<Sample> rows, DataType type, long first) {
        Sample head = rows.get(0);
        int width = head.x().length;
        int outputs = head.y() == null ? -1 : head.y().length;
        double[] x = new double[rows.size() * width];
        double[] y = outputs < 0 ? null : new double[rows.size() * outputs];
        for (int r = 0; r < rows.size(); r++) {
            Sample s = rows.get(r);
            if (s.x().length != width || (s.y() == null ? -1 : s.y().length) != outputs) {
                throw new IllegalArgumentException("Dataset: sample " + (first + r) + " of the pass has " + s.x().length
                        + " features and " + (s.y() == null ? "no" : String.valueOf(s.y().length)) + " targets, but "
                        + "sample " + first + " has " + width + " and " + (outputs < 0 ? "no" : String.valueOf(outputs))
                        + "; every sample must have the same");
            }
            System.arraycopy(s.x(), 0, x, r * width, width);
            if (y != null) {
                System.arraycopy(s.y(), 0, y, r * outputs, outputs);
            }
        }
        return new Batch(array(x, rows.size(), width, type), y == null ? null : array(y, rows.size(), outputs, type));
    }

    private static INDArray array(double[] values, int rows, int cols, DataType type) {
        if (type == DataType.DOUBLE) {
            return Nd4j.create(values, new long[] {rows, cols}, DataType.DOUBLE);
        }
        float[] narrow = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            narrow[i] = (float) values[i];
        }
        return Nd4j.create(narrow, new long[] {rows, cols}, 'c').castTo(type);
    }

    /** A well-spread seed per (seed, pass): the golden-ratio increment and SplitMix's finaliser. */
    static long mix(long seed, long pass) {
        long z = seed + 0x9E3779B97F4A7C15L * (pass + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
