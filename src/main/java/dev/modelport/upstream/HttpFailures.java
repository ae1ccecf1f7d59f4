package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.AnswerFormat;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.ProviderError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import javax.net.ssl.SSLException;

/**
 * Failure categories for network errors other than timeouts (see {@link Exchange}), and the failures of error
 * statuses with their Retry-After and error object. Messages name the host only.
 */
final class HttpFailures {

    /** The most of an error answer's body read for its error object, which is far smaller. */
    static final int MAX_ERROR_BYTES = 16 * 1024;

    private HttpFailures() {
    }

    /**
     * Whether an answer's body is read for the endpoint's error object: a 4xx only, which is about the request;
     * nothing of other statuses is ever reported.
     */
    static boolean readsErrorBody(int status) {
        return status >= 400 && status <= 499;
    }

    /**
     * The failure of an error status.
     *
     * @param body the answer's body when it was read (see {@link #readsErrorBody}), else null
     * @param secrets the secret values the request carried: an error object that repeats one (an endpoint may
     *     echo the credential it refused) is dropped
     * @param errors reads the error object from the body
     */
    static AdapterException status(int status, Duration retryAfter, byte[] body, Collection<String> secrets,
            AnswerFormat.ErrorReader errors) {
        ProviderError error = body == null ? null
                : errors.read(body).filter(parsed -> !parsed.mentionsAny(secrets)).orElse(null);
        return AdapterException.httpStatus(status, retryAfter, error);
    }

    static AdapterException map(IOException e, String host) {
        EndpointRefusedException refused = refusal(e);
        if (refused != null) {
            return refused.refusal();
        }
        if (e instanceof SSLException) {
            return new AdapterException(FailureCategory.TLS, "TLS with " + host + " failed", e);
        }
        if (e instanceof UnknownHostException) {
            return new AdapterException(FailureCategory.ConnectionRefused, "host " + host + " does not resolve", e);
        }
        if (e instanceof ConnectException) {
            return new AdapterException(FailureCategory.ConnectionRefused, "connection to " + host + " refused", e);
        }
        return new AdapterException(FailureCategory.ConnectionFailed, "connection to " + host + " failed", e);
    }

    /** A policy refusal anywhere in the chain: OkHttp adds the failures of further routes as suppressed. */
    private static EndpointRefusedException refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EndpointRefusedException refused) {
                return refused;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof EndpointRefusedException refused) {
                    return refused;
                }
            }
        }
        return null;
    }

    /**
     * Retry-After (the header's value, or null) as delay seconds or an HTTP date (a past date is zero); null when
     * absent or unreadable.
     */
    static Duration retryAfter(String value, Clock clock) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (!trimmed.isEmpty() && trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return trimmed.length() > 12 ? null : Duration.ofSeconds(Long.parseLong(trimmed));
        }
        try {
            Instant date = DateTimeFormatter.RFC_1123_DATE_TIME.parse(trimmed, Instant::from);
            Duration delay = Duration.between(clock.instant(), date);
            return delay.isNegative() ? Duration.ZERO : delay;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
