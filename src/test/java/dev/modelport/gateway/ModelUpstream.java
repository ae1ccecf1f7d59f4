package dev.modelport.gateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * Model endpoints on 127.0.0.1, one per path: custom, OpenAI and Anthropic shaped answers, and failures. Shared by the
 * gateway tests and the k3s end-to-end suite.
 */
public final class ModelUpstream implements AutoCloseable {

    final MockWebServer server = new MockWebServer();
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    public ModelUpstream() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                String path = request.getUrl().encodedPath();
                if (path.startsWith("/echo-")) {
                    return echo(path, request);
                }
                if (path.endsWith("-tool") && request.getBody() != null
                        && request.getBody().utf8().matches("(?s).*\"(tool_result|tool)\".*")) {
                    // The conversation carries the tool's result: the model answers it in text.
                    return answer(path.startsWith("/anthropic") ? "/anthropic" : "/openai");
                }
                return answer(path);
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    private static MockResponse answer(String path) {
        return switch (path) {
            case "/custom" -> json("""
                    {"result": {"text": "pong"}, "meta": {"tokens": {"in": 18, "out": 1}}}""");
            case "/custom-no-usage" -> json("{\"result\": {\"text\": \"pong\"}}");
            case "/openai" -> json("""
                    {"id": "c1", "object": "chat.completion", "created": 1, "model": "gpt-x",
                     "choices": [{"index": 0, "message": {"role": "assistant", "content": "hello"},
                                  "finish_reason": "length"}],
                     "usage": {"prompt_tokens": 7, "completion_tokens": 2, "total_tokens": 9}}""");
            case "/anthropic" -> json("""
                    {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x",
                     "content": [{"type": "text", "text": "bonjour"}], "stop_reason": "end_turn",
                     "usage": {"input_tokens": 12, "output_tokens": 3}}""");
            case "/anthropic-tool" -> json("""
                    {"id": "msg_2", "type": "message", "role": "assistant", "model": "claude-x",
                     "content": [{"type": "tool_use", "id": "toolu_9", "name": "get_weather",
                                  "input": {"city": "Oslo"}}],
                     "stop_reason": "tool_use", "usage": {"input_tokens": 40, "output_tokens": 20}}""");
            case "/openai-tool" -> json("""
                    {"id": "c2", "object": "chat.completion", "created": 1, "model": "gpt-x",
                     "choices": [{"index": 0, "finish_reason": "tool_calls",
                                  "message": {"role": "assistant", "content": null, "tool_calls": [
                                    {"id": "call_9", "type": "function", "function": {"name": "get_weather",
                                     "arguments": "{\\"city\\":\\"Oslo\\"}"}}]}}],
                     "usage": {"prompt_tokens": 30, "completion_tokens": 10, "total_tokens": 40}}""");
            case "/anthropic-tool-stream" -> events(StreamBodies.ANTHROPIC_TOOL_USE);
            case "/openai-stream" -> events(StreamBodies.OPENAI);
            case "/openai-huge-event-stream" -> events("data: {\"pad\": \"" + "x".repeat(1_100_000) + "\"}\n\n");
            case "/anthropic-stream" -> events(StreamBodies.ANTHROPIC);
            case "/openai-invalid-stream" -> events(StreamBodies.OPENAI_INVALID);
            case "/openai-truncated-stream" -> events(StreamBodies.OPENAI_TRUNCATED);
            case "/anthropic-overloaded-stream" -> events(StreamBodies.ANTHROPIC_OVERLOADED);
            // Half the body, then the connection is closed: a reset in the middle of the answer.
            case "/openai-reset-stream" -> events(StreamBodies.OPENAI).newBuilder()
                    .onResponseBody(new SocketEffect.CloseSocket()).build();
            // The first chunk, then a pause longer than the gateway's upstream timeout.
            case "/openai-stalled-stream" -> events(StreamBodies.OPENAI).newBuilder()
                    .throttleBody(StreamBodies.OPENAI.indexOf("data:", 1), 3, TimeUnit.SECONDS).build();
            // Error answers of the providers' APIs, whose error objects the gateway passes on for a 4xx.
            case "/openai-context-exceeded", "/openai-context-exceeded-stream" -> error(400, """
                    {"error": {"message": "This model's maximum context length is 128000 tokens.",
                     "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}}""");
            case "/openai-not-found" -> error(404, """
                    {"error": {"message": "The model `upstream-model` does not exist or you do not have access to it.",
                     "type": "invalid_request_error", "param": null, "code": "model_not_found"}}""");
            case "/anthropic-invalid" -> error(400, """
                    {"type": "error", "error": {"type": "invalid_request_error",
                     "message": "max_tokens:\\n%s"}, "request_id": "req_1"}""".formatted("x".repeat(2000)));
            case "/openai-quota" -> error(429, """
                    {"error": {"message": "You exceeded your current quota.", "type": "insufficient_quota",
                     "param": null, "code": "insufficient_quota"}}""").newBuilder().addHeader("Retry-After", "30")
                    .build();
            case "/openai-key-refused" -> error(401, """
                    {"error": {"message": "Incorrect API key provided: secret-upstream-detail.",
                     "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}""");
            case "/proxy-too-large" -> new MockResponse.Builder().code(413).addHeader("Content-Type", "text/html")
                    .body("<html><h1>413 Request Entity Too Large</h1>secret-upstream-detail</html>").build();
            case "/unprocessable" -> error(422, "{\"detail\": [{\"msg\": \"secret-upstream-detail\"}]}");
            case "/rate-limited" -> new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
                    .body("{\"error\": \"slow down, secret-upstream-detail\"}").build();
            case "/not-json" -> new MockResponse.Builder().addHeader("Content-Type", "application/json")
                    .body("<html>secret-upstream-detail</html>").build();
            case "/slow" -> json("{\"result\": {\"text\": \"late\"}}").newBuilder()
                    .headersDelay(3, TimeUnit.SECONDS).build();
            default -> new MockResponse.Builder().code(500)
                    .body("{\"error\": \"secret-upstream-detail\"}").build();
        };
    }

    /**
     * Error answers that repeat the request, as some endpoints do: its Authorization header and body in a 400's
     * error object ({@code /echo-error}), only its body ({@code /echo-body-error}), or both in a 500's body.
     */
    private static MockResponse echo(String path, RecordedRequest request) {
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        String quoted = switch (path) {
            case "/echo-body-error" -> "rejected " + body;
            default -> "rejected " + request.getHeaders().get("Authorization") + " for " + body;
        };
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.putObject("error").put("message", quoted).put("type", "invalid_request_error").put("code", "echo");
        return error(path.equals("/echo-server-error") ? 500 : 400, error.toString());
    }

    private static MockResponse error(int code, String body) {
        return json(body).newBuilder().code(code).build();
    }

    private static MockResponse events(String body) {
        return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build();
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    /** How many requests reached a path so far. */
    public long count(String path) {
        return requests.stream().filter(r -> r.getUrl().encodedPath().equals(path)).count();
    }

    /** The last request to a path. */
    public RecordedRequest last(String path) {
        return requests.reversed().stream().filter(r -> r.getUrl().encodedPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no request to " + path));
    }

    @Override
    public void close() {
        server.close();
    }
}
