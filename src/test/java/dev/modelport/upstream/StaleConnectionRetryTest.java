package dev.modelport.upstream;

import static dev.modelport.upstream.Upstreams.LOOPBACK;
import static dev.modelport.upstream.Upstreams.failure;
import static dev.modelport.upstream.Upstreams.none;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stale pooled connections, for the client of complete calls (OkHttp) and of streamed ones (Vert.x): sent once
 * more on a new connection when the connection ended before a byte of the answer, never otherwise; and idle
 * connections closed before a middlebox drops them.
 */
class StaleConnectionRetryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String JSON = "application/json";
    private static final String ANSWER = "{\"result\": \"pong\"}";
    private static final String EVENTS = "text/event-stream";
    private static final String STREAM = "data: one\n\ndata: two\n\n";
    private static final Duration DROPPED_AFTER = Duration.ofMillis(2500);

    /** The two clients, each calling the upstream as the gateway does. */
    enum Client {
        COMPLETE("complete", JSON, ANSWER),
        STREAMED("streamed", EVENTS, STREAM);

        final String tag;
        final String contentType;
        final String body;

        Client(String tag, String contentType, String body) {
            this.tag = tag;
            this.contentType = contentType;
            this.body = body;
        }
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private UpstreamClient client(Duration idleTimeout) {
        return new UpstreamClient(LOOPBACK.withIdleTimeout(idleTimeout), Clock.systemUTC(), Upstreams.VERTX, registry);
    }

    /** Calls the upstream; returns the answer (a streamed one's events, joined). */
    private String call(UpstreamClient upstream, Client kind, RawUpstream server, Duration timeout)
            throws AdapterException {
        if (kind == Client.COMPLETE) {
            return new String(upstream.call(none(server.url("/v1")), "{}", timeout).body(), StandardCharsets.UTF_8);
        }
        List<String> events = new CopyOnWriteArrayList<>();
        upstream.stream(none(server.url("/v1")), "{}", timeout, Upstreams.eventLoop())
                .run((name, data) -> events.add(data));
        return String.join(",", events);
    }

    private String call(UpstreamClient upstream, Client kind, RawUpstream server) throws AdapterException {
        return call(upstream, kind, server, TIMEOUT);
    }

    private static String expected(Client kind) {
        return kind == Client.COMPLETE ? ANSWER : "one,two";
    }

    private double retries(Client kind) {
        return registry.counter(StaleConnectionRetries.METRIC, "client", kind.tag).count();
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void shouldAnswerEveryCallOfAnHttp10EndpointThatClosesAfterEachAnswer(Client kind) throws Exception {
        UpstreamClient upstream = client(UpstreamSettings.DEFAULT_IDLE_TIMEOUT);
        try (RawUpstream server = new RawUpstream(RawUpstream.http10(kind.contentType, kind.body))) {
            for (int i = 0; i < 50; i++) {
                assertThat(call(upstream, kind, server)).as("call " + i).isEqualTo(expected(kind));
            }
            assertThat(server.requests()).as("each call reached the endpoint once").isEqualTo(50);
            assertThat(server.connections()).isEqualTo(50);
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void shouldSendARequestOnceMoreWhenItsPooledConnectionIsClosedAsItArrives(Client kind) throws Exception {
        for (boolean reset : new boolean[] {false, true}) {
            UpstreamClient upstream = client(UpstreamSettings.DEFAULT_IDLE_TIMEOUT);
            double before = retries(kind);
            try (RawUpstream server = new RawUpstream(RawUpstream.closingReused(kind.contentType, kind.body, reset))) {
                assertThat(call(upstream, kind, server)).isEqualTo(expected(kind));
                assertThat(call(upstream, kind, server)).as("reset " + reset).isEqualTo(expected(kind));

                assertThat(server.connections()).as("the pooled connection, then a new one").isEqualTo(2);
                assertThat(server.requests()).isEqualTo(3);
                assertThat(retries(kind) - before).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void shouldSendTheRetryOnANewConnectionRatherThanAnotherPooledOne(Client kind) throws Exception {
        UpstreamClient upstream = client(UpstreamSettings.DEFAULT_IDLE_TIMEOUT);
        CountDownLatch bothOpen = new CountDownLatch(2);
        try (RawUpstream server = new RawUpstream((request, socket, out) -> {
            if (request.exchange() == 0) {
                // Two calls at once leave two connections in the pool, both stale by the next request.
                bothOpen.countDown();
                awaitLatch(bothOpen);
                return RawUpstream.answer(out, "HTTP/1.1", kind.contentType, kind.body);
            }
            RawUpstream.end(socket, false);
            return false;
        })) {
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<Future<String>> first = threads.invokeAll(List.of(() -> call(upstream, kind, server),
                        () -> call(upstream, kind, server)));
                for (Future<String> answer : first) {
                    assertThat(answer.get()).isEqualTo(expected(kind));
                }
            } finally {
                threads.shutdownNow();
            }

            assertThat(call(upstream, kind, server)).isEqualTo(expected(kind));
            assertThat(server.connections()).isEqualTo(3);
            assertThat(retries(kind)).isEqualTo(1);
        }
    }

    private static void awaitLatch(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new IOException("the second call did not come");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void shouldNotRetryANewConnectionThatEndsWithoutAnAnswer(Client kind) throws Exception {
        UpstreamClient upstream = client(UpstreamSettings.DEFAULT_IDLE_TIMEOUT);
        try (RawUpstream server = new RawUpstream((request, socket, out) -> {
            RawUpstream.end(socket, false);
            return false;
        })) {
            AdapterException e = failure(() -> call(upstream, kind, server));

            assertThat(e.category()).isEqualTo(FailureCategory.ConnectionFailed);
            assertThat(server.requests()).isEqualTo(1);
            assertThat(retries(kind)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void shouldNotRetryWhenPartOfTheStatusLineArrived(Client kind) throws Exception {
        UpstreamClient upstream = client(UpstreamSettings.DEFAULT_IDLE_TIMEOUT);
        try (RawUpstream server = new RawUpstream((request, socket, out) -> {
            if (request.exchange() == 0) {
                return RawUpstream.answer(out, "HTTP/1.1", kind.contentType, kind.body);
            }
            out.write("HTTP/1.1 20".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            RawUpstream.end(socket, false);
            return false;
        })) {
            call(upstream, kind, server);
            AdapterException e = failure(() -> call(upstream, kind, server));

            assertThat(e.category()).isEqualTo(FailureCategory.ConnectionFailed);
            assertThat(server.requests()).as("the endpoint began to answer: it had the request").isEqualTo(2);
            assertThat(retries(kind)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void shouldNotRetryAConnectionResetInTheMiddleOfTheAnswer(Client kind) throws Exception {
        UpstreamClient upstream = client(UpstreamSettings.DEFAULT_IDLE_TIMEOUT);
        try (RawUpstream server = new RawUpstream((request, socket, out) -> {
            if (request.exchange() == 0) {
                return RawUpstream.answer(out, "HTTP/1.1", kind.contentType, kind.body);
            }
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + kind.contentType + "\r\nContent-Length: 100\r\n\r\n"
                    + kind.body.substring(0, 11)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            RawUpstream.end(socket, true);
            return false;
        })) {
            call(upstream, kind, server);
            AdapterException e = failure(() -> call(upstream, kind, server));

            assertThat(e.category()).isEqualTo(FailureCategory.ConnectionFailed);
            assertThat(server.requests()).isEqualTo(2);
            assertThat(retries(kind)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void shouldRetryOnceOnly(Client kind) throws Exception {
        UpstreamClient upstream = client(UpstreamSettings.DEFAULT_IDLE_TIMEOUT);
        try (RawUpstream server = new RawUpstream((request, socket, out) -> {
            if (request.connection() == 0 && request.exchange() == 0) {
                return RawUpstream.answer(out, "HTTP/1.1", kind.contentType, kind.body);
            }
            RawUpstream.end(socket, false);
            return false;
        })) {
            call(upstream, kind, server);
            AdapterException e = failure(() -> call(upstream, kind, server));

            assertThat(e.category()).isEqualTo(FailureCategory.ConnectionFailed);
            assertThat(server.requests()).as("the first call, the stale attempt and its one retry").isEqualTo(3);
            assertThat(retries(kind)).isEqualTo(1);
        }
    }

    /**
     * A load balancer or NAT that forgets a connection idle for 2.5 s: a request on it is lost without a word. The
     * streamed client's pool closes connections idle for its timeout of 1 s within a further second.
     */
    private static RawUpstream.Behaviour droppingIdle(Client kind) {
        return (request, socket, out) -> request.idle().compareTo(DROPPED_AFTER) >= 0
                ? RawUpstream.holdSilent(socket)
                : RawUpstream.answer(out, "HTTP/1.1", kind.contentType, kind.body);
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void shouldCloseIdleConnectionsBeforeAMiddleboxDropsThem(Client kind) throws Exception {
        UpstreamClient upstream = client(Duration.ofSeconds(1));
        try (RawUpstream server = new RawUpstream(droppingIdle(kind))) {
            call(upstream, kind, server);
            awaitIdle(server);

            assertThat(call(upstream, kind, server)).isEqualTo(expected(kind));
            assertThat(server.connections()).as("the idle connection was not used again").isEqualTo(2);
            assertThat(server.closedByClient()).as("the client closed it").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void shouldTimeOutOnAConnectionAMiddleboxDroppedWhileItWasKept(Client kind) throws Exception {
        UpstreamClient upstream = client(Duration.ofSeconds(30));
        try (RawUpstream server = new RawUpstream(droppingIdle(kind))) {
            call(upstream, kind, server);
            awaitIdle(server);

            AdapterException e = failure(() -> call(upstream, kind, server, Duration.ofMillis(500)));
            assertThat(e.category()).isEqualTo(FailureCategory.Timeout);
            assertThat(server.connections()).isEqualTo(1);
            assertThat(retries(kind)).as("a timeout is never retried").isZero();
        }
    }

    private static void awaitIdle(RawUpstream server) {
        Awaitility.await("the connection idle past the middlebox's limit").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(server::sinceLastAnswer, idle -> idle.compareTo(DROPPED_AFTER.plusMillis(100)) > 0);
    }
}
