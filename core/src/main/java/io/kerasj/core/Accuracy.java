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

    @Override public String name() { return name; }

    @Override public void reset() {
        correct = 0;
        total = 0;
    }

    @Override public void update(INDArray yTrue, INDArray yPred) {
        Matrix t = Matrix.of(yTrue);
        Matrix p = Matrix.of(yPred);
        int m = p.rows;
        int k = p.cols;
        Kind resolved = kind != Kind.FROM_SHAPES ? kind
                : k == 1 ? Kind.BINARY
                : t.length() == m ? Kind.SPARSE
                : Kind.CATEGORICAL;
        int tCols = m == 0 ? 0 : t.length() / m;
        double right = Kernels.rows(p, t, null, k, (x, y, rows, cols) -> {
            int count = 0;
            for (int r = 0; r < rows; r++) {
                boolean hit = switch (resolved) {
                    case BINARY -> (x[r] > 0.5) == (y[r] > 0.5);
                    case SPARSE -> argMax(x, r * cols, cols) == (int) y[r];
                    default -> argMax(x, r * cols, cols) == argMax(y, r * tCols, tCols);
                };
                if (hit) {
                    count++;
                }
            }
            return count;
        });
        correct += (long) right;
        total += m;
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
