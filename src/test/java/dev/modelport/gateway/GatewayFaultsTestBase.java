package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.testing.StreamBodies;
import dev.modelport.upstream.RawUpstream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Map;
import okhttp3.Request;
import okhttp3.Response;

/**
 * What the tests of endpoint faults share: an endpoint on raw sockets ({@link RawUpstream}) whose fault applies to
 * a custom model's complete call (JSON) and an OpenAI model's streamed call, both served in a namespace of the test's
 * own (the application is shared with the other gateway tests), the caller's view of both calls, and the metrics.
 * Idle upstream connections are closed after 1 s ({@link GatewayFaultsTestProfile}).
 */
abstract class GatewayFaultsTestBase extends GatewayTestBase {

    static final String JSON = "application/json";
    static final String EVENTS = "text/event-stream";
    static final String ANSWER = """
            {"result": {"text": "pong"}, "meta": {"tokens": {"in": 18, "out": 1}}}""";
    private static final String STALE_RETRIES = "modelport_upstream_stale_connection_retries_total";
    private static final String REQUESTS = "modelport_gateway_requests_total";

    /** What an endpoint does to a request of either model, given the content type and body of its answer. */
    @FunctionalInterface
    interface Fault {
        boolean serve(RawUpstream.Request request, Socket socket, OutputStream out, String contentType,
                String body) throws IOException;
    }

    static RawUpstream endpoint(Fault fault) throws IOException {
        return new RawUpstream((request, socket, out) -> request.path().equals("/custom")
                ? fault.serve(request, socket, out, JSON, ANSWER)
                : fault.serve(request, socket, out, EVENTS, StreamBodies.OPENAI));
    }

    /** Serves {@code json} (custom) and {@code stream} (OpenAI, streaming) at the endpoint. */
    void serveAt(String namespace, RawUpstream endpoint) {
        serveAt(namespace, endpoint.url(""));
    }

    /** Serves {@code json} and {@code stream} at the endpoint of this base URL. */
    void serveAt(String namespace, String base) {
        secret(namespace, TOKEN);
        serve(namespace, custom("json", "/custom", "").replace(upstream.url("/custom"), base + "/custom"),
                Phase.InferenceEnabled);
        serve(namespace, provider("stream", "OpenAIChatCompletions", "/openai-stream")
                .replace(upstream.url("/openai-stream"), base + "/openai-stream"), Phase.InferenceEnabled);
        awaitServed(namespace, "json");
        awaitServed(namespace, "stream");
    }

    /** A complete call of the namespace's {@code json} model: its status and body. */
    Answer complete(String namespace) throws Exception {
        return answer(namespace + "/json", false);
    }

    /** A streamed call of the namespace's {@code stream} model: its status and whole body. */
    Answer streamed(String namespace) throws Exception {
        return answer(namespace + "/stream", true);
    }

    private Answer answer(String model, boolean stream) throws Exception {
        try (Response response = post("/v1/chat/completions", null, "{\"model\": \"" + model + "\", \"stream\": "
                + stream + ", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")) {
            return new Answer(response.code(), response.body().string());
        }
    }

    record Answer(int status, String body) {

        JsonNode json() throws IOException {
            return MAPPER.readTree(body);
        }

        /** The error object of a JSON error answer, or of the last event of a stream. */
        JsonNode error() throws IOException {
            String last = body.strip();
            last = last.startsWith("{") ? last : last.substring(last.lastIndexOf("data: ") + 6);
            return MAPPER.readTree(last).path("error");
        }
    }

    static void assertAnswered(Answer complete, Answer streamed) throws IOException {
        assertThat(complete.status()).as(complete.body()).isEqualTo(200);
        assertThat(complete.json().at("/choices/0/message/content").asText()).isEqualTo("pong");
        assertThat(streamed.status()).as(streamed.body()).isEqualTo(200);
        assertThat(streamed.body()).contains("\"content\":\"hel\"", "\"content\":\"lo\"").endsWith("data: [DONE]\n\n");
    }

    /** A failure before anything was sent to the caller: the status, the code, never the endpoint's body. */
    static void assertFailed(Answer answer, int status, String code) throws IOException {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.error().path("code").asText()).isEqualTo(code);
        assertThat(answer.body()).doesNotContain("secret-upstream-detail");
    }

    /** A stream that failed after its start: the text before, then the error event, no [DONE]. */
    static void assertStreamFailed(Answer answer, String before, String code) throws IOException {
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"content\":\"" + before + "\"").doesNotContain("[DONE]");
        assertThat(answer.error().path("code").asText()).as(answer.body()).isEqualTo(code);
        assertThat(answer.error().path("type").asText()).isEqualTo("upstream_error");
    }

    void awaitCount(String namespace, String model, String outcome, double count) {
        Map<String, String> labels = Map.of("namespace", namespace, "model", model, "api", "chat",
                "outcome", outcome);
        await(namespace + "/" + model + " counted " + count + " times as " + outcome,
                () -> GatewayMetricsIT.value(metrics(), REQUESTS, labels) == count);
    }

    double staleRetries(String client) {
        return GatewayMetricsIT.value(metrics(), STALE_RETRIES, Map.of("client", client));
    }

    private String metrics() {
        try (Response response = HTTP.newCall(new Request.Builder().url(base + "q/metrics").build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            return response.body().string();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
