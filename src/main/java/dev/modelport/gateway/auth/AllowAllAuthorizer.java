package dev.modelport.gateway.auth;

import java.util.Optional;

/**
 * The explicit unauthenticated mode ({@code modelport.gateway.auth=none}, and the local mode): every caller may
 * invoke every model, as "anonymous". The header is ignored, so a caller's token is never looked at.
 */
public final class AllowAllAuthorizer implements CallerAuthorizer {

    public static final String IDENTITY = "anonymous";

    private static final Decision ALLOWED = Decision.allow(IDENTITY);

    @Override
    public Decision authorize(String authorizationHeader, String namespace, String modelName) {
        return ALLOWED;
    }

    @Override
    public Optional<Decision> decided(String authorizationHeader, String namespace, String modelName) {
        return Optional.of(ALLOWED);
    }
}
