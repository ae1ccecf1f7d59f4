package dev.modelport.gateway.telemetry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code caller} label of the usage counters, bounded: the first {@code max} distinct callers this replica sees
 * keep their name for as long as it runs, every later one is {@value #OTHER}. A request whose caller was not
 * identified is {@value #UNKNOWN}. Looking a known caller up takes no lock; only admitting a new one does.
 */
public final class CallerLabels {

    static final String OTHER = "other";
    static final String UNKNOWN = "unknown";

    private final int max;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();
    /** Set once max callers are admitted: the callers beyond them take no lock. */
    private volatile boolean full;

    /** @param max distinct callers labelled by name, at least 0 ({@code modelport.gateway.metrics.max-callers}) */
    public CallerLabels(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("modelport.gateway.metrics.max-callers must be 0 or more, not " + max);
        }
        this.max = max;
    }

    /** @param caller the caller as authorization identified it, or null */
    String label(String caller) {
        if (caller == null) {
            return UNKNOWN;
        }
        if (admitted.contains(caller)) {
            return caller;
        }
        if (full) {
            return OTHER;
        }
        synchronized (admitted) {
            if (!admitted.contains(caller)) {
                if (admitted.size() >= max) {
                    full = true;
                    return OTHER;
                }
                admitted.add(caller);
            }
            return caller;
        }
    }
}
