package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.models.Model;
import dev.modelport.api.v1alpha1.Phase;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway with caller authorization in the kubernetes mode, through the real HTTP path. The mock API server
 * (CRUD mode) has no TokenReview or SubjectAccessReview, but still honours expectations registered for a path, so
 * they answer those two POSTs: a token starting with "sa-" belongs to the ServiceAccount named by its part before
 * any ".", any other is not authenticated, and a user may invoke exactly the models granted to it in
 * {@link #GRANTS}. Decisions are cached (30 s allow, 5 s deny, not configurable), so each case has its own token,
 * namespace and models.
 */
@QuarkusTest
@TestProfile(GatewayKubernetesAuthTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayAuthorizationIT extends GatewayTestBase {

    static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
    static final String USER_PREFIX = "system:serviceaccount:apps:";

    /** user name to the "namespace/name" of the models it may invoke */
    static final Map<String, Set<String>> GRANTS = new ConcurrentHashMap<>();
    static final List<JsonNode> TOKEN_REVIEWS_RECEIVED = new CopyOnWriteArrayList<>();
    static final List<JsonNode> ACCESS_REVIEWS_RECEIVED = new CopyOnWriteArrayList<>();
    static volatile KubernetesServer expectationsOn;

    @KubernetesTestServer
    KubernetesServer server;

    /** Registers the two review paths once per mock server (they stay for every request: always()). */
    @BeforeEach
    void expectReviews() {
        if (expectationsOn == server) {
            return;
        }
        server.expect().post().withPath(TOKEN_REVIEWS).andReply(201, GatewayAuthorizationIT::tokenReview).always();
        server.expect().post().withPath(ACCESS_REVIEWS).andReply(201, GatewayAuthorizationIT::accessReview)
                .always();
        expectationsOn = server;
    }

    private static Object tokenReview(RecordedRequest request) {
        JsonNode review = body(request);
        TOKEN_REVIEWS_RECEIVED.add(review);
        String token = review.at("/spec/token").asText();
        if (!token.startsWith("sa-")) {
            return new TokenReviewBuilder().withNewStatus().withAuthenticated(false)
                    .withError("[invalid bearer token]").endStatus().build();
        }
        return new TokenReviewBuilder().withNewStatus().withAuthenticated(true).withNewUser()
                .withUsername(USER_PREFIX + token.split("\\.")[0])
                .withGroups("system:serviceaccounts", "system:serviceaccounts:apps", "system:authenticated")
                .withUid("uid-" + token.split("\\.")[0]).endUser().endStatus().build();
    }

    private static Object accessReview(RecordedRequest request) {
        JsonNode review = body(request);
        ACCESS_REVIEWS_RECEIVED.add(review);
        JsonNode resource = review.at("/spec/resourceAttributes");
        boolean allowed = GRANTS.getOrDefault(review.at("/spec/user").asText(), Set.of())
                .contains(resource.path("namespace").asText() + "/" + resource.path("name").asText());
        return new SubjectAccessReviewBuilder().withNewStatus().withAllowed(allowed).endStatus().build();
    }

    private static JsonNode body(RecordedRequest request) {
        try {
            return MAPPER.readTree(request.getUtf8Body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    OpenAIClient openAi(String token) {
        return OpenAIOkHttpClient.builder().baseUrl(base + "v1").apiKey(token).maxRetries(0).build();
    }

    OpenAIServiceException failure(String token, String model) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> openAi(token).chat().completions().create(chat(model, "hi")));
        assertThat(thrown).isInstanceOf(OpenAIServiceException.class);
        return (OpenAIServiceException) thrown;
    }

    /** A served custom model whose upstream credential is {@link #TOKEN}. */
    void model(String namespace, String name) {
        secret(namespace, TOKEN);
        serve(namespace, custom(name, "/custom", ""), Phase.InferenceEnabled);
        awaitServed(namespace, name);
    }

    @Test
    void shouldAnswer401WithoutAnAuthorizationHeaderAndCallNothingUpstream() throws Exception {
        model("az-anon", "m");
        int upstreamBefore = upstream.requests().size();
        int reviewsBefore = TOKEN_REVIEWS_RECEIVED.size();

        Request request = new Request.Builder().url(base + "v1/chat/completions").post(RequestBody.create(
                "{\"model\": \"az-anon/m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                MediaType.get("application/json"))).build();
        try (Response response = HTTP.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(401);
            JsonNode error = json(response).path("error");
            assertThat(error.path("type").asText()).isEqualTo("authentication_error");
            assertThat(error.path("code").asText()).isEqualTo("unauthenticated");
            assertThat(error.path("message").asText()).isEqualTo("missing bearer token");
            assertThat(error.has("param")).isTrue();
        }
        assertThat(upstream.requests()).hasSize(upstreamBefore);
        assertThat(TOKEN_REVIEWS_RECEIVED).as("no token, no review").hasSize(reviewsBefore);
    }

    @Test
    void shouldAnswer401ToATokenTheApiServerDoesNotAuthenticate() {
        model("az-unknown", "m");
        int upstreamBefore = upstream.requests().size();
        int accessReviewsBefore = ACCESS_REVIEWS_RECEIVED.size();

        OpenAIServiceException e = failure("forged-token-7a1", "az-unknown/m");

        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.code()).contains("unauthenticated");
        assertThat(e.getMessage()).contains("token not valid").doesNotContain("forged-token-7a1");
        assertThat(TOKEN_REVIEWS_RECEIVED).anySatisfy(
                review -> assertThat(review.at("/spec/token").asText()).isEqualTo("forged-token-7a1"));
        assertThat(ACCESS_REVIEWS_RECEIVED).as("no SubjectAccessReview for an unauthenticated caller")
                .hasSize(accessReviewsBefore);
        assertThat(upstream.requests()).hasSize(upstreamBefore);
    }

    @Test
    void shouldAnswer403NamingTheModelAndNamespaceWhenTheCallerMayNotInvokeIt() {
        model("az-denied", "secret-model");
        GRANTS.put(USER_PREFIX + "sa-denied", Set.of("az-denied/other-model"));
        int upstreamBefore = upstream.requests().size();

        OpenAIServiceException e = failure("sa-denied", "az-denied/secret-model");

        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.code()).contains("permission_denied");
        assertThat(e.getMessage()).contains(USER_PREFIX + "sa-denied may not invoke externalmodels/secret-model in "
                + "az-denied");
        assertThat(upstream.requests()).hasSize(upstreamBefore);
    }

    @Test
    void shouldServeAnAllowedCallerAfterASubjectAccessReviewForTheInvokeSubresource() {
        model("az-allowed", "support");
        String callerToken = "sa-allowed.caller-credential-5e2";
        String user = USER_PREFIX + "sa-allowed";
        GRANTS.put(user, Set.of("az-allowed/support"));

        ChatCompletion completion = openAi(callerToken).chat().completions()
                .create(chat("az-allowed/support", "hi"));

        assertThat(completion.model()).isEqualTo("az-allowed/support");
        assertThat(completion.choices().getFirst().message().content()).contains("pong");
        JsonNode review = ACCESS_REVIEWS_RECEIVED.stream()
                .filter(r -> r.at("/spec/user").asText().equals(user)).reduce((a, b) -> b).orElseThrow();
        JsonNode attributes = review.at("/spec/resourceAttributes");
        assertThat(attributes.path("verb").asText()).isEqualTo("create");
        assertThat(attributes.path("group").asText()).isEqualTo("modelport.dev");
        assertThat(attributes.path("resource").asText()).isEqualTo("externalmodels");
        assertThat(attributes.path("subresource").asText()).isEqualTo("invoke");
        assertThat(attributes.path("name").asText()).isEqualTo("support");
        assertThat(attributes.path("namespace").asText()).isEqualTo("az-allowed");
        assertThat(review.at("/spec/uid").asText()).isEqualTo("uid-sa-allowed");
        assertThat(review.at("/spec/groups").toString()).contains("system:serviceaccounts:apps");
        assertThat(review.toString()).as("the SubjectAccessReview names the user, not the token")
                .doesNotContain(callerToken);

        mockwebserver3.RecordedRequest sent = upstream.last("/custom");
        assertThat(header(sent, "Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(sent.getHeaders().toString()).doesNotContain(callerToken);
        assertThat(sent.getBody().utf8()).doesNotContain(callerToken);
    }

    @Test
    void shouldCountRequestsAndTokensByTheServiceAccountThatCalled() throws Exception {
        model("az-usage", "support");
        GRANTS.put(USER_PREFIX + "sa-usage-one", Set.of("az-usage/support"));
        GRANTS.put(USER_PREFIX + "sa-usage-two", Set.of("az-usage/support"));
        String secretPart = ".usage-credential-0d93";

        openAi("sa-usage-one" + secretPart).chat().completions().create(chat("az-usage/support", "hi"));
        openAi("sa-usage-one" + secretPart).chat().completions().create(chat("az-usage/support", "hi"));
        openAi("sa-usage-two" + secretPart).chat().completions().create(chat("az-usage/support", "hi"));
        assertThat(failure("sa-usage-denied" + secretPart, "az-usage/support").statusCode()).isEqualTo(403);

        String metrics;
        try (Response response = HTTP.newCall(new Request.Builder().url(base + "q/metrics").build()).execute()) {
            metrics = response.body().string();
        }
        Map<String, String> support = Map.of("namespace", "az-usage", "model", "support");
        assertThat(GatewayMetricsIT.value(metrics, "modelport_gateway_requests_total", with(support,
                "caller", "apps/sa-usage-one", "outcome", "success"))).isEqualTo(2);
        assertThat(GatewayMetricsIT.value(metrics, "modelport_gateway_requests_total", with(support,
                "caller", "apps/sa-usage-two", "outcome", "success"))).isEqualTo(1);
        assertThat(GatewayMetricsIT.value(metrics, "modelport_gateway_tokens_total", with(support,
                "caller", "apps/sa-usage-one", "direction", "input"))).isEqualTo(36);
        assertThat(GatewayMetricsIT.value(metrics, "modelport_gateway_tokens_total", with(support,
                "caller", "apps/sa-usage-two", "direction", "output"))).isEqualTo(1);
        assertThat(GatewayMetricsIT.value(metrics, "modelport_gateway_requests_total", Map.of(
                "caller", "apps/sa-usage-denied", "outcome", "permission_denied")))
                .as("denied before its model is looked up, but identified").isEqualTo(1);
        assertThat(metrics).as("no token in a label").doesNotContain(secretPart);
    }

    private static Map<String, String> with(Map<String, String> labels, String... more) {
        Map<String, String> all = new HashMap<>(labels);
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }

    @Test
    void shouldListOnlyTheModelsTheCallerMayInvoke() {
        model("az-list", "granted");
        model("az-list", "refused");
        model("az-list", "also-granted");
        GRANTS.put(USER_PREFIX + "sa-lister", Set.of("az-list/granted", "az-list/also-granted"));

        List<String> ids = openAi("sa-lister").models().list().data().stream().map(Model::id).toList();

        assertThat(ids).containsExactlyInAnyOrder("az-list/granted", "az-list/also-granted");
        assertThat(openAi("not-a-service-account").models().list().data()).isEmpty();
    }
}
