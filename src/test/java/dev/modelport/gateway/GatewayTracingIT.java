package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.testing.ModelAnswers;
import dev.modelport.testing.ModelYaml;
import dev.modelport.testing.StreamBodies;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import mockwebserver3.MockResponse;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The gateway's traces, exported to memory: a SERVER span per request continuing the caller's trace, a CLIENT span
 * per upstream call (each retry and fallback its own) whose context the upstream receives as its traceparent, the
 * GenAI attributes, and nothing of a prompt, an answer, a header or a credential.
 */
@QuarkusTest
@TestProfile(GatewayTracingTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayTracingIT extends GatewayTestBase {

    private static final String CALLER_SPAN = "b7ad6b7169203331";

    @Inject
    InMemorySpanExporter exporter;

    @Test
    void shouldTraceACompleteCallFromTheCallerToTheEndpoint() throws Exception {
        serveAll("t-json", provider("gpt", "OpenAIChatCompletions", "/openai"));
        String traceId = newTraceId();

        try (Response response = chat(traceId, "Bearer caller", body("t-json/gpt", false, "Hi"))) {
            assertThat(response.code()).isEqualTo(200);
        }

        List<SpanData> spans = trace(traceId);
        SpanData server = one(spans, SpanKind.SERVER);
        SpanData client = one(spans, SpanKind.CLIENT);
        assertThat(server.getName()).isEqualTo("POST /v1/chat/completions");
        assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(header(upstream.last("/openai"), "traceparent"))
                .isEqualTo("00-" + traceId + "-" + client.getSpanId() + "-01");
        assertThat(header(upstream.last("/openai"), "tracestate")).as("the caller's vendor data").isNull();
        assertThat(server.getSpanContext().getTraceState().isEmpty()).isTrue();

        assertThat(attributes(server)).containsAllEntriesOf(Map.of("http.request.method", "POST",
                "http.route", "/v1/chat/completions", "http.response.status_code", 200L,
                "gen_ai.operation.name", "chat", "gen_ai.request.model", "t-json/gpt",
                "gen_ai.response.model", "t-json/gpt", "modelport.model.namespace", "t-json",
                "modelport.model.name", "gpt", "gen_ai.provider.name", "openai", "gen_ai.usage.input_tokens", 7L));
        assertThat(attributes(server)).containsEntry("gen_ai.usage.output_tokens", 2L)
                .containsEntry("gen_ai.response.finish_reasons", List.of("length"));
        assertThat(client.getName()).isEqualTo("chat upstream-model");
        assertThat(attributes(client)).containsAllEntriesOf(Map.of("gen_ai.operation.name", "chat",
                "gen_ai.provider.name", "openai", "gen_ai.system", "openai",
                "gen_ai.request.model", "upstream-model", "gen_ai.response.model", "gpt-x",
                "gen_ai.usage.input_tokens", 7L, "gen_ai.usage.output_tokens", 2L,
                "modelport.model.namespace", "t-json", "modelport.model.name", "gpt"));
        assertThat(attributes(client)).containsEntry("http.response.status_code", 200L)
                .containsEntry("server.address", "127.0.0.1")
                .containsEntry("gen_ai.response.finish_reasons", List.of("length"));
        assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void shouldTraceAStreamWithItsTimeToFirstToken() throws Exception {
        serveAll("t-stream", provider("claude", "AnthropicMessages", "/anthropic-stream"));
        String traceId = newTraceId();

        try (Response response = chat(traceId, "Bearer caller", body("t-stream/claude", true, "Hi"))) {
            assertThat(response.body().string()).endsWith("data: [DONE]\n\n");
        }

        List<SpanData> spans = trace(traceId);
        SpanData server = one(spans, SpanKind.SERVER);
        SpanData client = one(spans, SpanKind.CLIENT);
        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(header(upstream.last("/anthropic-stream"), "traceparent"))
                .isEqualTo("00-" + traceId + "-" + client.getSpanId() + "-01");
        for (SpanData span : List.of(server, client)) {
            assertThat(span.getEvents()).extracting(EventData::getName).containsExactly("modelport.first_token");
            assertThat(span.getEvents().get(0).getAttributes()
                    .get(AttributeKey.doubleKey("modelport.time_to_first_token"))).isPositive();
        }
        assertThat(attributes(client)).containsAllEntriesOf(Map.of("gen_ai.provider.name", "anthropic",
                "gen_ai.response.model", "claude-x", "gen_ai.usage.input_tokens", 12L,
                "gen_ai.usage.output_tokens", 3L, "gen_ai.response.finish_reasons", List.of("max_tokens"),
                "http.response.status_code", 200L));
        assertThat(attributes(server)).containsAllEntriesOf(Map.of("http.response.status_code", 200L,
                "gen_ai.response.model", "t-stream/claude", "gen_ai.usage.output_tokens", 3L));
    }

    @Test
    void shouldShowARetryAsASpanOfItsOwn() throws Exception {
        serveAll("t-retry", openAi("retrying", "/retry",
                "{enabled: true, retry: {attempts: 2, backoff: {initial: 1ms, max: 10ms}}}"));
        upstream.enqueue("/retry", ModelAnswers.status(503), ModelAnswers.forPath("/openai"));
        String traceId = newTraceId();

        try (Response response = chat(traceId, "Bearer caller", body("t-retry/retrying", false, "Hi"))) {
            assertThat(response.code()).isEqualTo(200);
        }

        List<SpanData> spans = trace(traceId);
        SpanData server = one(spans, SpanKind.SERVER);
        List<SpanData> attempts = clients(spans);
        assertThat(attempts).hasSize(2).allSatisfy(attempt -> {
            assertThat(attempt.getParentSpanId()).isEqualTo(server.getSpanId());
            assertThat(attributes(attempt)).containsEntry("modelport.model.name", "retrying");
        });
        assertThat(attributes(attempts.get(0))).containsEntry("error.type", "HTTPStatus")
                .containsEntry("http.response.status_code", 503L);
        assertThat(attempts.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attributes(attempts.get(1))).containsEntry("http.response.status_code", 200L)
                .doesNotContainKey("error.type");
        assertThat(upstream.received("/retry")).extracting(r -> header(r.request(), "traceparent"))
                .containsExactly(traceparent(attempts.get(0)), traceparent(attempts.get(1)));
        assertThat(attributes(server)).containsEntry("http.response.status_code", 200L)
                .doesNotContainKey("error.type");
    }

    @Test
    void shouldShowTheFallbackThatAnswered() throws Exception {
        serveAll("t-fallback", openAi("primary", "/primary", "{enabled: true, fallbacks: [backup]}"),
                openAi("backup", "/openai", "{enabled: true}"));
        upstream.answer("/primary", ModelAnswers.status(500));
        String traceId = newTraceId();

        try (Response response = chat(traceId, "Bearer caller", body("t-fallback/primary", false, "Hi"))) {
            assertThat(response.header("x-modelport-model")).isEqualTo("t-fallback/backup");
        }

        List<SpanData> spans = trace(traceId);
        List<SpanData> attempts = clients(spans);
        assertThat(attempts).extracting(attempt -> attributes(attempt).get("modelport.model.name"))
                .containsExactly("primary", "backup");
        assertThat(attempts).extracting(attempt -> attributes(attempt).get("error.type"))
                .containsExactly("HTTPStatus", null);
        assertThat(header(upstream.last("/primary"), "traceparent")).isEqualTo(traceparent(attempts.get(0)));
        assertThat(header(upstream.last("/openai"), "traceparent")).isEqualTo(traceparent(attempts.get(1)));
        assertThat(attributes(one(spans, SpanKind.SERVER))).containsEntry("gen_ai.request.model", "t-fallback/primary")
                .containsEntry("modelport.model.name", "primary")
                .containsEntry("gen_ai.response.model", "t-fallback/backup");
    }

    @Test
    void shouldRecordNoPromptAnswerHeaderValueOrCredential() throws Exception {
        String prompt = "prompt-canary-51b";
        String system = "system-canary-0e2";
        String answer = "answer-canary-c47";
        String caller = "caller-canary-9d3";
        String credential = "credential-canary-a18";
        String headerValue = "header-canary-77f";
        secret("t-canary", credential);
        for (ModelYaml model : List.of(ModelYaml.custom("custom").endpoint(upstream.url("/canary"))
                .body("{\"q\": \"{{prompt}}\", \"s\": \"{{systemPrompt}}\"}")
                .customLine("variables: {systemPrompt: true}"), ModelYaml.provider("streaming",
                "OpenAIChatCompletions").endpoint(upstream.url("/canary-stream")).streaming(true))) {
            String yaml = model.header("X-Org", headerValue).inference(true).yaml();
            awaitServed("t-canary", serve("t-canary", yaml, Phase.InferenceEnabled).getMetadata().getName());
        }
        upstream.enqueue("/canary", ModelAnswers.json("{\"result\": {\"text\": \"" + answer + "\"}}"));
        upstream.enqueue("/canary-stream", new MockResponse.Builder().addHeader("Content-Type",
                "text/event-stream").body(StreamBodies.OPENAI.replace("\"hel\"", "\"" + answer + "\"")).build());
        String complete = newTraceId();
        String streamed = newTraceId();

        try (Response response = chat(complete, "Bearer " + caller, body("t-canary/custom", false, prompt,
                system))) {
            assertThat(response.body().string()).contains(answer);
        }
        try (Response response = chat(streamed, "Bearer " + caller, body("t-canary/streaming", true, prompt,
                system))) {
            assertThat(response.body().string()).contains(answer);
        }

        assertThat(header(upstream.last("/canary"), "Authorization"))
                .as("the canaries went where they belong").isEqualTo("Bearer " + credential);
        assertThat(header(upstream.last("/canary"), "X-Org")).isEqualTo(headerValue);
        assertThat(upstream.last("/canary").getBody().utf8()).contains(prompt, system);
        List<SpanData> spans = new ArrayList<>(trace(complete));
        spans.addAll(trace(streamed));
        assertThat(spans).hasSize(4);
        for (SpanData span : spans) {
            String recorded = span.getName() + " " + span.getAttributes() + " " + span.getStatus() + " "
                    + span.getEvents().stream().map(e -> e.getName() + " " + e.getAttributes()).toList();
            assertThat(recorded).as(span.getName()).doesNotContain(prompt, system, answer, caller, credential,
                    headerValue, "Bearer");
        }
    }

    private void serveAll(String namespace, String... yamls) {
        secret(namespace, TOKEN);
        for (String yaml : yamls) {
            awaitServed(namespace, serve(namespace, yaml, Phase.InferenceEnabled).getMetadata().getName());
        }
    }

    static String openAi(String name, String path, String inference) {
        return ModelYaml.provider(name, "OpenAIChatCompletions").endpoint(upstream.url(path)).inference(inference)
                .yaml();
    }

    static String body(String model, boolean stream, String prompt) {
        return body(model, stream, prompt, null);
    }

    static String body(String model, boolean stream, String prompt, String system) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("model", model).put("stream", stream);
        var messages = body.putArray("messages");
        if (system != null) {
            messages.addObject().put("role", "system").put("content", system);
        }
        messages.addObject().put("role", "user").put("content", prompt);
        return body.toString();
    }

    /** A chat request whose caller traces it: a sampled traceparent of the trace, naming the caller's span. */
    Response chat(String traceId, String authorization, String body) throws Exception {
        return HTTP.newCall(new Request.Builder().url(base + "v1/chat/completions")
                .header("traceparent", "00-" + traceId + "-" + CALLER_SPAN + "-01")
                .header("tracestate", "vendor=caller-state")
                .header("Authorization", authorization)
                .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute();
    }

    static String newTraceId() {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** The trace's spans once its SERVER span is exported: it ends last, after its answer went out. */
    List<SpanData> trace(String traceId) {
        await("the SERVER span of trace " + traceId, () -> spans(traceId).stream()
                .anyMatch(span -> span.getKind() == SpanKind.SERVER));
        return spans(traceId);
    }

    private List<SpanData> spans(String traceId) {
        return exporter.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    static SpanData one(List<SpanData> spans, SpanKind kind) {
        List<SpanData> of = spans.stream().filter(span -> span.getKind() == kind).toList();
        assertThat(of).as("%s spans", kind).hasSize(1);
        return of.get(0);
    }

    /** The CLIENT spans in the order they started. */
    static List<SpanData> clients(List<SpanData> spans) {
        return spans.stream().filter(span -> span.getKind() == SpanKind.CLIENT)
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
    }

    static Map<String, Object> attributes(SpanData span) {
        Map<String, Object> attributes = new HashMap<>();
        span.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), value));
        return attributes;
    }

    static String traceparent(SpanData span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-01";
    }
}
