package dev.modelport.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A bounded wait for what other processes do: informers lag the API, processes take a moment to listen. */
public final class Eventually {

    private static final long PAUSE_MILLIS = 200;

    private Eventually() {
    }

    /**
     * Retries until the attempt returns a value without throwing, for at most {@code wait}; fails at once when one of
     * the processes exits, and after the wait with the last failure and the processes' logs.
     */
    public static <T> T eventually(String what, Duration wait, List<RoleProcess> processes, Supplier<T> attempt) {
        long deadline = System.nanoTime() + wait.toNanos();
        RuntimeException lastFailure = null;
        while (System.nanoTime() < deadline) {
            for (RoleProcess process : processes) {
                if (!process.isAlive()) {
                    throw new AssertionError(process + " exited while waiting for " + what);
                }
            }
            try {
                T value = attempt.get();
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out after " + wait + " waiting for " + what + "; logs: " + processes,
                lastFailure);
    }
}
