package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.openai.core.http.StreamResponse;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.testing.ModelAnswers;
import dev.modelport.testing.ModelYaml;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Per-model retries, fallbacks, circuit breaking and concurrency bounds through the gateway's HTTP API, with the
 * official OpenAI client where it is the caller. Each model lives in a namespace of its own.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayResilienceIT extends GatewayTestBase {

    static String model(String name, String path, boolean streams, String inference) {
        return ModelYaml.provider(name, "OpenAIChatCompletions").endpoint(upstream.url(path)).streaming(streams)
                .inference(inference).yaml();
    }

    void serveAll(String namespace, String... yamls) {
        secret(namespace, TOKEN);
        for (String yaml : yamls) {
            String name = serve(namespace, yaml, Phase.InferenceEnabled).getMetadata().getName();
            awaitServed(namespace, name);
        }
    }

    static String body(String model, boolean stream) {
        return "{\"model\": \"" + model + "\", \"stream\": " + stream
                + ", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}";
    }

    @Test
    void shouldRetryAServerErrorAndNameTheModelThatAnswered() throws Exception {
        serveAll("r-retry", model("retrying", "/retry", false,
                "{enabled: true, retry: {attempts: 2, backoff: {initial: 1ms, max: 10ms}}}"));
        upstream.answer("/retry", ModelAnswers.status(503));
        upstream.enqueue("/retry", ModelAnswers.status(503), ModelAnswers.status(500),
                ModelAnswers.forPath("/openai"));

        try (Response response = post("/v1/chat/completions", null, body("r-retry/retrying", false))) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("x-modelport-model")).isEqualTo("r-retry/retrying");
            assertThat(json(response).path("model").asText()).isEqualTo("r-retry/retrying");
        }
        assertThat(upstream.count("/retry")).isEqualTo(3);
        assertThat(metric("modelport_gateway_retries_total", "r-retry", "retrying", "reason=\"ServerError\""))
                .isEqualTo(2);

        // Spent retries: the last failure is the answer.
        try (Response response = post("/v1/chat/completions", null, body("r-retry/retrying", false))) {
            assertThat(response.code()).isEqualTo(502);
            assertThat(response.header("x-modelport-model")).isNull();
        }
        assertThat(upstream.count("/retry")).isEqualTo(6);
    }

    @Test
    void shouldHandAStreamToAFallbackOnlyBeforeItsFirstEvent() throws Exception {
        serveAll("r-fallback", model("primary", "/primary-stream", true, "{enabled: true, fallbacks: [backup]}"),
                model("backup", "/backup-stream", true, "{enabled: true}"));
        upstream.enqueue("/primary-stream", ModelAnswers.status(503));

        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("r-fallback/primary")
                .addUserMessage("Hi").build();
        try (StreamResponse<ChatCompletionChunk> chunks = openAi().chat().completions().createStreaming(params)) {
            List<ChatCompletionChunk> all = chunks.stream().toList();
            assertThat(all).isNotEmpty().allSatisfy(chunk -> assertThat(chunk.model()).isEqualTo("r-fallback/backup"));
        }
        assertThat(upstream.count("/backup-stream")).isEqualTo(1);
        assertThat(metric("modelport_gateway_fallbacks_total", "r-fallback", "primary", "fallback=\"backup\""))
                .isEqualTo(1);
        try (Response response = post("/v1/chat/completions", null, body("r-fallback/primary", true))) {
            assertThat(response.header("x-modelport-model")).isEqualTo("r-fallback/primary");
            assertThat(response.body().string()).endsWith("data: [DONE]\n\n");
        }

        // Cut after its first event: the caller has part of the answer, so it ends with the error event.
        upstream.enqueue("/primary-stream", ModelAnswers.cutStream());
        Throwable cut = catchThrowable(() -> {
            try (StreamResponse<ChatCompletionChunk> chunks = openAi().chat().completions().createStreaming(params)) {
                chunks.stream().forEach(chunk -> assertThat(chunk.model()).isEqualTo("r-fallback/primary"));
            }
        });
        assertThat(cut).isInstanceOf(SseException.class);
        assertThat(upstream.count("/backup-stream")).as("no fallback after the first event").isEqualTo(1);
    }

    @Test
    void shouldAnswerAnOpenCircuitAtOnceWithRetryAfterAndWithoutCallingTheEndpoint() throws Exception {
        serveAll("r-circuit", model("breaking", "/breaking", false,
                "{enabled: true, circuitBreaker: {consecutiveFailures: 2, openFor: 1h}}"));
        upstream.answer("/breaking", ModelAnswers.status(503));
        for (int i = 0; i < 2; i++) {
            try (Response response = post("/v1/chat/completions", null, body("r-circuit/breaking", false))) {
                assertThat(response.code()).isEqualTo(502);
            }
        }
        assertThat(metric("modelport_gateway_circuit_open", "r-circuit", "breaking", null)).isEqualTo(1);

        // What the open circuit costs the gateway, against its own cost of answering a request without any model
        // (404), measured interleaved so that load on the machine weighs on both alike, after a warm-up of both
        // paths (the JIT). The refusal itself takes microseconds (ModelGuardTest); here it must stay well under a
        // millisecond of the gateway's whole handling.
        int rounds = 300;
        interleaved(rounds);
        double refusedBefore = durationSum("r-circuit", "breaking");
        double notFoundBefore = durationSum("unknown", "unknown");
        interleaved(rounds);
        double refused = (durationSum("r-circuit", "breaking") - refusedBefore) / rounds;
        double notFound = (durationSum("unknown", "unknown") - notFoundBefore) / rounds;
        assertThat(refused - notFound).as("seconds an open circuit's answer (mean %.6f) takes beyond a 404's "
                + "(mean %.6f)", refused, notFound).isLessThan(0.0005);
        assertThat(upstream.count("/breaking")).as("calls through the open circuit").isEqualTo(2);
        assertThat(metric("modelport_gateway_requests_total", "r-circuit", "breaking",
                "outcome=\"model_unavailable\"")).isEqualTo(2 * rounds);
    }

    private void interleaved(int rounds) throws Exception {
        for (int i = 0; i < rounds; i++) {
            try (Response response = post("/v1/chat/completions", null, body("r-circuit/breaking", false))) {
                assertThat(response.code()).isEqualTo(503);
                assertThat(Integer.parseInt(response.header("Retry-After"))).isBetween(3590, 3600);
                assertThat(json(response).at("/error/code").asText()).isEqualTo("model_unavailable");
            }
            try (Response response = post("/v1/chat/completions", null, body("r-circuit/absent", false))) {
                assertThat(response.code()).isEqualTo(404);
            }
        }
    }

    private double durationSum(String namespace, String model) throws Exception {
        return metric("modelport_gateway_request_duration_seconds_sum", namespace, model, "api=\"chat\"");
    }

    @Test
    void shouldAnswer429BeyondMaxConcurrentRequests() throws Exception {
        serveAll("r-bound", model("bounded", "/bounded", false, "{enabled: true, maxConcurrentRequests: 1}"));
        upstream.enqueue("/bounded", ModelAnswers.delayed(ModelAnswers.forPath("/openai"), Duration.ofMillis(800)));
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> {
            try (Response response = post("/v1/chat/completions", null, body("r-bound/bounded", false))) {
                return response.code();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        await("the first call at the endpoint", () -> upstream.count("/bounded") == 1);
        try (Response response = post("/v1/chat/completions", null, body("r-bound/bounded", false))) {
            assertThat(response.code()).isEqualTo(429);
            assertThat(response.header("Retry-After")).isEqualTo("1");
            assertThat(json(response).at("/error/code").asText()).isEqualTo("concurrency_limit_exceeded");
        }
        assertThat(first.get()).isEqualTo(200);
        assertThat(upstream.count("/bounded")).isEqualTo(1);
    }

    /** The value of a series of the model, with an extra label matcher such as {@code reason="ServerError"}. */
    double metric(String name, String namespace, String model, String label) throws Exception {
        try (Response response = HTTP.newCall(new Request.Builder().url(base + "q/metrics").build()).execute()) {
            return response.body().string().lines().filter(line -> line.startsWith(name + "{"))
                    .filter(line -> line.contains("namespace=\"" + namespace + "\"")
                            && line.contains("model=\"" + model + "\"") && (label == null || line.contains(label)))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        }
    }
}
