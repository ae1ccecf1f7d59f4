package dev.modelport.gateway.auth;

import dev.modelport.testing.MutableClock;
import static dev.modelport.gateway.auth.ReviewFixtures.ACCESS_REVIEWS;
import static dev.modelport.gateway.auth.ReviewFixtures.TOKEN_REVIEWS;
import static dev.modelport.gateway.auth.ReviewFixtures.USER;
import static dev.modelport.gateway.auth.ReviewFixtures.access;
import static dev.modelport.gateway.auth.ReviewFixtures.authenticated;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When the API server cannot answer, the decision is 503 and is not cached; it is never an allow. */
class ApiServerFailureTest extends ReviewServerTestBase {

    private static final String HEADER = "Bearer some-token";
    private static final Decision UNAVAILABLE = new Decision(false, 503, "authorization unavailable", null);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private CallerAuthorizer authorizer;

    @BeforeEach
    void start() {
        authorizer = CallerAuthorizers.create(AuthSettings.DEFAULTS, client, clock);
    }

    @Test
    void aTokenReviewError500Is503() {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(500, "etcdserver: request timed out").always();

        assertThat(authorizer.authorize(HEADER, "models", "gpt")).isEqualTo(UNAVAILABLE);
    }

    @Test
    void anAccessReviewErrorIs503NamingTheAuthenticatedUser() {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, authenticated()).always();
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(500, "internal error").always();

        assertThat(authorizer.authorize(HEADER, "models", "gpt"))
                .isEqualTo(new Decision(false, 503, "authorization unavailable", USER));
    }

    @Test
    void aForbiddenTokenReviewIs503BecauseTheGatewayLacksItsOwnRbac() {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(403, "cannot create tokenreviews").always();

        assertThat(authorizer.authorize(HEADER, "models", "gpt")).isEqualTo(UNAVAILABLE);
    }

    @Test
    void anAnswerThatIsNotJsonIs503() {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, "<html>proxy error</html>").always();

        assertThat(authorizer.authorize(HEADER, "models", "gpt")).isEqualTo(UNAVAILABLE);
    }

    @Test
    void aStoppedApiServerIs503() {
        server.shutdown();

        assertThat(authorizer.authorize(HEADER, "models", "gpt")).isEqualTo(UNAVAILABLE);
    }

    @Test
    void aSlowApiServerIs503AfterTheClientsRequestTimeout() {
        server.expect().post().delay(2, TimeUnit.SECONDS).withPath(TOKEN_REVIEWS).andReturn(201, authenticated())
                .always();

        try (KubernetesClient impatient = server.createClient(builder -> builder.editOrNewConfig()
                .withRequestRetryBackoffLimit(0).withRequestTimeout(200).endConfig())) {
            Decision decision = CallerAuthorizers.create(AuthSettings.DEFAULTS, impatient, clock)
                    .authorize(HEADER, "models", "gpt");

            assertThat(decision).isEqualTo(UNAVAILABLE);
        }
    }

    @Test
    void unavailableIsNotCachedSoTheNextRequestIsReviewedAgain() {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(500, "down").once();
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, authenticated()).once();
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, access(true)).once();

        assertThat(authorizer.authorize(HEADER, "models", "gpt").status()).isEqualTo(503);
        assertThat(authorizer.authorize(HEADER, "models", "gpt").allowed()).isTrue();
    }
}
