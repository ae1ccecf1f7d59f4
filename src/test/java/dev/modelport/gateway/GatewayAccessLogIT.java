package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.gateway.telemetry.AccessLog;
import dev.modelport.testing.LogCapture;
import dev.modelport.testing.ModelAnswers;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The access log through the real HTTP path, with caller authorization on: one line per request, field by field for
 * a complete call, a stream, a fallback after a retry, and errors; and none of the canaries a request, its caller and
 * its endpoint carry. The mock API server authenticates every "sa-" token as the ServiceAccount apps/&lt;the part
 * before any "."&gt; and allows it every model. Each case has a namespace of its own, which its lines are found by.
 */
@QuarkusTest
@TestProfile(GatewayAccessLogTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayAccessLogIT extends GatewayTestBase {

    static final String CANARY_TOKEN = "canary-token-4b1e7d";
    static final String CANARY_CREDENTIAL = "canary-credential-93a0c2";
    static final String CANARY_PROMPT = "canary-prompt-5f28e1";
    /** The access log has a handler of its own, not the root's. */
    static LogCapture logs;
    static volatile KubernetesServer expectationsOn;

    @KubernetesTestServer
    KubernetesServer server;

    @BeforeAll
    static void capture() {
        logs = LogCapture.of(AccessLog.CATEGORY);
    }

    @AfterAll
    static void release() {
        logs.close();
    }

    @BeforeEach
    void expectReviews() {
        if (expectationsOn == server) {
            return;
        }
        server.expect().post().withPath(GatewayAuthorizationIT.TOKEN_REVIEWS).andReply(201, request -> {
            JsonNode review = readTree(request.getUtf8Body());
            String token = review.at("/spec/token").asText();
            boolean known = token.startsWith("sa-");
            return new TokenReviewBuilder().withNewStatus().withAuthenticated(known).withNewUser()
                    .withUsername(known ? GatewayAuthorizationIT.USER_PREFIX + token.split("\\.")[0] : null)
                    .endUser().endStatus().build();
        }).always();
        server.expect().post().withPath(GatewayAuthorizationIT.ACCESS_REVIEWS).andReply(201,
                request -> new SubjectAccessReviewBuilder().withNewStatus().withAllowed(true).endStatus().build())
                .always();
        expectationsOn = server;
    }

    static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    OpenAIClient caller(String token) {
        return OpenAIOkHttpClient.builder().baseUrl(base + "v1").apiKey(token).maxRetries(0).build();
    }

    /** The access lines written so far, as JSON. */
    static List<JsonNode> written() {
        return logs.lines().stream().map(line -> readTree(line.message())).toList();
    }

    /** The access lines of requests that resolved to a model of the namespace, once there are that many. */
    static List<JsonNode> lines(String namespace, int count) {
        await(count + " access lines of " + namespace, () -> linesOf(namespace).size() >= count);
        List<JsonNode> lines = linesOf(namespace);
        assertThat(lines).as("one line per request").hasSize(count);
        return lines;
    }

    static List<JsonNode> linesOf(String namespace) {
        return written().stream().filter(line -> line.path("model").asText().startsWith(namespace + "/")).toList();
    }

    static void assertTimed(JsonNode line, Instant before) {
        assertThat(Instant.parse(line.path("time").asText())).isBetween(before.minusMillis(1), Instant.now());
        assertThat(line.path("durationMs").decimalValue()).isPositive();
        assertThat(line.path("upstreamMs").decimalValue()).isPositive()
                .isLessThanOrEqualTo(line.path("durationMs").decimalValue());
    }

    @Test
    void shouldLogACompleteCallAndAnInvokeWithTheCallerTheModelAndTheTokens() throws Exception {
        secret("al-json", TOKEN);
        serve("al-json", custom("support", "/custom", ""), Phase.InferenceEnabled);
        awaitServed("al-json", "support");
        Instant before = Instant.now();

        caller("sa-alpha").chat().completions().create(chat("al-json/support", "Hi"));
        try (Response invoked = HTTP.newCall(new okhttp3.Request.Builder()
                .url(base + "api/v1/namespaces/al-json/externalmodels/support/invoke")
                .header("Authorization", "Bearer sa-alpha").post(okhttp3.RequestBody.create("{\"prompt\": \"hi\"}",
                        okhttp3.MediaType.get("application/json"))).build()).execute()) {
            assertThat(invoked.code()).isEqualTo(200);
        }

        List<JsonNode> lines = lines("al-json", 2);
        assertThat(logs.lines()).allSatisfy(line -> assertThat(line.level()).isEqualTo(Level.INFO));
        JsonNode chat = lines.get(0);
        assertTimed(chat, before);
        assertThat(chat.path("caller").asText()).isEqualTo("apps/sa-alpha");
        assertThat(chat.path("method").asText()).isEqualTo("POST");
        assertThat(chat.path("route").asText()).isEqualTo("/v1/chat/completions");
        assertThat(chat.path("model").asText()).isEqualTo("al-json/support");
        assertThat(chat.path("answeredBy").asText()).isEqualTo("al-json/support");
        assertThat(chat.path("fallbacks").asInt()).isZero();
        assertThat(chat.path("status").asInt()).isEqualTo(200);
        assertThat(chat.path("upstreamStatus").asInt()).isEqualTo(200);
        assertThat(chat.path("attempts").asInt()).isEqualTo(1);
        assertThat(chat.path("retries").asInt()).isZero();
        assertThat(chat.path("firstTokenMs").isNull()).as("not streamed").isTrue();
        assertThat(chat.path("inputTokens").asLong()).isEqualTo(18);
        assertThat(chat.path("outputTokens").asLong()).isEqualTo(1);
        assertThat(chat.path("error").isNull()).isTrue();
        JsonNode invoke = lines.get(1);
        assertThat(invoke.path("route").asText()).isEqualTo("/api/v1/namespaces/:ns/externalmodels/:name/invoke");
        assertThat(invoke.path("model").asText()).isEqualTo("al-json/support");
        assertThat(invoke.path("status").asInt()).isEqualTo(200);
    }

    @Test
    void shouldLogAStreamAfterItsLastEventOrItsErrorEventWithTheTimeToFirstToken() throws Exception {
        secret("al-stream", TOKEN);
        serve("al-stream", provider("streamer", "OpenAIChatCompletions", "/openai-stream"), Phase.InferenceEnabled);
        serve("al-stream", provider("overloaded", "AnthropicMessages", "/anthropic-overloaded-stream"),
                Phase.InferenceEnabled);
        awaitServed("al-stream", "streamer");
        awaitServed("al-stream", "overloaded");
        Instant before = Instant.now();

        try (StreamResponse<ChatCompletionChunk> chunks = caller("sa-alpha").chat().completions()
                .createStreaming(chat("al-stream/streamer", "Hi"))) {
            assertThat(chunks.stream().count()).isPositive();
        }
        try (StreamResponse<ChatCompletionChunk> chunks = caller("sa-alpha").chat().completions()
                .createStreaming(chat("al-stream/overloaded", "Hi"))) {
            assertThat(catchThrowable(() -> chunks.stream().count())).isInstanceOf(SseException.class);
        }

        List<JsonNode> lines = lines("al-stream", 2);
        JsonNode done = lines.stream().filter(line -> line.path("model").asText().endsWith("/streamer"))
                .findFirst().orElseThrow();
        assertTimed(done, before);
        assertThat(done.path("status").asInt()).isEqualTo(200);
        assertThat(done.path("upstreamStatus").asInt()).isEqualTo(200);
        assertThat(done.path("firstTokenMs").decimalValue()).isPositive()
                .isLessThanOrEqualTo(done.path("durationMs").decimalValue());
        assertThat(done.path("inputTokens").asLong()).isEqualTo(7);
        assertThat(done.path("outputTokens").asLong()).isEqualTo(2);
        assertThat(done.path("error").isNull()).isTrue();
        JsonNode failed = lines.stream().filter(line -> line.path("model").asText().endsWith("/overloaded"))
                .findFirst().orElseThrow();
        assertThat(failed.path("status").asInt()).as("the 200 had gone before the error event").isEqualTo(200);
        assertThat(failed.path("upstreamStatus").asInt()).isEqualTo(200);
        assertThat(failed.path("error").asText()).isEqualTo("UpstreamError");
        assertThat(failed.path("firstTokenMs").isNumber()).as("text came first").isTrue();
        assertThat(failed.path("inputTokens").asLong()).as("reported before the failure").isEqualTo(12);
    }

    @Test
    void shouldLogTheRetriesTheFallbackAndTheModelThatAnswered() {
        secret("al-fallback", TOKEN);
        serve("al-fallback", GatewayResilienceIT.model("primary", "/al-primary", false,
                "{enabled: true, retry: {attempts: 1, backoff: {initial: 1ms, max: 10ms}}, fallbacks: [backup]}"),
                Phase.InferenceEnabled);
        serve("al-fallback", GatewayResilienceIT.model("backup", "/al-backup", false, "{enabled: true}"),
                Phase.InferenceEnabled);
        awaitServed("al-fallback", "primary");
        awaitServed("al-fallback", "backup");
        upstream.enqueue("/al-primary", ModelAnswers.status(503), ModelAnswers.status(500));
        upstream.enqueue("/al-backup", ModelAnswers.forPath("/openai"));

        assertThat(caller("sa-alpha").chat().completions().create(chat("al-fallback/primary", "Hi")).model())
                .isEqualTo("al-fallback/backup");

        JsonNode line = lines("al-fallback", 1).getFirst();
        assertThat(line.path("model").asText()).isEqualTo("al-fallback/primary");
        assertThat(line.path("answeredBy").asText()).isEqualTo("al-fallback/backup");
        assertThat(line.path("fallbacks").asInt()).isEqualTo(1);
        assertThat(line.path("attempts").asInt()).isEqualTo(3);
        assertThat(line.path("retries").asInt()).isEqualTo(1);
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("upstreamStatus").asInt()).isEqualTo(200);
        assertThat(line.path("inputTokens").asLong()).as("the fallback's").isEqualTo(7);
        assertThat(line.path("error").isNull()).isTrue();
    }

    @Test
    void shouldLogAnUpstreamErrorWithBothStatusesAndAnUnauthenticatedCallerWithoutModel() {
        secret("al-error", TOKEN);
        serve("al-error", custom("failing", "/al-failing", ""), Phase.InferenceEnabled);
        awaitServed("al-error", "failing");

        Throwable thrown = catchThrowable(() -> caller("sa-alpha").chat().completions()
                .create(chat("al-error/failing", "Hi")));
        Throwable refused = catchThrowable(() -> caller("not-a-service-account").chat().completions()
                .create(chat("al-error/failing", "Hi")));

        JsonNode line = lines("al-error", 1).getFirst();
        OpenAIServiceException error = (OpenAIServiceException) thrown;
        assertThat(line.path("status").asInt()).isEqualTo(error.statusCode()).isEqualTo(502);
        assertThat(line.path("upstreamStatus").asInt()).isEqualTo(500);
        assertThat(line.path("attempts").asInt()).as("no retry by default").isEqualTo(1);
        assertThat(line.path("error").asText()).isEqualTo(error.code().orElseThrow());
        assertThat(line.path("answeredBy").isNull()).as("no model answered").isTrue();
        assertThat(line.path("inputTokens").isNull()).isTrue();
        assertThat(((OpenAIServiceException) refused).statusCode()).isEqualTo(401);
        await("the 401's line", () -> written().stream().anyMatch(logged -> logged.path("status").asInt() == 401));
        JsonNode unauthenticated = written().stream().filter(logged -> logged.path("status").asInt() == 401)
                .findFirst().orElseThrow();
        assertThat(unauthenticated.path("caller").isNull()).isTrue();
        assertThat(unauthenticated.path("model").isNull()).as("authorization comes before the model").isTrue();
        assertThat(unauthenticated.path("error").asText()).isEqualTo("unauthenticated");
        assertThat(unauthenticated.path("attempts").asInt()).isZero();
    }

    @Test
    void noLineShowsTheCallersTokenTheCredentialThePromptOrTheEndpointsErrorBody() {
        secret("al-canary", CANARY_CREDENTIAL);
        serve("al-canary", custom("plain", "/custom", ""), Phase.InferenceEnabled);
        serve("al-canary", custom("echo", "/echo-server-error", ""), Phase.InferenceEnabled);
        serve("al-canary", custom("echo-4xx", "/echo-error", ""), Phase.InferenceEnabled);
        awaitServed("al-canary", "echo-4xx");
        int before = logs.lines().size();
        OpenAIClient client = caller("sa-canary." + CANARY_TOKEN);

        for (String model : new String[] {"plain", "echo", "echo-4xx", CANARY_PROMPT}) {
            ChatCompletionCreateParams params = chat("al-canary/" + model, "Say " + CANARY_PROMPT);
            catchThrowable(() -> client.chat().completions().create(params));
        }

        lines("al-canary", 3);
        await("the unknown model's line", () -> logs.lines().size() - before >= 4);
        List<String> written = logs.lines().stream().skip(before).map(LogCapture.Line::message).toList();
        assertThat(written).hasSize(4).allSatisfy(line -> assertThat(line).doesNotContain(CANARY_TOKEN,
                CANARY_CREDENTIAL, GatewayLogAuditIT.base64(CANARY_CREDENTIAL), CANARY_PROMPT,
                ModelAnswers.UPSTREAM_DETAIL, "rejected", "Bearer"));
        assertThat(written).anySatisfy(line -> assertThat(readTree(line).path("upstreamStatus").asInt())
                .as("the echoing endpoint's error was met").isEqualTo(500));
        assertThat(upstream.last("/echo-server-error").getBody().utf8()).as("the prompt went upstream")
                .contains(CANARY_PROMPT);
    }
}
