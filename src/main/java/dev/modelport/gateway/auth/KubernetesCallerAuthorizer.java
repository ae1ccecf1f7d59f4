package dev.modelport.gateway.auth;

import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import dev.modelport.upstream.Digests;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Authorizes a caller by its Kubernetes credential: the bearer token (usually a ServiceAccount token) is
 * authenticated with a TokenReview, then the user is checked with a SubjectAccessReview for
 * {@code create externalmodels/invoke} on the model, so access is granted with an ordinary Role and RoleBinding.
 *
 * <p>When the API server cannot answer (an error status, a timeout, no connection) the decision is 503
 * "authorization unavailable": it fails closed, and 503 rather than 403 because the caller's permission is unknown,
 * not refused, the condition is transient, and a client should retry rather than conclude that it lacks permission
 * (a 403 would also send people hunting for a RoleBinding that is fine). These decisions are not cached, so the
 * first request after the API server recovers is reviewed again. Anything other than a KubernetesClientException
 * from the client is a bug and propagates: never an allow.
 *
 * <p>The client's request timeout and retries bound how long a request waits for a review: with fabric8's
 * defaults (10 retries of a 5xx or a failed connection, doubling from 100 ms) a failing API server holds every
 * request about 20 s before its 503, so the gateway gives the reviews a client of their own: one try of at most
 * 1.5 s (GatewayBeans).
 */
public final class KubernetesCallerAuthorizer implements CallerAuthorizer {

    private static final String MISSING_TOKEN = "missing bearer token";
    private static final String INVALID_TOKEN = "token not valid";
    private static final String UNAVAILABLE = "authorization unavailable";

    private static final String BEARER = "Bearer ";

    private final KubernetesReviews reviews;
    private final AuthSettings settings;
    private final DecisionCache cache;
    private final FailureLog failures;

    KubernetesCallerAuthorizer(KubernetesClient client, AuthSettings settings, Clock clock) {
        this.reviews = new KubernetesReviews(Objects.requireNonNull(client, "client"), settings.audiences());
        this.settings = settings;
        this.cache = new DecisionCache(settings.maxEntries(), clock);
        this.failures = new FailureLog(clock);
    }

    @Override
    public Decision authorize(String authorizationHeader, String namespace, String modelName) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(modelName, "modelName");
        String token = bearerToken(authorizationHeader);
        if (token == null) {
            return Decision.deny(401, MISSING_TOKEN, null);
        }
        DecisionCache.Key key = new DecisionCache.Key(Digests.sha256Hex(token), namespace, modelName);
        Decision cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Decision decision = review(token, namespace, modelName);
        cache.put(key, decision, ttl(decision));
        return decision;
    }

    /** Without a token, or with a decision held for it: no review to wait for. */
    @Override
    public Optional<Decision> decided(String authorizationHeader, String namespace, String modelName) {
        String token = bearerToken(authorizationHeader);
        if (token == null) {
            return Optional.of(Decision.deny(401, MISSING_TOKEN, null));
        }
        return Optional.ofNullable(cache.get(new DecisionCache.Key(Digests.sha256Hex(token), namespace, modelName)));
    }

    private Decision review(String token, String namespace, String modelName) {
        UserInfo user;
        try {
            user = reviews.authenticate(token);
        } catch (KubernetesClientException e) {
            failures.log("TokenReview", namespace, modelName, e, token);
            return Decision.deny(503, UNAVAILABLE, null);
        }
        if (user == null) {
            return Decision.deny(401, INVALID_TOKEN, null);
        }
        String username = user.getUsername();
        try {
            if (reviews.mayInvoke(user, namespace, modelName)) {
                return Decision.allow(username);
            }
        } catch (KubernetesClientException e) {
            failures.log("SubjectAccessReview", namespace, modelName, e, token);
            return Decision.deny(503, UNAVAILABLE, username);
        }
        String message = username + " may not invoke " + KubernetesReviews.RESOURCE + "/" + modelName + " in "
                + namespace;
        return Decision.deny(403, message, username);
    }

    private Duration ttl(Decision decision) {
        if (decision.allowed()) {
            return settings.ttl();
        }
        return decision.status() == 503 ? Duration.ZERO : settings.denialTtl();
    }

    /** The token of a {@code Bearer} header (scheme case-insensitive, RFC 9110), or null when there is none. */
    static String bearerToken(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = value.substring(BEARER.length()).strip();
        return token.isEmpty() || token.chars().anyMatch(Character::isWhitespace) ? null : token;
    }
}
