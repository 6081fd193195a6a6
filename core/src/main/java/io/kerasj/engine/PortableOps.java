package io.kerasj.engine;

import io.kerasj.ops.Ops;
import io.kerasj.ops.Slots;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** ND4J's own ops only, so that it runs on any ND4J backend (to be written). */
final class PortableOps implements Ops {

    @Override public String name() {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void matmul(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void affine(INDArray x, INDArray w, INDArray bias, INDArray z) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void sumRows(INDArray a, INDArray out) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void copy(INDArray a, INDArray out) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void add(INDArray a, INDArray b, INDArray out) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void sub(INDArray a, INDArray b, INDArray out) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void mul(INDArray a, INDArray b, INDArray out) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void scale(INDArray a, double s, INDArray out) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void clip(INDArray a, double min, double max, INDArray out) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public double sum(INDArray a) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public double sumSquares(INDArray a) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public boolean allFinite(INDArray a) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void relu(INDArray z, INDArray a) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void reluGrad(INDArray a, INDArray gradA, INDArray gradZ) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void sigmoid(INDArray z, INDArray a) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void sigmoidGrad(INDArray a, INDArray gradA, INDArray gradZ) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void tanh(INDArray z, INDArray a) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void tanhGrad(INDArray a, INDArray gradA, INDArray gradZ) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void softmax(INDArray z, INDArray a) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void softmaxGrad(INDArray a, INDArray gradA, INDArray gradZ) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public double softmaxCrossEntropy(INDArray targets, boolean ids, double labelSmoothing, INDArray logits, INDArray grad, INDArray softmax) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public double categoricalCrossEntropy(INDArray targets, boolean ids, double labelSmoothing, INDArray probabilities, double epsilon, INDArray grad) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public double sigmoidCrossEntropy(INDArray targets, double labelSmoothing, INDArray logits, INDArray grad) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public double binaryCrossEntropy(INDArray targets, double labelSmoothing, INDArray probabilities, double epsilon, INDArray grad) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public double meanSquaredError(INDArray targets, INDArray predictions, INDArray grad) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public long countArgMaxMatches(INDArray predictions, INDArray targets, boolean ids) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public long countThresholdMatches(INDArray predictions, INDArray targets, double threshold) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public Slots slots(int count, long size, DataType dataType) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void adam(INDArray theta, INDArray gradient, Slots state, double alpha, double beta1, double beta2, double epsilon, boolean amsgrad) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void sgd(INDArray theta, INDArray gradient, Slots velocity, double learningRate, double momentum, boolean nesterov) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void gatherRows(INDArray source, int[] index, int from, int count, INDArray target) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void addRowVector(INDArray a, INDArray row, INDArray out) {
        throw new UnsupportedOperationException("not written yet");
    }

    @Override public void mulRowVector(INDArray a, INDArray row, INDArray out) {
        throw new UnsupportedOperationException("not written yet");
    }
}
