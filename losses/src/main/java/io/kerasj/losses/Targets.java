package io.kerasj.losses;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What the element-wise losses share about targets: their shape, checked and read as the predictions'. */
final class Targets {

    private Targets() {}

    /** Targets of shape [m] read as [m, 1], the shape of a one-unit output; others as given. */
    static INDArray matching(INDArray yTrue) {
        return yTrue.rank() == 1 ? yTrue.reshape(yTrue.length(), 1) : yTrue;
    }

    /** Rejects targets that are not [m, k] for an output of width k ([m] when k = 1), naming the loss. */
    static void checkWidth(String loss, INDArray yTrue, int outputWidth) {
        boolean ok = yTrue.rank() == 2 ? yTrue.columns() == outputWidth : yTrue.rank() == 1 && outputWidth == 1;
        if (!ok) {
            throw new IllegalArgumentException(loss + ": expected targets of shape [m, " + outputWidth
                    + "], got shape " + Arrays.toString(yTrue.shape()));
        }
    }
}
