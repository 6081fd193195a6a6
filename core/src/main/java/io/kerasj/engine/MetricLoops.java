package io.kerasj.engine;

/**
 * The counting loops of the AUC and top-k metrics over host arrays, shared by both engines so that they count
 * alike: the host engine runs them on its blocks of rows, the portable one on host copies.
 */
final class MetricLoops {

    private MetricLoops() {}

    /**
     * Keras's AUC buckets for n thresholds (n = positives.length): prediction p, clipped to [0, 1], falls in bucket
     * max(0, ⌈p·(n − 1)⌉ − 1); its target, as 1 when nonzero, adds to positives[bucket] and its complement to
     * negatives[bucket]. Returns the number of NaN predictions, which fall in no bucket.
     */
    static long buckets(double[] p, double[] y, int count, double[] positives, double[] negatives) {
        int n = positives.length;
        long nan = 0;
        for (int i = 0; i < count; i++) {
            double v = p[i];
            if (Double.isNaN(v)) {
                nan++;
                continue;
            }
            v = Math.min(1.0, Math.max(0.0, v));
            int bucket = Math.max(0, (int) Math.ceil(v * (n - 1)) - 1);
            if (y[i] != 0) {
                positives[bucket] += 1;
            } else {
                negatives[bucket] += 1;
            }
        }
        return nan;
    }

    /**
     * The rows of p [rows, cols] whose target class is among the k largest: fewer than k columns strictly above the
     * target's, as TensorFlow's {@code in_top_k} counts ties at the boundary in. The target is y[r] itself when
     * yCols is 1 (a class id; one outside [0, cols) never matches), else row r of y's first largest column.
     */
    static long topK(double[] p, double[] y, int rows, int cols, int yCols, int k) {
        long count = 0;
        for (int r = 0; r < rows; r++) {
            int target;
            if (yCols == 1) {
                double id = y[r];
                target = id >= 0 && id < cols && id == Math.rint(id) ? (int) id : -1;
            } else {
                target = 0;
                for (int j = 1; j < yCols; j++) {
                    if (y[r * yCols + j] > y[r * yCols + target]) {
                        target = j;
                    }
                }
            }
            if (target < 0) {
                continue;
            }
            double value = p[r * cols + target];
            int above = 0;
            for (int j = 0; j < cols; j++) {
                if (p[r * cols + j] > value) {
                    above++;
                }
            }
            // A NaN prediction is never in the top k.
            if (above < k && !Double.isNaN(value)) {
                count++;
            }
        }
        return count;
    }
}
