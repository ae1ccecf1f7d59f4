package dev.modelport.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * A model endpoint on 127.0.0.1 whose answers a test scripts per path: a queue of answers to give first, then the
 * path's standing answer (a custom model's JSON, or an OpenAI stream for a path ending in -stream, until the test
 * sets another). Counts the requests of each path.
 */
public final class ScriptedUpstream implements AutoCloseable {

    private static final String OPENAI_CHOICES = "\"id\": \"c1\", \"object\": \"chat.completion\", "
            + "\"created\": 1, \"model\": \"gpt-x\", \"choices\": [{\"index\": 0, \"message\": "
            + "{\"role\": \"assistant\", \"content\": \"hello\"}, \"finish_reason\": \"stop\"}]";

    private final MockWebServer server = new MockWebServer();
    private final Map<String, Queue<MockResponse>> queued = new ConcurrentHashMap<>();
    private final Map<String, MockResponse> standing = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    public ScriptedUpstream() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                MockResponse next = queued.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
                return next != null ? next : standing.getOrDefault(path, ok(path));
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    /**
     * The path's usual good answer: an OpenAI stream for a path ending in -stream, an OpenAI completion for a path
     * starting with /openai, else a custom model's JSON.
     */
    public static MockResponse ok(String path) {
        if (path.endsWith("-stream")) {
            return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
                    .body(StreamBodies.OPENAI).build();
        }
        return new MockResponse.Builder().addHeader("Content-Type", "application/json")
                .body("{\"result\": {\"text\": \"pong from " + path + "\"}, " + OPENAI_CHOICES + "}").build();
    }

    /** An OpenAI chat completion (which a custom model reading $.result.text can parse too). */
    public static MockResponse openAiCompletion() {
        return ok("/openai");
    }

    /** An error status with a JSON body. */
    public static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
                .body("{\"error\": \"down\"}").build();
    }

    /** A stream cut after its first event: the connection closes in the middle of the answer. */
    public static MockResponse cutStream() {
        return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(StreamBodies.OPENAI)
                .onResponseBody(new SocketEffect.CloseSocket()).build();
    }

    /** A good answer whose headers come after the delay. */
    public static MockResponse slow(String path, long millis) {
        return ok(path).newBuilder().headersDelay(millis, TimeUnit.MILLISECONDS).build();
    }

    /** Answers given once each, in order, before the standing answer. */
    public void enqueue(String path, MockResponse... responses) {
        Queue<MockResponse> queue = queued.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>());
        for (MockResponse response : responses) {
            queue.add(response);
        }
    }

    /** From now on the path answers this (until set again). */
    public void answer(String path, MockResponse response) {
        standing.put(path, response);
    }

    /** The path answers its usual good answer again. */
    public void recover(String path) {
        standing.remove(path);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    /** How many requests reached the path so far. */
    public int count(String path) {
        AtomicInteger count = counts.get(path);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.close();
    }
}
