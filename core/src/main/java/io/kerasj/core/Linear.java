package io.kerasj.core;

/** f(z) = z. */
final class Linear implements Activation {
    @Override public String name() { return "linear"; }

    @Override public void forward(Matrix z, Matrix a) {
        if (a.array() != z.array()) {
            copy(z, a);
        }
    }

    @Override public void backward(Matrix z, Matrix a, Matrix gradA, Matrix gradZ) {
        if (gradZ.array() != gradA.array()) {
            copy(gradA, gradZ);
        }
    }

    private static void copy(Matrix from, Matrix to) {
        if (from.length() != to.length()) {
            throw new IllegalArgumentException("linear: " + from.length() + " elements into " + to.length());
        }
        from.copyTo(0, to, 0, from.length());
    }

    @Override public String toString() { return name(); }
}
