package dev.modelport.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a role whose informers must watch the API server is still alive: a watch that is lost and re-established
 * within the limit (an API server restart, a network blip) is normal; one lost for longer means the role serves or
 * reconciles from a stale cache, and a restart by the kubelet is the remedy. Judged when asked (the kubelet's
 * liveness probe), with no thread of its own.
 */
public final class WatchLiveness {

    private final Duration limit;
    private final Clock clock;
    private Instant disconnectedSince;

    public WatchLiveness(Duration limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Whether the role is live, given whether its informers watch now. */
    public synchronized boolean live(boolean watching) {
        if (watching) {
            disconnectedSince = null;
            return true;
        }
        Instant now = clock.instant();
        if (disconnectedSince == null) {
            disconnectedSince = now;
        }
        return Duration.between(disconnectedSince, now).compareTo(limit) <= 0;
    }
}
