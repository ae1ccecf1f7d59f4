package dev.modelport.gateway.auth;

import dev.modelport.testing.MutableClock;
import static dev.modelport.gateway.auth.ReviewFixtures.ACCESS_REVIEWS;
import static dev.modelport.gateway.auth.ReviewFixtures.TOKEN_REVIEWS;
import static dev.modelport.gateway.auth.ReviewFixtures.USER;
import static dev.modelport.gateway.auth.ReviewFixtures.access;
import static dev.modelport.gateway.auth.ReviewFixtures.authenticated;
import static dev.modelport.gateway.auth.ReviewFixtures.unauthenticated;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which calls reuse a decision, and for how long, counted as requests the mock API server received. */
class DecisionCachingTest extends ReviewServerTestBase {

    private static final String HEADER = "Bearer cached-token";
    private static final AuthSettings SETTINGS = new AuthSettings(AuthSettings.Mode.KUBERNETES, List.of(),
            Duration.ofSeconds(30), Duration.ofSeconds(5), 100);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private CallerAuthorizer authorizer;

    @BeforeEach
    void start() {
        authorizer = CallerAuthorizers.create(SETTINGS, client, clock);
    }

    private void answer(boolean allowed) {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, authenticated()).always();
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, access(allowed)).always();
    }

    @Test
    void anAllowIsReusedForTheTtl() {
        answer(true);

        Decision first = authorizer.authorize(HEADER, "models", "gpt");
        clock.advance(Duration.ofSeconds(29));
        Decision second = authorizer.authorize(HEADER, "models", "gpt");

        assertThat(second).isEqualTo(first).isEqualTo(Decision.allow(USER));
        assertThat(server.getRequestCount()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(authorizer.authorize(HEADER, "models", "gpt").allowed()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void aDenialIsReusedOnlyForTheShorterDenialTtl() {
        answer(false);

        authorizer.authorize(HEADER, "models", "gpt");
        clock.advance(Duration.ofSeconds(4));
        assertThat(authorizer.authorize(HEADER, "models", "gpt").status()).isEqualTo(403);
        assertThat(server.getRequestCount()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(authorizer.authorize(HEADER, "models", "gpt").status()).isEqualTo(403);
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void anInvalidTokenIsReusedForTheDenialTtl() {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, unauthenticated()).always();

        authorizer.authorize(HEADER, "models", "gpt");
        authorizer.authorize(HEADER, "models", "gpt");
        assertThat(server.getRequestCount()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(authorizer.authorize(HEADER, "models", "gpt").status()).isEqualTo(401);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void anotherModelNamespaceOrTokenIsASeparateDecision() {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, authenticated()).always();
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, access(true)).once();
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, access(false)).always();

        assertThat(authorizer.authorize(HEADER, "models", "gpt").allowed()).isTrue();
        assertThat(authorizer.authorize(HEADER, "models", "claude").status()).isEqualTo(403);
        assertThat(authorizer.authorize(HEADER, "other", "gpt").status()).isEqualTo(403);
        assertThat(authorizer.authorize("Bearer another-token", "models", "gpt").status()).isEqualTo(403);
        assertThat(server.getRequestCount()).isEqualTo(8);
        assertThat(authorizer.authorize(HEADER, "models", "gpt").allowed()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(8);
    }

    @Test
    void pastMaxEntriesTheLeastRecentlyUsedDecisionIsDropped() {
        answer(true);
        AuthSettings threeEntries = new AuthSettings(AuthSettings.Mode.KUBERNETES, List.of(), SETTINGS.ttl(),
                SETTINGS.denialTtl(), 3);
        CallerAuthorizer small = CallerAuthorizers.create(threeEntries, client, clock);

        small.authorize(HEADER, "models", "m0");
        small.authorize(HEADER, "models", "m1");
        small.authorize(HEADER, "models", "m2");
        small.authorize(HEADER, "models", "m0");
        small.authorize(HEADER, "models", "m3");
        assertThat(server.getRequestCount()).isEqualTo(8);

        small.authorize(HEADER, "models", "m0");
        small.authorize(HEADER, "models", "m3");
        assertThat(server.getRequestCount()).isEqualTo(8);
        small.authorize(HEADER, "models", "m1");
        assertThat(server.getRequestCount()).isEqualTo(10);
    }

    @Test
    void concurrentCallersAllGetTheRightDecision() throws Exception {
        answer(true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Decision>> decisions = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String model = "m" + (i % 5);
                decisions.add(pool.submit(() -> authorizer.authorize(HEADER, "models", model)));
            }
            for (Future<Decision> decision : decisions) {
                assertThat(decision.get()).isEqualTo(Decision.allow(USER));
            }
        } finally {
            pool.shutdownNow();
        }
        // Concurrent misses of one key may each ask the API server; all later calls are hits.
        assertThat(server.getRequestCount()).isBetween(10, 2 * 8 * 5);
    }
}
