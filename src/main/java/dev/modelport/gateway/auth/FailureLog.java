package dev.modelport.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Logs API server failures of the reviews. During an outage every request fails, so one WARN per interval and the
 * rest at DEBUG. The exception itself is never logged: only its chain's types and messages, with the caller's
 * token cut out, in case an API server or proxy echoes the request.
 */
final class FailureLog {

    private static final Logger LOG = Logger.getLogger(FailureLog.class);
    private static final Duration WARN_INTERVAL = Duration.ofSeconds(10);
    private static final int MAX_CAUSES = 5;

    private final Clock clock;
    private final AtomicReference<Instant> quietUntil = new AtomicReference<>(Instant.MIN);

    FailureLog(Clock clock) {
        this.clock = clock;
    }

    void log(String review, String namespace, String modelName, Throwable failure, String token) {
        String reason = describe(failure, token);
        if (claimWarning()) {
            LOG.warnf("%s for %s/%s failed, answering 503 (more failures in the next %ss are logged at DEBUG): %s",
                    review, namespace, modelName, WARN_INTERVAL.toSeconds(), reason);
        } else {
            LOG.debugf("%s for %s/%s failed, answering 503: %s", review, namespace, modelName, reason);
        }
    }

    private boolean claimWarning() {
        Instant now = clock.instant();
        Instant until = quietUntil.get();
        return !now.isBefore(until) && quietUntil.compareAndSet(until, now.plus(WARN_INTERVAL));
    }

    /** The chain's types and messages; a cause that only repeats its wrapper's message (fabric8's do) is left out. */
    static String describe(Throwable failure, String token) {
        List<String> parts = new ArrayList<>();
        String previous = null;
        for (Throwable t = failure; t != null && parts.size() < MAX_CAUSES; t = t.getCause()) {
            if (t == failure || !Objects.equals(t.getMessage(), previous)) {
                parts.add(t.getClass().getSimpleName() + ": " + t.getMessage());
            }
            previous = t.getMessage();
        }
        return String.join(" <- ", parts).replace(token, "[redacted]");
    }
}
