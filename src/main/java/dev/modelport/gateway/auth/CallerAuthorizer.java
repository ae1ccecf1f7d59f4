package dev.modelport.gateway.auth;

import java.util.Optional;

/**
 * Decides whether the caller of a gateway request may invoke a model. The gateway calls it for every request,
 * before anything is sent upstream, and answers with the decision's status and message when it is a denial.
 * Implementations are thread-safe and never throw for a bad or missing credential: that is a denial.
 */
public interface CallerAuthorizer {

    /**
     * @param authorizationHeader the request's {@code Authorization} header value, or null when it has none
     * @param namespace the namespace of the {@code ExternalModel} being called
     * @param modelName the name of the {@code ExternalModel} being called
     */
    Decision authorize(String authorizationHeader, String namespace, String modelName);

    /**
     * The decision {@link #authorize} would give, when it can be made without blocking (nothing to ask the API
     * server): what the gateway's event loop may use. Empty otherwise, and by default.
     */
    default Optional<Decision> decided(String authorizationHeader, String namespace, String modelName) {
        return Optional.empty();
    }
}
