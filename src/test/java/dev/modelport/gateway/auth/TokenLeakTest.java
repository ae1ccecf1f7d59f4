package dev.modelport.gateway.auth;

import static dev.modelport.gateway.auth.ReviewFixtures.ACCESS_REVIEWS;
import static dev.modelport.gateway.auth.ReviewFixtures.TOKEN_REVIEWS;
import static dev.modelport.gateway.auth.ReviewFixtures.access;
import static dev.modelport.gateway.auth.ReviewFixtures.authenticated;
import static dev.modelport.gateway.auth.ReviewFixtures.unauthenticated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.testing.LogCapture;
import dev.modelport.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every outcome with a canary token, including API server answers that echo it back, and this package logging at
 * every level: no decision, message or log line shows the token.
 */
class TokenLeakTest extends ReviewServerTestBase {

    private static final String CANARY = "canary-8c41f2d9e7";
    private static final String HEADER = "Bearer " + CANARY;
    private static final String ECHO = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"code\":500,"
            + "\"message\":\"rejected token " + CANARY + "\"}";

    private final List<Decision> decisions = new ArrayList<>();
    private LogCapture capture;

    @BeforeEach
    void start() {
        capture = LogCapture.everyLevelOf("dev.modelport.gateway.auth");
    }

    @AfterEach
    void stop() {
        capture.close();
    }

    private void authorize(String header) {
        CallerAuthorizer authorizer = CallerAuthorizers.create(AuthSettings.DEFAULTS, client,
                new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
        decisions.add(authorizer.authorize(header, "models", "gpt"));
    }

    @Test
    void noOutcomeShowsTheToken() {
        authorize("Basic " + CANARY);
        authorize("Token " + CANARY);
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, unauthenticated()).once();
        authorize(HEADER);
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, authenticated()).times(3);
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, access(false)).once();
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, access(true)).once();
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(500, ECHO).once();
        authorize(HEADER);
        authorize(HEADER);
        authorize(HEADER);
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(500, ECHO).once();
        authorize(HEADER);
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, "\"<html>" + CANARY + "</html>\"").once();
        authorize(HEADER);
        server.shutdown();
        authorize(HEADER);

        assertThat(decisions).extracting(Decision::status).containsExactly(401, 401, 401, 403, 200, 503, 503, 503,
                503);
        assertThat(decisions).allSatisfy(decision -> {
            assertThat(decision.toString()).doesNotContain(CANARY);
            assertThat(decision.message()).doesNotContain(CANARY);
        });
        List<String> logs = capture.lines().stream().map(LogCapture.Line::text).toList();
        assertThat(logs).hasSizeGreaterThanOrEqualTo(4).allSatisfy(line -> assertThat(line).doesNotContain(CANARY));
        assertThat(logs).anySatisfy(line -> assertThat(line).contains("rejected token [redacted]"));
    }

    @Test
    void theRedactionCoversTheWholeCauseChainWithoutRepeats() {
        Exception inner = new RuntimeException("inner " + CANARY + " again " + CANARY);
        Exception failure = new IllegalStateException("outer " + CANARY,
                new IllegalStateException("outer " + CANARY, inner));

        assertThat(FailureLog.describe(failure, CANARY)).isEqualTo(
                "IllegalStateException: outer [redacted] <- RuntimeException: inner [redacted] again [redacted]");
    }
}
