package dev.modelport.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * What {@link FakeUpstream} answers on each path unless a test scripts it: custom, OpenAI and Anthropic shaped
 * answers, streams, and the failures of real endpoints. A path it does not list answers an OpenAI stream when it ends
 * in {@code -stream}, else a 500 whose body must never reach a caller.
 */
public final class ModelAnswers {

    /** What the error answers hold, which must never reach a caller, a log or a status. */
    public static final String UPSTREAM_DETAIL = "secret-upstream-detail";

    private ModelAnswers() {
    }

    /** The answer to a request on a path no test scripted. */
    static MockResponse to(String path, RecordedRequest request) {
        if (path.startsWith("/echo-")) {
            return echo(path, request);
        }
        if (path.endsWith("-tool") && request.getBody() != null
                && request.getBody().utf8().matches("(?s).*\"(tool_result|tool)\".*")) {
            // The conversation carries the tool's result: the model answers it in text.
            return forPath(path.startsWith("/anthropic") ? "/anthropic" : "/openai");
        }
        return forPath(path);
    }

    /** The answer of a path, as a test can queue it on another path. */
    public static MockResponse forPath(String path) {
        return switch (path) {
            case "/custom" -> json("""
                    {"result": {"text": "pong"}, "meta": {"tokens": {"in": 18, "out": 1}}}""");
            case "/custom-no-usage" -> json("{\"result\": {\"text\": \"pong\"}}");
            // A custom endpoint that repeats the prompt beside its answer, which path detection must not take.
            case "/generate" -> json("""
                    {"id": "gen-1", "echo": {"prompt": "Reply with pong."},
                     "result": {"text": "pong", "model": "inhouse-7b"},
                     "meta": {"tokens": {"in": 18, "out": 1}}}""");
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
            case "/openai-huge-event-stream" -> events("data: {\"pad\": \"" + "x".repeat(1_100_000) + "\"}\n\n");
            case "/anthropic-stream" -> events(StreamBodies.ANTHROPIC);
            case "/openai-invalid-stream" -> events(StreamBodies.OPENAI_INVALID);
            case "/openai-truncated-stream" -> events(StreamBodies.OPENAI_TRUNCATED);
            case "/anthropic-overloaded-stream" -> events(StreamBodies.ANTHROPIC_OVERLOADED);
            case "/openai-reset-stream" -> cutStream();
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
                    {"error": {"message": "Incorrect API key provided: %s.",
                     "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}"""
                    .formatted(UPSTREAM_DETAIL));
            case "/proxy-too-large" -> new MockResponse.Builder().code(413).addHeader("Content-Type", "text/html")
                    .body("<html><h1>413 Request Entity Too Large</h1>" + UPSTREAM_DETAIL + "</html>").build();
            case "/unprocessable" -> error(422, "{\"detail\": [{\"msg\": \"" + UPSTREAM_DETAIL + "\"}]}");
            case "/rate-limited" -> new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
                    .body("{\"error\": \"slow down, " + UPSTREAM_DETAIL + "\"}").build();
            case "/not-json" -> new MockResponse.Builder().addHeader("Content-Type", "application/json")
                    .body("<html>" + UPSTREAM_DETAIL + "</html>").build();
            case "/slow" -> delayed(json("{\"result\": {\"text\": \"late\"}}"), Duration.ofSeconds(3));
            default -> path.endsWith("-stream") ? events(StreamBodies.OPENAI)
                    : new MockResponse.Builder().code(500).body("{\"error\": \"" + UPSTREAM_DETAIL + "\"}").build();
        };
    }

    /** An error status with a JSON body that says nothing of the endpoint. */
    public static MockResponse status(int code) {
        return error(code, "{\"error\": \"down\"}");
    }

    /** An OpenAI stream cut in the middle of the answer: the connection closes as its body is written. */
    public static MockResponse cutStream() {
        return events(StreamBodies.OPENAI).newBuilder().onResponseBody(new SocketEffect.CloseSocket()).build();
    }

    /** The answer, its headers sent after the delay. */
    public static MockResponse delayed(MockResponse answer, Duration delay) {
        return answer.newBuilder().headersDelay(delay.toMillis(), TimeUnit.MILLISECONDS).build();
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

    /** A 200 with a JSON body. */
    public static MockResponse json(String body) {
        return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
    }
}
