package io.kerasj.losses;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Softmax by its definition, for the tests' expected values: in float64, row by row, e^{z − max} / Σ e^{z − max}. */
final class ReferenceSoftmax {

    private ReferenceSoftmax() {}

    /** softmax of every row of the matrix z, read element by element. */
    static double[][] of(INDArray z) {
        int rows = (int) z.rows();
        int cols = (int) z.columns();
        double[][] p = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, z.getDouble(i, c));
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += Math.exp(z.getDouble(i, c) - max);
            }
            for (int c = 0; c < cols; c++) {
                p[i][c] = Math.exp(z.getDouble(i, c) - max) / sum;
            }
        }
        return p;
    }
}
