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
                return answer(request.getUrl().encodedPath());
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
            case "/openai-stream" -> events(StreamBodies.OPENAI);
            case "/anthropic-stream" -> events(StreamBodies.ANTHROPIC);
            case "/rate-limited" -> new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
                    .body("{\"error\": \"slow down, secret-upstream-detail\"}").build();
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
