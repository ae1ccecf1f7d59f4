package dev.modelport.adapter;

import java.time.Duration;

/**
 * A failed model call. The message is short and safe to show anywhere: it never contains a secret, a header value
 * or the upstream body. An error status may also carry the endpoint's own error object ({@link #providerError()}),
 * which the gateway passes on to its caller and nothing else shows.
 */
public final class AdapterException extends Exception {

    private final FailureCategory category;
    private final Integer httpStatus;
    private final Duration retryAfter;
    private final ProviderError providerError;

    public AdapterException(FailureCategory category, String message) {
        this(category, message, null, null, null);
    }

    public AdapterException(FailureCategory category, String message, Throwable cause) {
        this(category, message, null, null, cause);
    }

    public AdapterException(FailureCategory category, String message, Integer httpStatus, Duration retryAfter,
            Throwable cause) {
        this(category, message, httpStatus, retryAfter, null, cause);
    }

    private AdapterException(FailureCategory category, String message, Integer httpStatus, Duration retryAfter,
            ProviderError providerError, Throwable cause) {
        super(message, cause, false, false);
        this.category = category;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
        this.providerError = providerError;
    }

    /** @param providerError the error object the endpoint answered with, or null */
    public static AdapterException httpStatus(int status, Duration retryAfter, ProviderError providerError) {
        return new AdapterException(FailureCategory.HTTPStatus, "endpoint answered HTTP " + status, status,
                retryAfter, providerError, null);
    }

    public FailureCategory category() {
        return category;
    }

    /** The upstream HTTP status when a response arrived, else null. */
    public Integer httpStatus() {
        return httpStatus;
    }

    /** The upstream's Retry-After, when it sent one. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The endpoint's error object of an error status, or null when it sent none or it was not kept. */
    public ProviderError providerError() {
        return providerError;
    }

    /** Whether retrying later without a spec or Secret change may succeed: timeouts, 5xx, 429, 408, refused. */
    public boolean isTransient() {
        if (category == FailureCategory.HTTPStatus && httpStatus != null) {
            return httpStatus >= 500 || httpStatus == 429 || httpStatus == 408;
        }
        return category.isTransientByDefault();
    }
}
