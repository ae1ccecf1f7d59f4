package dev.modelport.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * Operator-level limits of the upstream client. The defaults, all defined here:
 * <ul>
 *   <li>{@code connectTimeout} 10 s: for the TCP connection to each address (TLS and the answer are under the
 *       per-call timeout);</li>
 *   <li>{@code maxResponseBytes} 8 MiB: the largest non-streamed response body (also token endpoint answers),
 *       after content decoding;</li>
 *   <li>{@code maxEventBytes} 1 MiB: the largest single server-sent event (or NDJSON line) of a streamed response;</li>
 *   <li>{@code policy} {@link EndpointPolicy#DEFAULT}: no cloud metadata, loopback, link-local, unspecified or
 *       multicast addresses;</li>
 *   <li>{@code idleTimeout} 30 s: how long a keep-alive connection may sit unused in a pool before it is closed.
 *       Load balancers and NATs drop idle connections silently (Azure's load balancer after 4 min, an AWS NAT
 *       gateway after 350 s), and a request sent on such a connection waits for its whole timeout; 30 s stays well
 *       below them and below the 60 s of many HTTP load balancers. Whole seconds, at least one: the streamed
 *       client's pool counts in seconds.</li>
 * </ul>
 */
public record UpstreamSettings(Duration connectTimeout, long maxResponseBytes, int maxEventBytes,
        EndpointPolicy policy, Duration idleTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 8L << 20;
    public static final int DEFAULT_MAX_EVENT_BYTES = 1 << 20;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    public static final UpstreamSettings DEFAULTS = new UpstreamSettings(DEFAULT_CONNECT_TIMEOUT,
            DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_EVENT_BYTES, EndpointPolicy.DEFAULT);

    public UpstreamSettings {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
        if (maxResponseBytes <= 0 || maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxResponseBytes and maxEventBytes must be positive");
        }
        if (idleTimeout.compareTo(Duration.ofSeconds(1)) < 0 || idleTimeout.toNanosPart() != 0) {
            throw new IllegalArgumentException("idleTimeout must be a whole number of seconds, at least 1s, not "
                    + idleTimeout.toString().substring(2).toLowerCase());
        }
    }

    /** Settings with the default idle timeout. */
    public UpstreamSettings(Duration connectTimeout, long maxResponseBytes, int maxEventBytes,
            EndpointPolicy policy) {
        this(connectTimeout, maxResponseBytes, maxEventBytes, policy, DEFAULT_IDLE_TIMEOUT);
    }

    public UpstreamSettings withPolicy(EndpointPolicy newPolicy) {
        return new UpstreamSettings(connectTimeout, maxResponseBytes, maxEventBytes, newPolicy, idleTimeout);
    }

    public UpstreamSettings withIdleTimeout(Duration newIdleTimeout) {
        return new UpstreamSettings(connectTimeout, maxResponseBytes, maxEventBytes, policy, newIdleTimeout);
    }
}
