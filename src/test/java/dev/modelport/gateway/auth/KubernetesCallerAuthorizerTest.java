package dev.modelport.gateway.auth;

import dev.modelport.testing.MutableClock;
import static dev.modelport.gateway.auth.ReviewFixtures.ACCESS_REVIEWS;
import static dev.modelport.gateway.auth.ReviewFixtures.EXTRA;
import static dev.modelport.gateway.auth.ReviewFixtures.GROUPS;
import static dev.modelport.gateway.auth.ReviewFixtures.TOKEN_REVIEWS;
import static dev.modelport.gateway.auth.ReviewFixtures.UID;
import static dev.modelport.gateway.auth.ReviewFixtures.USER;
import static dev.modelport.gateway.auth.ReviewFixtures.access;
import static dev.modelport.gateway.auth.ReviewFixtures.authenticated;
import static dev.modelport.gateway.auth.ReviewFixtures.unauthenticated;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reviews against the mock API server in expectation mode: what is asked, and what each answer leads to. */
class KubernetesCallerAuthorizerTest extends ReviewServerTestBase {

    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.test-token.sig";
    static final String HEADER = "Bearer " + TOKEN;

    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private CallerAuthorizer authorizer(AuthSettings settings) {
        return CallerAuthorizers.create(settings, client, clock);
    }

    private CallerAuthorizer authorizer() {
        return authorizer(AuthSettings.DEFAULTS);
    }

    private JsonNode body(RecordedRequest request) throws Exception {
        return json.readTree(request.getUtf8Body());
    }

    private RecordedRequest take() throws InterruptedException {
        return server.takeRequest(1, TimeUnit.SECONDS);
    }

    @Test
    void noHeaderIs401WithoutAskingTheApiServer() {
        Decision decision = authorizer().authorize(null, "models", "gpt");

        assertThat(decision).isEqualTo(new Decision(false, 401, "missing bearer token", null));
        assertThat(server.getRequestCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token " + TOKEN, "Bearer a b",
        "Bearer" + TOKEN, TOKEN})
    void anythingButABearerTokenIs401WithoutAskingTheApiServer(String header) {
        Decision decision = authorizer().authorize(header, "models", "gpt");

        assertThat(decision.status()).isEqualTo(401);
        assertThat(decision.message()).isEqualTo("missing bearer token");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void theSchemeIsCaseInsensitiveAndSurroundingSpaceIgnored() {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, authenticated()).always();
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, access(true)).always();

        assertThat(authorizer().authorize("  bearer " + TOKEN + " ", "models", "gpt").allowed()).isTrue();
        assertThat(authorizer().authorize("BEARER  " + TOKEN, "models", "gpt").allowed()).isTrue();
    }

    @Test
    void anUnauthenticatedTokenIs401WithoutAnAccessReview() throws Exception {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, unauthenticated()).once();

        Decision decision = authorizer().authorize(HEADER, "models", "gpt");

        assertThat(decision).isEqualTo(new Decision(false, 401, "token not valid", null));
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(body(take()).at("/spec/token").asText()).isEqualTo(TOKEN);
    }

    @Test
    void anAuthenticatedCallerWithoutPermissionIs403NamingUserModelAndNamespace() {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, authenticated()).once();
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, access(false)).once();

        Decision decision = authorizer().authorize(HEADER, "models", "gpt");

        assertThat(decision).isEqualTo(new Decision(false, 403,
                "system:serviceaccount:apps:chatbot may not invoke externalmodels/gpt in models", USER));
    }

    @Test
    void anAllowedCallerIsAllowedWithItsUserName() {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, authenticated()).once();
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, access(true)).once();

        Decision decision = authorizer().authorize(HEADER, "models", "gpt");

        assertThat(decision).isEqualTo(new Decision(true, 200, "allowed", USER));
    }

    @Test
    void theAccessReviewAsksForCreateOnTheModelsInvokeSubresourceAsTheReviewedUser() throws Exception {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, authenticated()).once();
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, access(true)).once();

        authorizer().authorize(HEADER, "models", "gpt");

        JsonNode tokenReview = body(take());
        assertThat(tokenReview.at("/apiVersion").asText()).isEqualTo("authentication.k8s.io/v1");
        assertThat(tokenReview.at("/spec/audiences").isMissingNode()).isTrue();
        RecordedRequest request = take();
        assertThat(request.getPath()).isEqualTo(ACCESS_REVIEWS);
        JsonNode review = body(request);
        assertThat(review.at("/apiVersion").asText()).isEqualTo("authorization.k8s.io/v1");
        assertThat(json.convertValue(review.at("/spec/resourceAttributes"), Map.class)).isEqualTo(Map.of(
                "group", "modelport.dev", "resource", "externalmodels", "subresource", "invoke",
                "verb", "create", "namespace", "models", "name", "gpt"));
        assertThat(review.at("/spec/nonResourceAttributes").isMissingNode()).isTrue();
        assertThat(review.at("/spec/user").asText()).isEqualTo(USER);
        assertThat(json.convertValue(review.at("/spec/groups"), List.class)).isEqualTo(GROUPS);
        assertThat(review.at("/spec/uid").asText()).isEqualTo(UID);
        assertThat(json.convertValue(review.at("/spec/extra"), Map.class)).isEqualTo(EXTRA);
        assertThat(review.toString()).doesNotContain(TOKEN);
    }

    @Test
    void configuredAudiencesAreSentAndMustComeBack() throws Exception {
        List<String> audiences = List.of("modelport-gateway", "modelport");
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, authenticated(List.of("modelport"))).once();
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, access(true)).once();

        Decision decision = authorizer(AuthSettings.DEFAULTS.withAudiences(audiences)).authorize(HEADER, "m", "gpt");

        assertThat(decision.allowed()).isTrue();
        assertThat(json.convertValue(body(take()).at("/spec/audiences"), List.class)).isEqualTo(audiences);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aReviewThatDoesNotConfirmAnAudienceIs401(boolean otherAudience) {
        List<String> answered = otherAudience ? List.of("https://kubernetes.default.svc") : null;
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, authenticated(answered)).once();

        Decision decision = authorizer(AuthSettings.DEFAULTS.withAudiences(List.of("modelport-gateway")))
                .authorize(HEADER, "models", "gpt");

        assertThat(decision).isEqualTo(new Decision(false, 401, "token not valid", null));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
