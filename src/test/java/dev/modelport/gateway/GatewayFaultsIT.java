package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.upstream.RawUpstream;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Faults of an endpoint, each seen through the gateway by the caller of a complete (custom model, JSON) and a
 * streamed (OpenAI model) call, with the metrics they leave: connections closed after each answer (also by Python's
 * http.server, the case), closed as a request arrives or dropped while idle (which never reach the caller),
 * and a reset in the middle of the body, a
 * 503 with Retry-After, a hang after the headers and a body over the cap (which reach it as the failure they are).
 * Each test has an endpoint and a namespace of its own: the application is shared with the other gateway tests.
 */
@QuarkusTest
@TestProfile(GatewayFaultsTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayFaultsIT extends GatewayTestBase {

    private static final String JSON = "application/json";
    private static final String EVENTS = "text/event-stream";
    private static final String ANSWER = """
            {"result": {"text": "pong"}, "meta": {"tokens": {"in": 18, "out": 1}}}""";
    private static final String STALE_RETRIES = "modelport_upstream_stale_connection_retries_total";
    private static final String REQUESTS = "modelport_gateway_requests_total";
    /** The middlebox of these tests forgets a connection idle this long; the gateway closes them after 1 s. */
    private static final Duration DROPPED_AFTER = Duration.ofMillis(2500);

    /** What an endpoint does to a request of either model, given the content type and body of its answer. */
    @FunctionalInterface
    private interface Fault {
        boolean serve(RawUpstream.Request request, java.net.Socket socket, OutputStream out, String contentType,
                String body) throws IOException;
    }

    private static RawUpstream endpoint(Fault fault) throws IOException {
        return new RawUpstream((request, socket, out) -> request.path().equals("/custom")
                ? fault.serve(request, socket, out, JSON, ANSWER)
                : fault.serve(request, socket, out, EVENTS, StreamBodies.OPENAI));
    }

    /** Serves {@code json} (custom) and {@code stream} (OpenAI, streaming) at the endpoint. */
    private void serveAt(String namespace, RawUpstream endpoint) {
        serveAt(namespace, endpoint.url(""));
    }

    /** Serves {@code json} and {@code stream} at the endpoint of this base URL. */
    private void serveAt(String namespace, String base) {
        secret(namespace, TOKEN);
        serve(namespace, custom("json", "/custom", "").replace(upstream.url("/custom"), base + "/custom"),
                Phase.InferenceEnabled);
        serve(namespace, provider("stream", "OpenAIChatCompletions", "/openai-stream")
                .replace(upstream.url("/openai-stream"), base + "/openai-stream"), Phase.InferenceEnabled);
        awaitServed(namespace, "json");
        awaitServed(namespace, "stream");
    }

    /** A complete call of the namespace's {@code json} model: its status and body. */
    private Answer complete(String namespace) throws Exception {
        return answer(namespace + "/json", false);
    }

    /** A streamed call of the namespace's {@code stream} model: its status and whole body. */
    private Answer streamed(String namespace) throws Exception {
        return answer(namespace + "/stream", true);
    }

    private Answer answer(String model, boolean stream) throws Exception {
        try (Response response = post("/v1/chat/completions", null, "{\"model\": \"" + model + "\", \"stream\": "
                + stream + ", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")) {
            return new Answer(response.code(), response.header("Retry-After"), response.body().string());
        }
    }

    private record Answer(int status, String retryAfter, String body) {

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

    private static void assertAnswered(Answer complete, Answer streamed) throws IOException {
        assertThat(complete.status()).as(complete.body()).isEqualTo(200);
        assertThat(complete.json().at("/choices/0/message/content").asText()).isEqualTo("pong");
        assertThat(streamed.status()).as(streamed.body()).isEqualTo(200);
        assertThat(streamed.body()).contains("\"content\":\"hel\"", "\"content\":\"lo\"").endsWith("data: [DONE]\n\n");
    }

    /** A failure before anything was sent to the caller: the status, the code, never the endpoint's body. */
    private static void assertFailed(Answer answer, int status, String code) throws IOException {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.error().path("code").asText()).isEqualTo(code);
        assertThat(answer.body()).doesNotContain("secret-upstream-detail");
    }

    /** A stream that failed after its start: the text before, then the error event, no [DONE]. */
    private static void assertStreamFailed(Answer answer, String before, String code) throws IOException {
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"content\":\"" + before + "\"").doesNotContain("[DONE]");
        assertThat(answer.error().path("code").asText()).as(answer.body()).isEqualTo(code);
        assertThat(answer.error().path("type").asText()).isEqualTo("upstream_error");
    }

    @Test
    void shouldAnswerFiftyOfFiftyCallsOfAnHttp10EndpointThatClosesAfterEachAnswer() throws Exception {
        try (RawUpstream endpoint = endpoint((request, socket, out, type, body) -> RawUpstream.http10(type, body)
                .serve(request, socket, out))) {
            serveAt("http10", endpoint);

            assertFiftyOfFifty("http10");
            assertThat(endpoint.requests()).as("each call reached the endpoint once").isEqualTo(100);
        }
    }

    /** The case as a new user meets it: Python's own http.server, when the machine has Python. */
    @Test
    void shouldAnswerFiftyOfFiftyCallsOfPythonsHttpServer() throws Exception {
        ProcessBuilder server = new ProcessBuilder("python3", "src/test/resources/GatewayFaultsIT/http_server.py")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        server.environment().put("ANSWER", ANSWER);
        server.environment().put("EVENTS", StreamBodies.OPENAI);
        Process python;
        try {
            python = server.start();
        } catch (IOException e) {
            Assumptions.abort("python3 is not installed: " + e.getMessage());
            return;
        }
        try {
            String port = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(port).as("the server's port").matches("\\d+");
            serveAt("python", "http://127.0.0.1:" + port);

            assertFiftyOfFifty("python");
        } finally {
            python.destroy();
            python.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private void assertFiftyOfFifty(String namespace) throws Exception {
        for (int i = 0; i < 50; i++) {
            assertAnswered(complete(namespace), streamed(namespace));
        }
        awaitCount(namespace, "json", "success", 50);
        awaitCount(namespace, "stream", "success", 50);
    }

    @Test
    void shouldSendACallOnceMoreWhenItsPooledConnectionIsClosedAsItArrives() throws Exception {
        try (RawUpstream endpoint = endpoint((request, socket, out, type, body) ->
                RawUpstream.closingReused(type, body, false).serve(request, socket, out))) {
            serveAt("closing", endpoint);
            double complete = staleRetries("complete");
            double streamed = staleRetries("streamed");

            assertAnswered(complete("closing"), streamed("closing"));
            assertAnswered(complete("closing"), streamed("closing"));

            assertThat(endpoint.connections()).as("each client: the pooled connection, then a new one")
                    .isEqualTo(4);
            assertThat(staleRetries("complete") - complete).isEqualTo(1);
            assertThat(staleRetries("streamed") - streamed).isEqualTo(1);
            awaitCount("closing", "json", "success", 2);
            awaitCount("closing", "stream", "success", 2);
        }
    }

    @Test
    void shouldNotUseAConnectionAMiddleboxDropsWhileIdle() throws Exception {
        try (RawUpstream endpoint = endpoint((request, socket, out, type, body) ->
                request.idle().compareTo(DROPPED_AFTER) >= 0 ? RawUpstream.holdSilent(socket)
                        : RawUpstream.answer(out, "HTTP/1.1", type, body))) {
            serveAt("idle", endpoint);
            assertAnswered(complete("idle"), streamed("idle"));
            await("the middlebox forgot the idle connections",
                    () -> endpoint.sinceLastAnswer().compareTo(DROPPED_AFTER.plusMillis(100)) > 0);

            assertAnswered(complete("idle"), streamed("idle"));

            assertThat(endpoint.connections()).as("a new connection for each call after the pause").isEqualTo(4);
            assertThat(endpoint.closedByClient()).as("the gateway closed both idle connections").isEqualTo(2);
            awaitCount("idle", "json", "success", 2);
            awaitCount("idle", "stream", "success", 2);
        }
    }

    @Test
    void shouldAnswer502WhenTheEndpointResetsTheConnectionInTheMiddleOfTheBody() throws Exception {
        try (RawUpstream endpoint = endpoint((request, socket, out, type, body) -> {
            String part = type.equals(JSON) ? body.substring(0, 12) : body.substring(0, body.indexOf("data:", 1));
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: 100000\r\n\r\n" + part)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            RawUpstream.end(socket, true);
            return false;
        })) {
            serveAt("reset", endpoint);
            double complete = staleRetries("complete");
            double streamed = staleRetries("streamed");

            assertFailed(complete("reset"), 502, "ConnectionFailed");
            assertStreamFailed(streamed("reset"), "hel", "ConnectionFailed");

            assertThat(endpoint.requests()).as("never sent again once the answer began").isEqualTo(2);
            assertThat(staleRetries("complete") - complete).isZero();
            assertThat(staleRetries("streamed") - streamed).isZero();
            awaitCount("reset", "json", "ConnectionFailed", 1);
            awaitCount("reset", "stream", "ConnectionFailed", 1);
        }
    }

    @Test
    void shouldAnswer502WithoutTheBodyWhenTheEndpointAnswers503WithRetryAfter() throws Exception {
        try (RawUpstream endpoint = endpoint((request, socket, out, type, body) -> {
            byte[] error = "{\"error\": \"overloaded, secret-upstream-detail\"}".getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 3\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + error.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(error);
            return true;
        })) {
            serveAt("unavailable", endpoint);

            for (Answer answer : new Answer[] {complete("unavailable"), streamed("unavailable")}) {
                assertFailed(answer, 502, "HTTPStatus");
                assertThat(answer.error().path("message").asText()).contains("endpoint answered HTTP 503");
            }

            assertThat(endpoint.requests()).as("not retried: no retry policy is set").isEqualTo(2);
            awaitCount("unavailable", "json", "HTTPStatus", 1);
            awaitCount("unavailable", "stream", "HTTPStatus", 1);
        }
    }

    @Test
    void shouldAnswer504AndCloseTheConnectionWhenTheEndpointHangsAfterTheHeaders() throws Exception {
        CountDownLatch closed = new CountDownLatch(2);
        try (RawUpstream endpoint = endpoint((request, socket, out, type, body) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: 100000\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            RawUpstream.holdSilent(socket);
            closed.countDown();
            return false;
        })) {
            serveAt("hang", endpoint);

            long start = System.nanoTime();
            assertFailed(complete("hang"), 504, "Timeout");
            assertFailed(streamed("hang"), 504, "Timeout");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the 1 s upstream timeout, twice")
                    .isLessThan(Duration.ofSeconds(4));
            assertThat(closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the gateway closed both connections")
                    .isTrue();
            awaitCount("hang", "json", "Timeout", 1);
            awaitCount("hang", "stream", "Timeout", 1);
        }
    }

    @Test
    void shouldAnswer502WhenTheEndpointsAnswerIsLargerThanTheCap() throws Exception {
        try (RawUpstream endpoint = endpoint((request, socket, out, type, body) -> {
            // 9 MiB of JSON against the 8 MiB cap; one event of 1.1 MiB against the 1 MiB cap of an event.
            int size = type.equals(JSON) ? 9 << 20 : 1_100_000;
            String head = type.equals(JSON) ? "{\"result\": {\"text\": \"" : "data: {\"pad\": \"";
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + (head.length() + size)
                    + "\r\n\r\n" + head).getBytes(StandardCharsets.ISO_8859_1));
            byte[] block = "x".repeat(64 << 10).getBytes(StandardCharsets.ISO_8859_1);
            for (int written = 0; written < size; written += block.length) {
                out.write(block, 0, Math.min(block.length, size - written));
            }
            return true;
        })) {
            serveAt("large", endpoint);

            assertFailed(complete("large"), 502, "ResponseTooLarge");
            assertFailed(streamed("large"), 502, "ResponseTooLarge");

            awaitCount("large", "json", "ResponseTooLarge", 1);
            awaitCount("large", "stream", "ResponseTooLarge", 1);
        }
    }

    private void awaitCount(String namespace, String model, String outcome, double count) {
        Map<String, String> labels = Map.of("namespace", namespace, "model", model, "api", "chat",
                "outcome", outcome);
        await(namespace + "/" + model + " counted " + count + " times as " + outcome,
                () -> GatewayMetricsIT.value(metrics(), REQUESTS, labels) == count);
    }

    private double staleRetries(String client) {
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
