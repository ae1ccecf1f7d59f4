package dev.modelport.gateway;

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
