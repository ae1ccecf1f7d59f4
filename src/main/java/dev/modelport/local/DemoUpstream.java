package dev.modelport.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.modelport.adapter.JsonBodies;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The demo upstream of the local mode: a deterministic stand-in for an LLM endpoint on 127.0.0.1, so that a first
 * run shows models being tested and served without any external account. It is not a model: it answers every
 * prompt with the same sentence quoting the prompt, and counts whitespace-separated words as tokens.
 * <ul>
 * <li>{@code POST /v1/chat/completions} speaks OpenAI Chat Completions (plain, and streaming with
 * {@code stream: true}); it requires {@code Authorization: Bearer demo-token}, like a real provider wants a key.</li>
 * <li>{@code POST /v1/generate} is custom-shaped: {@code {"input": ...}} in, {@code {"result": {"text": ...},
 * "usage": {"promptTokens": n, "generatedTokens": m}}} out, for templates and path detection.</li>
 * </ul>
 */
public final class DemoUpstream implements AutoCloseable {

    /** The bearer token the chat endpoint expects (the Secret in samples/local holds it). */
    static final String TOKEN = "demo-token";

    private static final int MAX_REQUEST_BYTES = 1 << 20;

    private final HttpServer server;
    private final ExecutorService executor;

    private DemoUpstream(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts the demo upstream on 127.0.0.1 and the given port (0: any free port). */
    public static DemoUpstream start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", exchange -> handle(exchange, DemoUpstream::chat));
        server.createContext("/v1/generate", exchange -> handle(exchange, DemoUpstream::generate));
        server.start();
        return new DemoUpstream(server, executor);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8090}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The answer to a prompt: the same for the same prompt, every time. */
    static String answer(String prompt) {
        return "Hello from the Modelport demo upstream. You said: " + prompt.strip();
    }

    static long tokens(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private interface Handler {
        void handle(HttpExchange exchange, JsonNode request) throws IOException;
    }

    private static void handle(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, error("only POST is served here"));
                return;
            }
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
                if (body.length > MAX_REQUEST_BYTES) {
                    send(exchange, 413, error("request larger than 1 MiB"));
                    return;
                }
                request = JsonBodies.MAPPER.readTree(body);
            } catch (IOException e) {
                send(exchange, 400, error("the request body is not JSON"));
                return;
            }
            if (request == null || !request.isObject()) {
                send(exchange, 400, error("the request body must be a JSON object"));
                return;
            }
            handler.handle(exchange, request);
        }
    }

    private static void chat(HttpExchange exchange, JsonNode request) throws IOException {
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, error("missing or wrong bearer token"));
            return;
        }
        JsonNode messages = request.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            send(exchange, 400, error("messages must be a non-empty array"));
            return;
        }
        String prompt = "";
        long promptTokens = 0;
        for (JsonNode message : messages) {
            String text = text(message.path("content"));
            promptTokens += tokens(text);
            if ("user".equals(message.path("role").asText())) {
                prompt = text;
            }
        }
        String model = request.path("model").asText("demo");
        String answer = answer(prompt);
        if (request.path("stream").asBoolean(false)) {
            stream(exchange, model, answer, promptTokens, request.path("stream_options").path("include_usage")
                    .asBoolean(false));
            return;
        }
        ObjectNode response = completion(model, "chat.completion");
        ObjectNode choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", answer);
        choice.put("finish_reason", "stop");
        usage(response, promptTokens, tokens(answer));
        send(exchange, 200, response);
    }

    /** One chunk per word, flushed one by one, then the finish chunk, the usage chunk if asked, and [DONE]. */
    private static void stream(HttpExchange exchange, String model, String answer, long promptTokens,
            boolean includeUsage) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String[] words = answer.split(" ");
        for (int i = 0; i < words.length; i++) {
            ObjectNode chunk = completion(model, "chat.completion.chunk");
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            ObjectNode delta = choice.putObject("delta");
            if (i == 0) {
                delta.put("role", "assistant");
            }
            delta.put("content", i == 0 ? words[i] : " " + words[i]);
            choice.putNull("finish_reason");
            event(out, chunk.toString());
        }
        ObjectNode last = completion(model, "chat.completion.chunk");
        last.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
        event(out, last.toString());
        if (includeUsage) {
            ObjectNode usage = completion(model, "chat.completion.chunk");
            usage.putArray("choices");
            usage(usage, promptTokens, tokens(answer));
            event(out, usage.toString());
        }
        event(out, "[DONE]");
    }

    private static void generate(HttpExchange exchange, JsonNode request) throws IOException {
        JsonNode input = request.path("input");
        if (!input.isTextual()) {
            send(exchange, 400, error("input must be a string"));
            return;
        }
        String answer = answer(input.asText());
        ObjectNode response = JsonBodies.MAPPER.createObjectNode();
        response.put("id", "demo-generation");
        response.putObject("result").put("text", answer);
        response.putObject("usage").put("promptTokens", tokens(input.asText()))
                .put("generatedTokens", tokens(answer));
        send(exchange, 200, response);
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        if (content instanceof ArrayNode parts) {
            for (JsonNode part : parts) {
                if ("text".equals(part.path("type").asText())) {
                    text.append(text.isEmpty() ? "" : " ").append(part.path("text").asText());
                }
            }
        }
        return text.toString();
    }

    private static ObjectNode completion(String model, String object) {
        ObjectNode response = JsonBodies.MAPPER.createObjectNode();
        response.put("id", "chatcmpl-demo");
        response.put("object", object);
        response.put("created", 0);
        response.put("model", model);
        return response;
    }

    private static void usage(ObjectNode response, long promptTokens, long completionTokens) {
        response.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
    }

    private static ObjectNode error(String message) {
        ObjectNode error = JsonBodies.MAPPER.createObjectNode();
        error.putObject("error").put("message", message).put("type", "invalid_request_error");
        return error;
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
