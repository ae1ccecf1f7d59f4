package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.gateway.models.GatewayReadiness;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The gateway's Prometheus metrics and health endpoints on the same port. The application is shared with the
 * other gateway tests, so each model lives in its own namespace here and the shared "unknown" series is compared
 * before and after.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayMetricsIT extends GatewayTestBase {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    @Test
    void shouldCountRequestsDurationsFirstTokensAndTokensPerModel() throws Exception {
        secret("m-custom", TOKEN);
        secret("m-openai", TOKEN);
        serve("m-custom", custom("support", "/custom", ""), Phase.InferenceEnabled);
        serve("m-openai", provider("gpt", "OpenAIChatCompletions", "/openai"), Phase.InferenceEnabled);
        serve("m-openai", provider("streamer", "OpenAIChatCompletions", "/openai-stream"), Phase.InferenceEnabled);
        awaitServed("m-custom", "support");
        awaitServed("m-openai", "gpt");
        awaitServed("m-openai", "streamer");
        Map<String, String> unknownChat = Map.of("namespace", "unknown", "model", "unknown", "api", "chat",
                "outcome", "model_not_found");
        double notFoundBefore = value(metrics(), "modelport_gateway_requests_total", unknownChat);

        try (Response invoked = post("/api/v1/namespaces/m-custom/externalmodels/support/invoke", null,
                "{\"prompt\": \"hi\"}")) {
            assertThat(invoked.code()).isEqualTo(200);
        }
        openAi().chat().completions().create(chat("m-openai/gpt", "Hi"));
        try (StreamResponse<ChatCompletionChunk> chunks = openAi().chat().completions()
                .createStreaming(ChatCompletionCreateParams.builder().model("m-openai/streamer")
                        .addUserMessage("Hi").build())) {
            assertThat(chunks.stream().count()).isPositive();
        }
        assertError(failure(chat("m-missing/none", "Hi")), 404, "model_not_found");

        String metrics = metrics();
        assertThat(value(metrics, "modelport_gateway_requests_total", Map.of("namespace", "m-custom",
                "model", "support", "api", "invoke", "outcome", "success"))).isEqualTo(1);
        assertThat(value(metrics, "modelport_gateway_requests_total", Map.of("namespace", "m-openai",
                "model", "gpt", "api", "chat", "outcome", "success"))).isEqualTo(1);
        assertThat(value(metrics, "modelport_gateway_requests_total", unknownChat)).isEqualTo(notFoundBefore + 1);
        assertThat(value(metrics, "modelport_gateway_requests_total", Map.of("namespace", "m-openai", "model", "gpt",
                "caller", "anonymous"))).as("authorization is off").isEqualTo(1);
        assertThat(value(metrics, "modelport_gateway_tokens_total", Map.of("namespace", "m-openai", "model", "gpt",
                "caller", "anonymous", "direction", "input"))).isEqualTo(7);
        assertDuration(metrics, "m-custom", "support", "invoke");
        assertDuration(metrics, "m-openai", "streamer", "chat");
        assertTokens(metrics, "m-custom", "support", 18, 1);
        assertTokens(metrics, "m-openai", "gpt", 7, 2);
        assertTokens(metrics, "m-openai", "streamer", 7, 2);
        assertThat(value(metrics, "modelport_gateway_time_to_first_token_seconds_count",
                Map.of("namespace", "m-openai", "model", "streamer"))).isEqualTo(1);
        assertThat(value(metrics, "modelport_gateway_time_to_first_token_seconds_count",
                Map.of("namespace", "m-openai", "model", "gpt"))).as("not streamed").isZero();
    }

    @Test
    void shouldCountAStreamThatFailsAfterItsStartAsAFailure() throws Exception {
        secret("m-midstream", TOKEN);
        serve("m-midstream", provider("overloaded", "AnthropicMessages", "/anthropic-overloaded-stream"),
                Phase.InferenceEnabled);
        awaitServed("m-midstream", "overloaded");

        try (StreamResponse<ChatCompletionChunk> chunks = openAi().chat().completions()
                .createStreaming(chat("m-midstream/overloaded", "Hi"))) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> chunks.stream().count()))
                    .isInstanceOf(com.openai.errors.SseException.class);
        }

        Map<String, String> failed = Map.of("namespace", "m-midstream", "model", "overloaded", "api", "chat",
                "outcome", "UpstreamError");
        await("the failed stream counted", () -> {
            try {
                return value(metrics(), "modelport_gateway_requests_total", failed) == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        String metrics = metrics();
        assertThat(value(metrics, "modelport_gateway_requests_total", Map.of("namespace", "m-midstream",
                "model", "overloaded", "api", "chat", "outcome", "success"))).isZero();
        assertThat(value(metrics, "modelport_gateway_time_to_first_token_seconds_count",
                Map.of("namespace", "m-midstream", "model", "overloaded"))).as("text came first").isEqualTo(1);
        assertThat(value(metrics, "modelport_gateway_tokens_total", Map.of("namespace", "m-midstream",
                "model", "overloaded", "direction", "input"))).as("reported before the failure").isEqualTo(12);
    }

    @Test
    void shouldAnswerTheHealthEndpoints() throws Exception {
        for (String path : new String[] {"q/health/live", "q/health/ready"}) {
            try (Response response = HTTP.newCall(new Request.Builder().url(base + path).build()).execute()) {
                String body = response.body().string();
                assertThat(response.code()).as(path + ": " + body).isEqualTo(200);
                assertThat(MAPPER.readTree(body).path("status").asText()).as(path).isEqualTo("UP");
                if (path.endsWith("ready")) {
                    assertThat(body).as("the registry's readiness check").contains(GatewayReadiness.NAME);
                }
            }
        }
    }

    private static void assertDuration(String metrics, String namespace, String model, String api) {
        Map<String, String> tags = Map.of("namespace", namespace, "model", model, "api", api);
        assertThat(value(metrics, "modelport_gateway_request_duration_seconds_count", tags)).isEqualTo(1);
        Map<String, String> inf = new HashMap<>(tags);
        inf.put("le", "+Inf");
        assertThat(value(metrics, "modelport_gateway_request_duration_seconds_bucket", inf)).isEqualTo(1);
        assertThat(metrics.lines().filter(line -> line.startsWith("modelport_gateway_request_duration_seconds_bucket")
                && line.contains("namespace=\"" + namespace + "\"") && line.contains("model=\"" + model + "\"")
                && line.contains("api=\"" + api + "\""))
                .count()).as("15 fixed buckets and +Inf").isEqualTo(16);
    }

    private static void assertTokens(String metrics, String namespace, String model, long in, long out) {
        assertThat(value(metrics, "modelport_gateway_tokens_total",
                Map.of("namespace", namespace, "model", model, "direction", "input"))).isEqualTo(in);
        assertThat(value(metrics, "modelport_gateway_tokens_total",
                Map.of("namespace", namespace, "model", model, "direction", "output"))).isEqualTo(out);
    }

    private String metrics() throws Exception {
        try (Response response = HTTP.newCall(new Request.Builder().url(base + "q/metrics").build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            return response.body().string();
        }
    }

    /** The sum of the samples of a metric whose labels include the given ones; 0 when there is none. */
    static double value(String metrics, String name, Map<String, String> labels) {
        return metrics.lines().map(SAMPLE::matcher).filter(Matcher::matches).filter(m -> m.group(1).equals(name))
                .filter(m -> labels(m.group(2)).entrySet().containsAll(labels.entrySet()))
                .mapToDouble(m -> Double.parseDouble(m.group(3))).sum();
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new HashMap<>();
        Matcher label = LABEL.matcher(text);
        while (label.find()) {
            labels.put(label.group(1), label.group(2));
        }
        return labels;
    }
}
