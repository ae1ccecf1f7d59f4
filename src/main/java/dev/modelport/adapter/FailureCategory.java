package dev.modelport.adapter;

/**
 * Why a model call failed, as reported in status, Events and gateway errors. Each category says whether retrying
 * without a spec or Secret change can help.
 */
public enum FailureCategory {
    /** The invocation is wrong: a missing or mistyped variable, an empty prompt. */
    InvalidInput(false),
    /** The invocation uses a feature the model does not declare or its structure does not support. */
    FeatureNotSupported(false),
    /** A referenced Secret or key does not exist. */
    CredentialsMissing(false),
    /**
     * A referenced Secret exists but Modelport will not use it: not labelled modelport.dev/credentials=true, of a
     * type other than Opaque or kubernetes.io/basic-auth, or a referenced value that is empty or has control
     * characters.
     */
    CredentialsRefused(false),
    /** The endpoint policy refuses the endpoint's address (link-local, metadata, loopback). */
    EndpointNotAllowed(false),
    /** No answer within the timeout. */
    Timeout(true),
    /** Nothing listens at the endpoint, or the host does not resolve. */
    ConnectionRefused(true),
    /** Any other network failure before a response. */
    ConnectionFailed(true),
    /** The TLS handshake failed (certificate, protocol). */
    TLS(false),
    /** The endpoint answered with a non-2xx status. */
    HTTPStatus(false),
    /** The response or one streamed event is larger than the configured cap. */
    ResponseTooLarge(false),
    /** The response body is not JSON, or not the JSON the structure expects. */
    InvalidJson(false),
    /** The output path selects nothing in the response. */
    PathNotFound(false),
    /** The endpoint answered with an error object of its API. */
    UpstreamError(false);

    private final boolean transientByDefault;

    FailureCategory(boolean transientByDefault) {
        this.transientByDefault = transientByDefault;
    }

    /** Whether a retry without any change may succeed; HTTP statuses decide per code (see AdapterException). */
    public boolean isTransientByDefault() {
        return transientByDefault;
    }
}
