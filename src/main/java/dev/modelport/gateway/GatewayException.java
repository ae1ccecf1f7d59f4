package dev.modelport.gateway;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.EchoedText;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.ProviderError;
import java.time.Duration;

/**
 * A request the gateway answers with an error, in the OpenAI error shape. The message is safe to return and to log:
 * it never holds a credential or an upstream body. An endpoint's 4xx may add its own error object
 * ({@link #upstream()}), which goes into the answer only.
 */
public final class GatewayException extends Exception {

    /** The code of an open circuit's answer. */
    public static final String MODEL_UNAVAILABLE = "model_unavailable";
    /** The code of the answer beyond a model's maxConcurrentRequests. */
    public static final String CONCURRENCY_LIMIT = "concurrency_limit_exceeded";

    private final int status;
    private final String type;
    private final String code;
    private final Duration retryAfter;
    private final ProviderError upstream;

    public GatewayException(int status, String type, String code, String message) {
        this(status, type, code, message, null, null);
    }

    private GatewayException(int status, String type, String code, String message, Duration retryAfter,
            ProviderError upstream) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.retryAfter = retryAfter;
        this.upstream = upstream;
    }

    public static GatewayException invalid(String message) {
        return new GatewayException(400, "invalid_request_error", "InvalidInput", message);
    }

    public static GatewayException unsupported(String message) {
        return new GatewayException(400, "invalid_request_error", "FeatureNotSupported", message);
    }

    /** @param model the caller's model id, which the message repeats cut short */
    public static GatewayException modelNotFound(String model) {
        return new GatewayException(404, "invalid_request_error", "model_not_found",
                "model " + EchoedText.caller(model) + " does not exist or is not served");
    }

    /** The model's credentials cannot be resolved: a Secret needs fixing, the caller may try again later. */
    public static GatewayException credentialsUnavailable(FailureCategory category) {
        return new GatewayException(503, "upstream_error", category.reason(),
                "the model's credentials are not available");
    }

    /**
     * The model's circuit is open: its endpoint failed too often, and it is not called until its trial. Retry-After
     * is the wait until then, in whole seconds and at least one (a trial under way has no known end).
     */
    public static GatewayException modelUnavailable(String model, Duration untilTrial) {
        long seconds = Math.max(1, (untilTrial.toMillis() + 999) / 1000);
        return new GatewayException(503, "service_unavailable", MODEL_UNAVAILABLE, "model " + model
                + " is unavailable: its endpoint failed repeatedly and is not called for now (circuit open)",
                Duration.ofSeconds(seconds), null);
    }

    /** The model runs as many calls as its maxConcurrentRequests allows in this gateway replica. */
    public static GatewayException concurrencyLimit(String model) {
        return new GatewayException(429, "rate_limit_error", CONCURRENCY_LIMIT, "model " + model
                + " is running as many calls as it allows (maxConcurrentRequests)", Duration.ofSeconds(1), null);
    }

    /** The gateway's answer to a failed model call. */
    public static GatewayException of(AdapterException e) {
        String category = e.category().reason();
        return switch (e.category()) {
            case InvalidInput, FeatureNotSupported ->
                new GatewayException(400, "invalid_request_error", category, e.getMessage());
            case Timeout -> new GatewayException(504, "upstream_error", category, e.getMessage());
            case CredentialsMissing, CredentialsRefused -> credentialsUnavailable(e.category());
            case HTTPStatus -> ofStatus(e);
            default -> new GatewayException(502, "upstream_error", category, e.getMessage());
        };
    }

    /**
     * An endpoint's error status. A 4xx is about the request, so the caller gets the same status and the
     * endpoint's error object when it sent one; but 401, 403 and 407 refused the model's own credentials, which the
     * caller can neither see nor fix (and which must not read as the caller's authorization failing), so they are
     * 502 as any other status, without details.
     */
    private static GatewayException ofStatus(AdapterException e) {
        Integer status = e.httpStatus();
        if (status == null || status < 400 || status > 499 || status == 401 || status == 403 || status == 407) {
            return new GatewayException(502, "upstream_error", e.category().reason(), e.getMessage());
        }
        if (status == 429) {
            return new GatewayException(429, "rate_limit_error", "rate_limit_exceeded", e.getMessage(),
                    e.retryAfter(), e.providerError());
        }
        return new GatewayException(status, "invalid_request_error", e.category().reason(), e.getMessage(), null,
                e.providerError());
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    /** The upstream's Retry-After to pass on, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * The endpoint's error object to answer with in place of this type, code and message (each where it has one),
     * or null. The code of the metrics stays this one, so their series stay bounded.
     */
    public ProviderError upstream() {
        return upstream;
    }
}
