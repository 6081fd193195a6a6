package io.kerasj.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fraction of samples predicted right. Which comparison applies is read from the shapes, as Keras's
 * "accuracy" does: a single output column is binary (threshold 0.5, as Keras, even for logits); integer
 * targets [m] or [m, 1] against k &gt; 1 outputs are sparse (id == argmax); one-hot [m, k] targets are
 * categorical (argmax == argmax).
 */
final class Accuracy implements Metric {

    enum Kind { FROM_SHAPES, CATEGORICAL, SPARSE, BINARY }

    private final String name;
    private final Kind kind;
    private long correct;
    private long total;

    Accuracy(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    /**
     * Kept from batch to batch, where a new one per batch would be garbage: the wrappers of the last arrays (the same
     * buffers in every step), and the counting loop for the last kind and target width.
     */
    private final Matrix.Cache targets = new Matrix.Cache();
    private final Matrix.Cache predictions = new Matrix.Cache();
    private Kernels.RowsOp counter;
    private Kind counterKind;
    private int counterColumns;

    @Override public String name() { return name; }

    @Override public void reset() {
        correct = 0;
        total = 0;
    }

    @Override public void update(INDArray yTrue, INDArray yPred) {
        Matrix t = targets.of(yTrue);
        Matrix p = predictions.of(yPred);
        int m = p.rows;
        int k = p.cols;
        Kind resolved = kind != Kind.FROM_SHAPES ? kind
                : k == 1 ? Kind.BINARY
                : t.length() == m ? Kind.SPARSE
                : Kind.CATEGORICAL;
        int tCols = m == 0 ? 0 : t.length() / m;
        if (counter == null || counterKind != resolved || counterColumns != tCols) {
            counter = counter(resolved, tCols);
            counterKind = resolved;
            counterColumns = tCols;
        }
        correct += (long) Kernels.rows(p, t, null, k, counter);
        total += m;
    }

    /** The loop that counts right answers in a block of rows, with {@code tCols} target columns per row. */
    private static Kernels.RowsOp counter(Kind kind, int tCols) {
        return (x, y, rows, cols) -> {
            int count = 0;
            for (int r = 0; r < rows; r++) {
                boolean hit = switch (kind) {
                    case BINARY -> (x[r] > 0.5) == (y[r] > 0.5);
                    case SPARSE -> argMax(x, r * cols, cols) == (int) y[r];
                    default -> argMax(x, r * cols, cols) == argMax(y, r * tCols, tCols);
                };
                if (hit) {
                    count++;
                }
            }
            return count;
        };
    }

    /** The first column of the row starting at {@code row} holding its largest value, as numpy's argmax. */
    private static int argMax(double[] values, int row, int cols) {
        int best = 0;
        for (int c = 1; c < cols; c++) {
            if (values[row + c] > values[row + best]) {
                best = c;
            }
        }
        return best;
    }

    @Override public double result() {
        return total == 0 ? 0.0 : (double) correct / total;
    }
}
