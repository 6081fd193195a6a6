package io.kerasj.engine;

/**
 * One thread's heap scratch arrays for the host kernels: grown on demand and then reused, so that a training step
 * makes no garbage; each thread of a parallel loop has its own.
 *
 * <p>Found through the first thread that asked before a ThreadLocal: a small model's step asks about a hundred times,
 * and a ThreadLocal lookup that misses its slot in a thread's crowded map (ND4J and JavaCPP keep many) walks the
 * map each time; measured on the blobs model, those walks took a tenth of the step in some runs and none in others.
 */
final class Scratch {

    private static final ThreadLocal<Scratch> OF_THREAD = ThreadLocal.withInitial(Scratch::new);
    /**
     * The scratch of the first thread that asked (the one that trains), while that thread lives: only ever used by its
     * owner, whoever reads it here checks that. Not the last thread to ask: the workers of a split loop would take
     * turns writing it, and every call would miss.
     */
    private static volatile Scratch last;

    private final Thread owner = Thread.currentThread();
    final double[][] doubles = {new double[0], new double[0], new double[0]};
    final float[][] floats = {new float[0], new float[0]};
    /** Float staging for {@link Matrix}'s widening copies. */
    float[] staging = new float[0];
    /** Bit patterns of a block, for {@link Kernels#allFinite}. */
    final int[] bits = new int[Kernels.BLOCK];
    final long[] longBits = new long[Kernels.BLOCK];
    private Kernels.SkinnyScratch skinny;

    private Scratch() {}

    /** The calling thread's scratch. */
    static Scratch get() {
        Scratch s = last;
        if (s != null && s.owner == Thread.currentThread()) {
            return s;
        }
        Scratch mine = OF_THREAD.get();
        if (s == null || !s.owner.isAlive()) {
            last = mine;
        }
        return mine;
    }

    Kernels.SkinnyScratch skinny() {
        if (skinny == null) {
            skinny = new Kernels.SkinnyScratch();
        }
        return skinny;
    }
}
