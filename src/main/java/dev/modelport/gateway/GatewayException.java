package dev.modelport.gateway;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.EchoedText;
import java.time.Duration;

/**
 * A request the gateway answers with an error, in the OpenAI error shape. The message is safe to return: it never
 * holds a credential or an upstream body.
 */
public final class GatewayException extends Exception {

    private final int status;
    private final String type;
    private final String code;
    private final Duration retryAfter;

    public GatewayException(int status, String type, String code, String message) {
        this(status, type, code, message, null);
    }

    private GatewayException(int status, String type, String code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.retryAfter = retryAfter;
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

    /** The gateway's answer to a failed model call. */
    public static GatewayException of(AdapterException e) {
        String category = e.category().name();
        return switch (e.category()) {
            case InvalidInput, FeatureNotSupported ->
                new GatewayException(400, "invalid_request_error", category, e.getMessage());
            case Timeout -> new GatewayException(504, "upstream_error", category, e.getMessage());
            case CredentialsMissing -> new GatewayException(503, "upstream_error", category,
                    "the model's credentials are not available");
            case HTTPStatus -> e.httpStatus() != null && e.httpStatus() == 429
                    ? new GatewayException(429, "rate_limit_error", "rate_limit_exceeded", e.getMessage(),
                            e.retryAfter())
                    : new GatewayException(502, "upstream_error", category, e.getMessage());
            default -> new GatewayException(502, "upstream_error", category, e.getMessage());
        };
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
}
