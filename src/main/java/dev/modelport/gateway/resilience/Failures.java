package dev.modelport.gateway.resilience;

import dev.modelport.adapter.AdapterException;
import dev.modelport.api.v1alpha1.RetryOn;
import java.util.Optional;

/**
 * Which failed calls say the endpoint is unavailable right now, as opposed to answering this request badly: only
 * those are retried (when the policy names their class), count against the circuit breaker, and hand a request
 * over to a fallback. Any other failure would be the same again, from this endpoint or any other.
 */
public final class Failures {

    private Failures() {
    }

    /** The retry class of a failed call, or empty for a failure no retry or fallback can help. */
    public static Optional<RetryOn> classOf(AdapterException e) {
        return switch (e.category()) {
            case ConnectionRefused, ConnectionFailed -> Optional.of(RetryOn.ConnectionFailure);
            case Timeout -> Optional.of(RetryOn.Timeout);
            case HTTPStatus -> status(e.httpStatus());
            default -> Optional.empty();
        };
    }

    private static Optional<RetryOn> status(Integer status) {
        if (status == null) {
            return Optional.empty();
        }
        if (status == 429) {
            return Optional.of(RetryOn.RateLimited);
        }
        if (status == 408) {
            return Optional.of(RetryOn.Timeout);
        }
        return status >= 500 ? Optional.of(RetryOn.ServerError) : Optional.empty();
    }
}
