package dev.modelport.adapter;

/**
 * Why a model call failed, as reported in status, Events and gateway errors. Each category says whether retrying
 * without a spec or Secret change can help, and carries its public name: the reason of a failed test's condition,
 * an Event and an open circuit, and the code of a gateway error. The name is spelled out, not taken from the
 * constant, so renaming a constant cannot change the API; a test pins every name.
 */
public enum FailureCategory {
    /** The invocation is wrong: a missing or mistyped variable, an empty prompt. */
    InvalidInput("InvalidInput", false),
    /** The invocation uses a feature the model does not declare or its structure does not support. */
    FeatureNotSupported("FeatureNotSupported", false),
    /** A referenced Secret or key does not exist. */
    CredentialsMissing("CredentialsMissing", false),
    /**
     * A referenced Secret exists but Modelport will not use it: not labelled modelport.dev/credentials=true, of a
     * type other than Opaque or kubernetes.io/basic-auth, or a referenced value that is empty or has control
     * characters.
     */
    CredentialsRefused("CredentialsRefused", false),
    /** The endpoint policy refuses the endpoint's address (link-local, metadata, loopback). */
    EndpointNotAllowed("EndpointNotAllowed", false),
    /** No answer within the timeout. */
    Timeout("Timeout", true),
    /** Nothing listens at the endpoint, or the host does not resolve. */
    ConnectionRefused("ConnectionRefused", true),
    /** Any other network failure before a response. */
    ConnectionFailed("ConnectionFailed", true),
    /** The TLS handshake failed (certificate, protocol). */
    TLS("TLS", false),
    /** The endpoint answered with a non-2xx status. */
    HTTPStatus("HTTPStatus", false),
    /** The response or one streamed event is larger than the configured cap. */
    ResponseTooLarge("ResponseTooLarge", false),
    /** The response body is not JSON, or not the JSON the structure expects. */
    InvalidJson("InvalidJson", false),
    /** The output path selects nothing in the response. */
    PathNotFound("PathNotFound", false),
    /** The endpoint answered with an error object of its API. */
    UpstreamError("UpstreamError", false);

    private final String reason;
    private final boolean transientByDefault;

    FailureCategory(String reason, boolean transientByDefault) {
        this.reason = reason;
        this.transientByDefault = transientByDefault;
    }

    /** The public name: a condition reason, an Event reason, a gateway error code, a metric label. */
    public String reason() {
        return reason;
    }

    /** Whether a retry without any change may succeed; HTTP statuses decide per code (see AdapterException). */
    public boolean isTransientByDefault() {
        return transientByDefault;
    }
}
