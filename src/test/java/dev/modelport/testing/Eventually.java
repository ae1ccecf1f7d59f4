package dev.modelport.testing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/** A bounded wait for what other processes do: informers lag the API, processes take a moment to listen. */
public final class Eventually {

    private static final Duration PAUSE = Duration.ofMillis(200);

    private Eventually() {
    }

    /**
     * Retries until the attempt returns a value without throwing, for at most {@code wait}; fails at once when one of
     * the processes exits, and after the wait with the last failure and the processes' logs.
     */
    public static <T> T eventually(String what, Duration wait, List<RoleProcess> processes, Supplier<T> attempt) {
        try {
            return Awaitility.await(what).atMost(wait).pollInterval(PAUSE)
                    .ignoreExceptionsInstanceOf(RuntimeException.class)
                    .failFast(what + ": a process exited", () -> processes.stream().anyMatch(p -> !p.isAlive()))
                    .until(attempt::get, Objects::nonNull);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "; logs: " + processes, e);
        }
    }
}
