package dev.modelport.gateway.auth;

import java.util.Objects;
import java.util.Set;

/**
 * The outcome of {@link CallerAuthorizer#authorize}. The message may be returned to the caller as it is: it never
 * contains a credential. The identity is the authenticated user name, also on a 403 and on a 503 after the
 * TokenReview (for the gateway's logs), or null when the caller has not been identified.
 */
public record Decision(boolean allowed, int status, String message, String identity) {

    private static final Set<Integer> STATUSES = Set.of(200, 401, 403, 503);
    /** How Kubernetes names a ServiceAccount's user: {@code system:serviceaccount:<namespace>:<name>}. */
    private static final String SERVICE_ACCOUNT = "system:serviceaccount:";

    public Decision {
        Objects.requireNonNull(message, "message");
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("status must be one of " + STATUSES + ", not " + status);
        }
        if (allowed != (status == 200)) {
            throw new IllegalArgumentException("status " + status + " contradicts allowed=" + allowed);
        }
    }

    public static Decision allow(String identity) {
        return new Decision(true, 200, "allowed", Objects.requireNonNull(identity, "identity"));
    }

    public static Decision deny(int status, String message, String identity) {
        return new Decision(false, status, message, identity);
    }

    /**
     * The caller as usage is counted and logged: {@code <namespace>/<name>} for a ServiceAccount, the user name as
     * the TokenReview gave it for any other user (e.g. {@code oidc:alice}), {@code anonymous} with authorization
     * off; null when the caller has not been identified. Never derived from anything but the review's user name.
     */
    public String caller() {
        if (identity == null || !identity.startsWith(SERVICE_ACCOUNT)) {
            return identity;
        }
        String account = identity.substring(SERVICE_ACCOUNT.length());
        int colon = account.indexOf(':');
        // Namespace and ServiceAccount names are DNS names: neither holds a ':' or a '/'.
        if (colon <= 0 || colon == account.length() - 1 || account.indexOf(':', colon + 1) >= 0) {
            return identity;
        }
        return account.replace(':', '/');
    }
}
