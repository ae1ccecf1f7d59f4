package dev.modelport.gateway.http;

import dev.modelport.gateway.GatewayException;
import java.time.Duration;
import java.util.Objects;

/**
 * The bounds of one streamed answer, from {@link StreamSettings}, and the errors a stream ends with when it meets
 * one of them.
 *
 * @param maxBytes the most the answer may write to its caller (its server-sent events, as bytes)
 * @param maxDuration the longest the answer may last, from when the gateway starts it (the request authorized)
 * @param callerReadTimeout how long the caller may take nothing of the answer while the gateway has more for it
 */
record StreamBounds(long maxBytes, Duration maxDuration, Duration callerReadTimeout) {

    private static final String PREFIX = "modelport.gateway.stream.";

    StreamBounds {
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(callerReadTimeout, "callerReadTimeout");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException(PREFIX + "max-bytes must be positive, not " + maxBytes);
        }
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException(PREFIX + "max-duration must be positive, not " + maxDuration);
        }
        if (callerReadTimeout.isNegative() || callerReadTimeout.isZero()) {
            throw new IllegalArgumentException(PREFIX + "caller-read-timeout must be positive, not "
                    + callerReadTimeout);
        }
    }

    static StreamBounds of(StreamSettings settings) {
        return new StreamBounds(settings.maxBytes().asLongValue(), settings.maxDuration(),
                settings.callerReadTimeout());
    }

    GatewayException tooLarge() {
        return new GatewayException(502, "upstream_error", "stream_too_large",
                "the streamed answer reached the gateway's limit of " + maxBytes + " bytes");
    }

    GatewayException tooLong() {
        return new GatewayException(504, "upstream_error", "stream_too_long",
                "the streamed answer reached the gateway's limit of " + maxDuration.toSeconds() + " s");
    }

    /** Never reaches the caller, who reads nothing; its code is the request's outcome in the metrics. */
    GatewayException callerNotReading() {
        return new GatewayException(408, "invalid_request_error", "caller_not_reading",
                "the caller read nothing of the answer for " + callerReadTimeout.toSeconds() + " s");
    }
}
