package dev.modelport.operator;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A custom-shaped model endpoint on 127.0.0.1 whose behaviour a test switches: healthy, 503, or a key check. */
final class Upstream implements AutoCloseable {

    enum Mode { HEALTHY, UNAVAILABLE }

    final MockWebServer server = new MockWebServer();
    final AtomicReference<Mode> mode = new AtomicReference<>(Mode.HEALTHY);
    final AtomicReference<String> acceptedToken = new AtomicReference<>();
    final AtomicInteger calls = new AtomicInteger();
    final AtomicReference<java.time.Duration> delay = new AtomicReference<>(java.time.Duration.ZERO);
    final List<String> tokensSeen = new CopyOnWriteArrayList<>();

    Upstream() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                calls.incrementAndGet();
                String authorization = request.getHeaders().get("Authorization");
                String token = authorization == null ? null : authorization.replaceFirst("^Bearer ", "");
                tokensSeen.add(String.valueOf(token));
                if (mode.get() == Mode.UNAVAILABLE) {
                    return new MockResponse.Builder().code(503).body("{\"error\": \"down\"}").build();
                }
                if (acceptedToken.get() != null && !acceptedToken.get().equals(token)) {
                    return new MockResponse.Builder().code(401)
                            .body("{\"error\": \"bad token " + token + "\"}").build();
                }
                return new MockResponse.Builder().addHeader("Content-Type", "application/json")
                        .headersDelay(delay.get().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).body("""
                        {"id": "gen-1", "echo": {"prompt": "Reply with pong."},
                         "result": {"text": "pong", "model": "inhouse-7b"},
                         "meta": {"tokens": {"in": 18, "out": 1}}}""").build();
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort() + "/generate";
    }

    @Override
    public void close() {
        server.close();
    }
}
