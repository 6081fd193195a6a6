package io.kerasj.losses;

import io.kerasj.core.Configs;
import io.kerasj.core.Loss;
import io.kerasj.ops.Ops;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's "categorical_hinge", for one-hot targets y and raw scores ŷ [m, k]: per row, pos = Σ_j y_j ŷ_j (the true
 * class's score), neg = max_j (1 − y_j) ŷ_j (the best other score, or 0 if all others are negative), and
 * L = (1/m) Σ_i max(neg_i − pos_i + 1, 0): one value per row, averaged over the rows. No options.
 *
 * <p>∂L/∂ŷ_j = a (1 − y_j) [j attains neg] / c − a y_j, divided by m, where a = [neg − pos + 1 ≥ 0] and c is the
 * number of columns attaining the row's max. Where TensorFlow's derivative decides: at neg − pos + 1 = 0, a = 1,
 * as its maximum passes the gradient to its first argument at a tie; and columns tied for the max share its
 * gradient equally (c), as its reduce_max does.
 *
 * <p>Ops has no row-wise max, so neg is the element-wise {@code maximum} of the k columns taken one after another
 * (k − 1 calls on column views), and the same columns carry the tie test and the row broadcasts: a few element-wise
 * calls per column, which the host engine hands to the portable ops as it does for any strided view.
 *
 * <p>Worked number (the example of tf.keras's docs): y = [[0, 1], [0, 0]], ŷ = [[0.6, 0.4], [0.4, 0.6]]: row 0
 * pos = 0.4, neg = 0.6, loss 1.2; row 1 pos = 0, neg = 0.6, loss 1.6; L = 1.4.
 */
public final class CategoricalHinge implements Loss {

    public CategoricalHinge() {}

    @Override public String name() { return "categorical_hinge"; }

    @Override public double compute(Ops ops, INDArray yTrue, INDArray yPred, INDArray grad) {
        int k = (int) yPred.size(-1);
        long rows = yPred.length() / k;
        if (yTrue.length() != yPred.length()) {
            throw new IllegalArgumentException(name() + ": expected one-hot targets of the predictions' shape "
                    + Arrays.toString(yPred.shape()) + ", got shape " + Arrays.toString(yTrue.shape()));
        }
        INDArray p = yPred.reshape(rows, k);
        INDArray y = yTrue.reshape(rows, k);
        INDArray notTrue = p.ulike();                           // 1 − y
        ops.scale(y, -1, notTrue);
        ops.addScalar(notTrue, 1, notTrue);
        INDArray other = p.ulike();                             // (1 − y) ŷ
        ops.mul(notTrue, p, other);
        INDArray scratch = p.ulike();
        ops.mul(y, p, scratch);
        INDArray pos = Nd4j.create(p.dataType(), rows);
        ops.sumColumns(scratch, pos);
        INDArray neg = Nd4j.create(p.dataType(), rows);
        ops.copy(other.getColumn(0), neg);
        for (int j = 1; j < k; j++) {
            ops.maximum(neg, other.getColumn(j), neg);
        }
        INDArray hinge = Nd4j.create(p.dataType(), rows);       // neg − pos + 1
        ops.sub(neg, pos, hinge);
        ops.addScalar(hinge, 1, hinge);
        if (grad != null) {
            INDArray g = grad.reshape(rows, k);
            // a = [hinge ≥ 0] = 1 − [−hinge > 0], over m.
            INDArray active = pos;                              // pos is no longer needed
            ops.scale(hinge, -1, active);
            ops.greaterThan(active, 0, active);
            ops.scale(active, -1, active);
            ops.addScalar(active, 1, active);
            ops.scale(active, 1.0 / rows, active);
            // tied[i, j] = [other_ij = neg_i] = 1 − [neg_i − other_ij > 0], since other_ij ≤ neg_i.
            INDArray tied = scratch;
            for (int j = 0; j < k; j++) {
                ops.sub(neg, other.getColumn(j), tied.getColumn(j));
            }
            ops.greaterThan(tied, 0, tied);
            ops.scale(tied, -1, tied);
            ops.addScalar(tied, 1, tied);
            INDArray share = neg;                               // a / (m c); neg is no longer needed
            ops.sumColumns(tied, share);
            ops.div(active, share, share);
            for (int j = 0; j < k; j++) {
                ops.mul(share, tied.getColumn(j), tied.getColumn(j));
                ops.mul(active, y.getColumn(j), g.getColumn(j));
            }
            ops.mul(tied, notTrue, tied);
            ops.sub(tied, g, g);
        }
        ops.clip(hinge, 0, Double.POSITIVE_INFINITY, hinge);
        return ops.sum(hinge) / rows;
    }

    /** Targets of the predictions' shape [m, k], one-hot as Keras expects (not checked: Keras reads any values). */
    @Override public void checkTargets(INDArray yTrue, int outputWidth) {
        Targets.checkWidth(name(), yTrue, outputWidth);
    }

    @Override public String toString() { return "CategoricalHinge()"; }

    /** The loss {@link #config()} describes: there are no options. */
    public static CategoricalHinge fromConfig(Map<String, Object> config) {
        Configs.checkKeys("CategoricalHinge", config);
        return new CategoricalHinge();
    }
}
