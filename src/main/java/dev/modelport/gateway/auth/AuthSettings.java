package dev.modelport.gateway.auth;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the gateway authorizes its callers. The defaults ({@link #DEFAULTS}):
 * <ul>
 *   <li>{@code mode} {@link Mode#KUBERNETES}: TokenReview and SubjectAccessReview against the API server;</li>
 *   <li>{@code audiences} none: the API server's own audiences, so a ServiceAccount's default token works;</li>
 *   <li>{@code ttl} 30 s: how long an allow is reused, and so the longest a revoked RoleBinding or a deleted
 *       ServiceAccount still gets through;</li>
 *   <li>{@code denialTtl} 5 s: how long a 401 or 403 is reused, short so a newly granted caller is not kept
 *       waiting, but long enough that a caller retrying with a bad token does not hammer the API server;</li>
 *   <li>{@code maxEntries} 10 000 cached decisions.</li>
 * </ul>
 * A zero ttl or denialTtl turns caching of that kind of decision off.
 */
public record AuthSettings(Mode mode, List<String> audiences, Duration ttl, Duration denialTtl, int maxEntries) {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_DENIAL_TTL = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    public static final AuthSettings DEFAULTS = new AuthSettings(Mode.KUBERNETES, List.of(), DEFAULT_TTL,
            DEFAULT_DENIAL_TTL, DEFAULT_MAX_ENTRIES);

    /** The values of {@code modelport.gateway.auth}. */
    public enum Mode {
        KUBERNETES("kubernetes"), NONE("none");

        private final String value;

        Mode(String value) {
            this.value = value;
        }

        /** Strict, so that a misspelt value stops the gateway rather than silently turning authorization off. */
        public static Mode parse(String value) {
            for (Mode mode : values()) {
                if (mode.value.equals(value)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("modelport.gateway.auth must be kubernetes or none, not " + value);
        }

        @Override
        public String toString() {
            return value;
        }
    }

    public AuthSettings {
        Objects.requireNonNull(mode, "mode");
        audiences = List.copyOf(audiences);
        if (ttl.isNegative() || denialTtl.isNegative()) {
            throw new IllegalArgumentException("ttl and denialTtl must not be negative");
        }
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
    }

    public AuthSettings withMode(Mode newMode) {
        return new AuthSettings(newMode, audiences, ttl, denialTtl, maxEntries);
    }

    public AuthSettings withAudiences(List<String> newAudiences) {
        return new AuthSettings(mode, newAudiences, ttl, denialTtl, maxEntries);
    }
}
