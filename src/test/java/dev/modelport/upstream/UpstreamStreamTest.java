package dev.modelport.upstream;

import static dev.modelport.upstream.Upstreams.LOOPBACK;
import static dev.modelport.upstream.Upstreams.eventLoop;
import static dev.modelport.upstream.Upstreams.failure;
import static dev.modelport.upstream.Upstreams.none;
import static dev.modelport.upstream.Upstreams.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.AnswerFormat;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.ProviderError;
import dev.modelport.api.v1alpha1.StreamFormat;
import io.vertx.core.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class UpstreamStreamTest extends MockServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private record Received(String name, String data, long nanos) {
    }

    private final UpstreamClient client = Upstreams.client(LOOPBACK);
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private void record(String name, String data) {
        received.add(new Received(name, data, System.nanoTime()));
    }

    @Test
    void eventsReachTheListenerWhileTheServerIsStillSending() throws Exception {
        // Three events of 11 bytes each, with 300 ms between them.
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .body("data: one\n\ndata: two\n\ndata: six\n\n")
                .throttleBody(11, 300, TimeUnit.MILLISECONDS).build());
        UpstreamStream stream = client.stream(none(url(server, "/v1/stream")), "{\"stream\":true}", TIMEOUT,
                eventLoop());
        stream.run(this::record);
        long end = System.nanoTime();

        assertThat(received).extracting(Received::data).containsExactly("one", "two", "six");
        assertThat(received).extracting(Received::name).containsOnly("message");
        assertThat(Duration.ofNanos(end - received.get(0).nanos())).isGreaterThan(Duration.ofMillis(450));
        assertThat(Duration.ofNanos(received.get(1).nanos() - received.get(0).nanos()))
                .isGreaterThan(Duration.ofMillis(200));
        RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getHeaders().get("Accept")).isEqualTo("text/event-stream");
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeaders().get("traceparent")).isNull();
        assertThat(request.getBody().utf8()).isEqualTo("{\"stream\":true}");
        assertThat(stream.status()).isEqualTo(200);
    }

    @Test
    void aStreamRunFromItsEventLoopCallsTheListenerThereAndCompletesThereWithoutBlocking() throws Exception {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .body("data: one\n\ndata: two\n\n").throttleBody(11, 200, TimeUnit.MILLISECONDS).build());
        Context loop = eventLoop();
        UpstreamStream stream = client.stream(none(url(server, "/v1/stream")), "{}", TIMEOUT, loop);
        List<String> threads = new CopyOnWriteArrayList<>();
        CompletableFuture<CompletableFuture<Void>> started = new CompletableFuture<>();
        loop.runOnContext(ignored -> started.complete(stream.runNow((name, data) -> {
            record(name, data);
            threads.add(Thread.currentThread().getName());
        }, InetAddress.getLoopbackAddress()).whenComplete((done, failed) ->
                threads.add(Thread.currentThread().getName()))));

        CompletableFuture<Void> ended = started.get(5, TimeUnit.SECONDS);
        assertThat(received).as("runNow returned before the stream ended").isEmpty();
        ended.get(5, TimeUnit.SECONDS);
        assertThat(received).extracting(Received::data).containsExactly("one", "two");
        assertThat(threads).hasSize(3).allSatisfy(thread -> assertThat(thread).startsWith("vert.x-eventloop"));
        assertThat(stream.status()).isEqualTo(200);
    }

    @Test
    void anNdjsonStreamGivesEachLineAsItComesAndTheUnterminatedLastOneAtTheEnd() throws Exception {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/x-ndjson")
                .body("{\"r\":\"a\"}\n{\"r\":\"b\"}\n{\"r\":\"c\",\"done\":true}")
                .throttleBody(10, 200, TimeUnit.MILLISECONDS).build());
        UpstreamStream stream = client.stream(none(url(server, "/api/generate")), "{\"stream\":true}".getBytes(StandardCharsets.UTF_8),
                TIMEOUT, eventLoop(), null, new AnswerFormat(StreamFormat.NDJSON, ProviderError::parse));
        stream.run(this::record);

        assertThat(received).extracting(Received::data).containsExactly("{\"r\":\"a\"}", "{\"r\":\"b\"}",
                "{\"r\":\"c\",\"done\":true}");
        assertThat(Duration.ofNanos(received.get(1).nanos() - received.get(0).nanos()))
                .isGreaterThan(Duration.ofMillis(100));
        RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getHeaders().get("Accept")).isEqualTo("application/x-ndjson");
    }

    @Test
    void aStreamsErrorAnswerIsReadWithTheStructuresErrorReader() {
        server.enqueue(new MockResponse.Builder().code(422).body("{\"error\": \"too long\"}").build());
        UpstreamStream stream = client.stream(none(url(server, "/generate_stream")), new byte[] {'{', '}'}, TIMEOUT,
                eventLoop(),
                null, new AnswerFormat(StreamFormat.SSE, body -> Optional.of(new ProviderError(null, null,
                        new String(body, StandardCharsets.UTF_8).length() + " bytes read"))));
        AdapterException e = failure(() -> stream.run(this::record));
        assertThat(e.httpStatus()).isEqualTo(422);
        assertThat(e.providerError().message()).isEqualTo("21 bytes read");
    }

    @Test
    void aTracedStreamSendsItsTraceparentAndTellsItsStatus() throws Exception {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        server.enqueue(new MockResponse.Builder().code(203).body("data: one\n\n").build());
        UpstreamStream stream = client.stream(none(url(server, "/")), "{}", TIMEOUT, eventLoop(), traceparent);
        assertThat(stream.status()).as("before it runs").isZero();

        stream.run(this::record);

        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getHeaders().values("traceparent"))
                .containsExactly(traceparent);
        assertThat(stream.status()).isEqualTo(203);
    }

    @Test
    void eventOverTheLimitIsTooLarge() {
        UpstreamClient small = Upstreams.client(new UpstreamSettings(Duration.ofSeconds(1), 1024, 64,
                LOOPBACK.policy()));
        server.enqueue(new MockResponse.Builder().body("data: ok\n\ndata: " + "x".repeat(200) + "\n\n").build());
        AdapterException e = failure(() -> small.stream(none(url(server, "/")), "{}", TIMEOUT, eventLoop())
                .run(this::record));
        assertThat(e.category()).isEqualTo(FailureCategory.ResponseTooLarge);
        assertThat(e).hasMessage("a streamed event is larger than 64 bytes");
        assertThat(received).extracting(Received::data).containsExactly("ok");
    }

    @Test
    void noFirstByteInTimeIsTimeout() {
        server.enqueue(new MockResponse.Builder().body("data: late\n\n").bodyDelay(1500, TimeUnit.MILLISECONDS)
                .build());
        AdapterException e = failure(() -> client.stream(none(url(server, "/")), "{}", Duration.ofMillis(300),
                eventLoop())
                .run(this::record));
        assertThat(e.category()).isEqualTo(FailureCategory.Timeout);
        assertThat(received).isEmpty();
    }

    @Test
    void pauseLongerThanTheTimeoutAfterTheFirstEventIsTimeout() {
        server.enqueue(new MockResponse.Builder().body("data: one\n\ndata: two\n\n")
                .throttleBody(11, 1500, TimeUnit.MILLISECONDS).build());
        long start = System.nanoTime();
        AdapterException e = failure(() -> client.stream(none(url(server, "/")), "{}", Duration.ofMillis(300),
                eventLoop())
                .run(this::record));
        assertThat(e.category()).isEqualTo(FailureCategory.Timeout);
        assertThat(e).hasMessage("no answer from 127.0.0.1 in time");
        assertThat(received).extracting(Received::data).containsExactly("one");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aPausedStreamIsNotReadAndDoesNotTimeOutUntilResumed() throws Exception {
        // One event every 50 ms; the reader holds the stream for 800 ms after the first, longer than the timeout.
        server.enqueue(new MockResponse.Builder().body("data: one\n\ndata: two\n\ndata: six\n\n")
                .throttleBody(11, 50, TimeUnit.MILLISECONDS).build());
        Context loop = eventLoop();
        UpstreamStream stream = client.stream(none(url(server, "/")), "{}", Duration.ofMillis(300), loop);
        stream.run((name, data) -> {
            record(name, data);
            if (received.size() == 1) {
                stream.pause();
                loop.owner().setTimer(800, resumed -> stream.resume());
            }
        });

        assertThat(received).extracting(Received::data).containsExactly("one", "two", "six");
        assertThat(Duration.ofNanos(received.get(1).nanos() - received.get(0).nanos()))
                .as("nothing read while paused").isGreaterThanOrEqualTo(Duration.ofMillis(750));
    }

    @Test
    void theStatusIsTheAnswersTwoHundredAlsoWhenTheStreamBreaksOffAndNoneForAnErrorStatus() throws Exception {
        server.enqueue(new MockResponse.Builder().code(201).body("data: one\n\n").build());
        server.enqueue(new MockResponse.Builder().body("data: one\n\ndata: two\n\n")
                .throttleBody(11, 1500, TimeUnit.MILLISECONDS).build());
        server.enqueue(new MockResponse.Builder().code(503).body("data: x\n\n").build());
        UpstreamStream answered = client.stream(none(url(server, "/")), "{}", TIMEOUT, eventLoop());
        UpstreamStream brokenOff = client.stream(none(url(server, "/")), "{}", Duration.ofMillis(300), eventLoop());
        UpstreamStream refused = client.stream(none(url(server, "/")), "{}", TIMEOUT, eventLoop());

        assertThat(answered.status()).as("before it runs").isZero();
        answered.run(this::record);
        failure(() -> brokenOff.run(this::record));
        failure(() -> refused.run(this::record));

        assertThat(answered.status()).isEqualTo(201);
        assertThat(brokenOff.status()).isEqualTo(200);
        assertThat(refused.status()).as("the failure carries it").isZero();
    }

    @Test
    void errorStatusFailsBeforeAnyEvent() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3").body("data: x\n\n").build());
        AdapterException e = failure(() -> client.stream(none(url(server, "/")), "{}", TIMEOUT, eventLoop())
                .run(this::record));
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(received).isEmpty();
    }

    @Test
    void aClientErrorKeepsTheEndpointsErrorObject() {
        server.enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json").body("""
                {"type": "error", "error": {"type": "invalid_request_error", "message": "max_tokens: required"}}""")
                .build());
        AdapterException e = failure(() -> client.stream(none(url(server, "/")), "{}", TIMEOUT, eventLoop())
                .run(this::record));
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.providerError()).isEqualTo(new ProviderError("invalid_request_error", null,
                "max_tokens: required"));

        server.enqueue(new MockResponse.Builder().code(404).body("{\"error\": {\"message\": \"" + "x".repeat(20_000)
                + "\"}}").build());
        AdapterException large = failure(() -> client.stream(none(url(server, "/")), "{}", TIMEOUT, eventLoop())
                .run(this::record));
        assertThat(large.httpStatus()).isEqualTo(404);
        assertThat(large.providerError()).isNull();
        assertThat(received).isEmpty();
    }

    @Test
    void listenerFailureStopsTheStream() {
        server.enqueue(new MockResponse.Builder().body("data: 1\n\ndata: 2\n\n").build());
        AdapterException e = failure(() -> client.stream(none(url(server, "/")), "{}", TIMEOUT, eventLoop())
                .run((name, data) -> {
            throw new AdapterException(FailureCategory.InvalidJson, "not the expected JSON");
        }));
        assertThat(e).hasMessage("not the expected JSON");
    }

    @Test
    void cancelledBeforeRunNeverSends() {
        UpstreamStream stream = client.stream(none(url(server, "/")), "{}", TIMEOUT, eventLoop());
        stream.cancel();
        AdapterException e = failure(() -> stream.run(this::record));
        assertThat(e).hasMessage("call to 127.0.0.1 was cancelled");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void cancelFromAnotherThreadStopsTheCallAndClosesTheConnection() throws Exception {
        // Own threads: the common pool may have a single worker on a 2-core machine, and both tasks block.
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<Boolean> serverSawClose = CompletableFuture.supplyAsync(() -> serveOneEvent(listening),
                    threads);
            String url = "http://127.0.0.1:" + listening.getLocalPort() + "/stream";
            UpstreamStream stream = client.stream(none(url), "{}", Duration.ofSeconds(5), eventLoop());
            CountDownLatch firstEvent = new CountDownLatch(1);
            CompletableFuture<AdapterException> outcome = CompletableFuture.supplyAsync(
                    () -> failure(() -> stream.run((name, data) -> firstEvent.countDown())), threads);

            assertThat(firstEvent.await(2, TimeUnit.SECONDS)).isTrue();
            stream.cancel();

            AdapterException e = outcome.get(2, TimeUnit.SECONDS);
            assertThat(e.category()).isEqualTo(FailureCategory.ConnectionFailed);
            assertThat(e).hasMessage("call to 127.0.0.1 was cancelled");
            assertThat(serverSawClose.get(2, TimeUnit.SECONDS)).isTrue();
        } finally {
            threads.shutdownNow();
        }
    }

    /** Answers one request with an event, keeps the stream open and reports whether the client closed it. */
    private static boolean serveOneEvent(ServerSocket listening) {
        try (Socket socket = listening.accept()) {
            socket.setSoTimeout(3000);
            InputStream in = socket.getInputStream();
            readRequest(in);
            OutputStream out = socket.getOutputStream();
            String event = "data: first\n\n";
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(event.length()) + "\r\n" + event + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                return in.read() == -1;
            } catch (IOException reset) {
                return true;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the request head and its Content-Length body. */
    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(in.read());
        }
        String lower = head.toString(StandardCharsets.ISO_8859_1).toLowerCase();
        int at = lower.indexOf("content-length:");
        int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
        in.readNBytes(length);
    }
}
