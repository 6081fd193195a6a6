package io.kerasj.engine;

import io.kerasj.ops.Ops;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where {@link Ops#host()}, {@link Ops#portable()} and {@link Ops#forBackend()} come from. Internal: not API.
 */
public final class Backends {

    /** The portable ops keep no state, so one instance serves every model. */
    private static final Ops PORTABLE = new PortableOps();

    /** The system property that overrides {@link #forBackend()}: "host" or "portable". */
    public static final String PROPERTY = "kerasj.ops";

    private Backends() {}

    /** A new host engine: each model has its own (its wrappers and loop-splitting setting are its own). */
    public static Ops host() {
        return new HostOps(PORTABLE, true);
    }

    public static Ops portable() {
        return PORTABLE;
    }

    /** {@link #host()} on ND4J's CPU backend, else {@link #portable()}; the system property {@value #PROPERTY} overrides. */
    public static Ops forBackend() {
        return hostChosen() ? host() : portable();
    }

    /** Whether {@link #forBackend()} takes the host engine. */
    private static boolean hostChosen() {
        String forced = System.getProperty(PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return switch (forced.trim().toLowerCase(Locale.ROOT)) {
                case "host" -> true;
                case "portable" -> false;
                default -> throw new IllegalArgumentException("System property " + PROPERTY + " must be \"host\" or "
                        + "\"portable\". Received: \"" + forced + "\"");
            };
        }
        return Nd4j.getEnvironment().isCPU();
    }

    /** The host engine for calls outside a model: one for all, since it keeps no wrappers; made on first use. */
    private static volatile HostOps standaloneHost;

    /**
     * The engine for a call outside a model, such as a loss computed directly: as {@link #forBackend()}, but a host
     * engine keeps no wrappers (and so no reference to the caller's arrays).
     */
    public static Ops standalone() {
        if (!hostChosen()) {
            return PORTABLE;
        }
        HostOps host = standaloneHost;
        if (host == null) {
            host = new HostOps(PORTABLE, false);
            standaloneHost = host;
        }
        // Loops split across the cores as a model's would now: only while BLAS runs on one thread.
        host.splitLoops(Nd4j.factory().blas().getMaxThreads() == 1);
        return host;
    }
}
