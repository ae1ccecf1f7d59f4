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
}
