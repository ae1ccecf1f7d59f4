package dev.modelport.upstream;

import static dev.modelport.upstream.Upstreams.LOOPBACK;
import static dev.modelport.upstream.Upstreams.endpoint;
import static dev.modelport.upstream.Upstreams.failure;
import static dev.modelport.upstream.Upstreams.none;
import static dev.modelport.upstream.Upstreams.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.ProviderError;
import dev.modelport.api.v1alpha1.AuthorizationType;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Dns;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class UpstreamClientTest extends MockServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String BODY = "{\"prompt\":\"caf\u00e9\"}";

    private final UpstreamClient client = client(LOOPBACK, Clock.systemUTC(), Dns.SYSTEM);

    /** The client under test: complete calls through OkHttp, as the command line makes them. */
    UpstreamClient client(UpstreamSettings settings, Clock clock, Dns resolver) {
        return new UpstreamClient(settings, clock, resolver, null);
    }

    private RecordedRequest callAndTake(ResolvedEndpoint endpoint) throws Exception {
        server.enqueue(new MockResponse.Builder().body("{}").build());
        client.call(endpoint, BODY, TIMEOUT);
        return server.takeRequest(1, TimeUnit.SECONDS);
    }

    @Test
    void postsTheJsonBodyWithBearerToken() throws Exception {
        RecordedRequest request = callAndTake(endpoint(url(server, "/v1/chat?key=q-secret"), AuthorizationType.Bearer,
                Map.of("token", "t-secret"), List.of()));
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/v1/chat?key=q-secret");
        assertThat(request.getBody().utf8()).isEqualTo(BODY);
        assertThat(request.getHeaders().values("Content-Type")).containsExactly("application/json");
        assertThat(request.getHeaders().values("Accept")).containsExactly("application/json");
        assertThat(request.getHeaders().values("Authorization")).containsExactly("Bearer t-secret");
    }

    @Test
    void apiKeyGoesInItsHeaderOnly() throws Exception {
        RecordedRequest request = callAndTake(endpoint(url(server, "/"), AuthorizationType.ApiKey,
                Map.of("apiKey", "k-secret"), List.of()));
        assertThat(request.getHeaders().values("x-api-key")).containsExactly("k-secret");
        assertThat(request.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void basicIsRfc7617WithUtf8() throws Exception {
        RecordedRequest request = callAndTake(endpoint(url(server, "/"), AuthorizationType.Basic,
                Map.of("username", "\u00e4lice", "password", "p:secret"), List.of()));
        String expected = Base64.getEncoder().encodeToString("\u00e4lice:p:secret".getBytes(StandardCharsets.UTF_8));
        assertThat(request.getHeaders().values("Authorization")).containsExactly("Basic " + expected);
    }

    @Test
    void noneSendsNoCredentials() throws Exception {
        RecordedRequest request = callAndTake(none(url(server, "/")));
        assertThat(request.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void configuredHeadersAreSentExactlyAndNothingElseIsAdded() throws Exception {
        List<ResolvedHeader> headers = List.of(new ResolvedHeader("X-Org", "h-secret"),
                new ResolvedHeader("anthropic-version", "2023-06-01"), new ResolvedHeader("X-Text", "caf\u00e9 \t x"),
                new ResolvedHeader("Accept", "application/x-ndjson"));
        RecordedRequest request = callAndTake(endpoint(url(server, "/"), AuthorizationType.Bearer,
                Map.of("token", "t-secret"), headers));
        assertThat(request.getHeaders().values("X-Org")).containsExactly("h-secret");
        assertThat(request.getHeaders().values("anthropic-version")).containsExactly("2023-06-01");
        assertThat(request.getHeaders().values("X-Text")).containsExactly("caf\u00e9 \t x");
        assertThat(request.getHeaders().values("Accept")).containsExactly("application/x-ndjson");
        // What the HTTP client itself adds, and nothing more.
        List<String> names = new ArrayList<>(request.getHeaders().names());
        names.replaceAll(String::toLowerCase);
        List<String> expected = new ArrayList<>(List.of("content-type", "accept", "x-org", "anthropic-version",
                "x-text", "authorization"));
        expected.addAll(clientHeaders());
        assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The headers the HTTP client adds by itself, lower case. */
    List<String> clientHeaders() {
        return List.of("host", "connection", "content-length", "accept-encoding", "user-agent");
    }

    @Test
    void aTracedCallSendsItsTraceparentUnlessTheModelConfiguresOne() throws Exception {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        server.enqueue(new MockResponse.Builder().body("{}").build());
        client.call(none(url(server, "/")), BODY, TIMEOUT, traceparent);
        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getHeaders().values("traceparent"))
                .containsExactly(traceparent);

        server.enqueue(new MockResponse.Builder().body("{}").build());
        client.call(endpoint(url(server, "/"), AuthorizationType.None, Map.of(),
                List.of(new ResolvedHeader("Traceparent", "configured"))), BODY, TIMEOUT, traceparent);
        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getHeaders().values("traceparent"))
                .as("the model's own headers are sent exactly").containsExactly("configured");

        assertThat(callAndTake(none(url(server, "/"))).getHeaders().get("traceparent")).isNull();
    }

    @Test
    void headerValueWithControlCharacterIsRefusedWithoutTheValue() {
        ResolvedEndpoint endpoint = endpoint(url(server, "/"), AuthorizationType.Bearer,
                Map.of("token", "t-secret\n"), List.of());
        AdapterException e = failure(() -> client.call(endpoint, BODY, TIMEOUT));
        assertThat(e.category()).isEqualTo(FailureCategory.InvalidInput);
        assertThat(e).hasMessage("the value of header Authorization contains a control character");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void returnsStatusContentTypeAndBody() throws Exception {
        server.enqueue(new MockResponse.Builder().code(201).setHeader("Content-Type", "application/json")
                .body("{\"ok\":true}").build());
        UpstreamResponse response = client.call(none(url(server, "/")), BODY, TIMEOUT);
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(response.toString()).isEqualTo("UpstreamResponse[201, application/json, 11 bytes]");
    }

    @Test
    void redirectIsNotFollowed() throws Exception {
        try (MockWebServer target = Upstreams.server()) {
            server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", url(target, "/elsewhere"))
                    .build());
            AdapterException e = failure(() -> client.call(none(url(server, "/")), BODY, TIMEOUT));
            assertThat(e.category()).isEqualTo(FailureCategory.HTTPStatus);
            assertThat(e.httpStatus()).isEqualTo(302);
            assertThat(e).hasMessage("endpoint answered HTTP 302");
            assertThat(target.getRequestCount()).isZero();
        }
    }

    @Test
    void tooManyRequestsWithRetryAfterSeconds() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "7").build());
        AdapterException e = failure(() -> client.call(none(url(server, "/")), BODY, TIMEOUT));
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void tooManyRequestsWithRetryAfterDate() {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        UpstreamClient clocked = client(LOOPBACK, Clock.fixed(now, ZoneOffset.UTC), Dns.SYSTEM);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(120).atOffset(ZoneOffset.UTC));
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", date).build());
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "Mon, 01 Jan 2024 00:00:00 GMT")
                .build());
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "soon").build());
        assertThat(failure(() -> clocked.call(none(url(server, "/")), BODY, TIMEOUT)).retryAfter())
                .isEqualTo(Duration.ofSeconds(120));
        assertThat(failure(() -> clocked.call(none(url(server, "/")), BODY, TIMEOUT)).retryAfter())
                .isEqualTo(Duration.ZERO);
        assertThat(failure(() -> clocked.call(none(url(server, "/")), BODY, TIMEOUT)).retryAfter()).isNull();
    }

    @Test
    void aClientErrorKeepsTheEndpointsErrorObjectApartFromTheMessage() {
        String error = "{\"error\": {\"message\": \"max_tokens is too large\", \"type\": \"invalid_request_error\", "
                + "\"param\": \"max_tokens\", \"code\": \"integer_above_max_value\"}}";
        server.enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json").body(error)
                .build());
        AdapterException e = failure(() -> client.call(none(url(server, "/")), BODY, TIMEOUT));
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e).hasMessage("endpoint answered HTTP 400");
        assertThat(e.providerError()).isEqualTo(new ProviderError("invalid_request_error", "integer_above_max_value",
                "max_tokens is too large"));
        assertThat(e.isTransient()).isFalse();

        server.enqueue(new MockResponse.Builder().code(500).body(error).build());
        assertThat(failure(() -> client.call(none(url(server, "/")), BODY, TIMEOUT)).providerError())
                .as("nothing of a 5xx is kept").isNull();
        server.enqueue(new MockResponse.Builder().code(413).body("<html>" + "x".repeat(20_000) + "</html>").build());
        AdapterException large = failure(() -> client.call(none(url(server, "/")), BODY, TIMEOUT));
        assertThat(large.httpStatus()).isEqualTo(413);
        assertThat(large.providerError()).isNull();
        server.enqueue(new MockResponse.Builder().code(422).body(error.replace("max_tokens is", "x".repeat(20_000)))
                .build());
        AdapterException over = failure(() -> client.call(none(url(server, "/")), BODY, TIMEOUT));
        assertThat(over.httpStatus()).isEqualTo(422);
        assertThat(over.providerError()).as("an error body over the cap is not read whole").isNull();
    }

    @Test
    void anErrorObjectThatRepeatsACredentialIsDropped() {
        List<ResolvedEndpoint> endpoints = List.of(
                endpoint(url(server, "/"), AuthorizationType.Bearer, Map.of("token", "t-secret"), List.of()),
                endpoint(url(server, "/"), AuthorizationType.Basic, Map.of("username", "alice", "password", "p:s"),
                        List.of()),
                endpoint(url(server, "/"), AuthorizationType.None, Map.of(),
                        List.of(new ResolvedHeader("X-Org", "h-secret"))));
        List<String> echoes = List.of("t-secret", Base64.getEncoder().encodeToString("alice:p:s".getBytes(
                StandardCharsets.UTF_8)), "h-secret");
        for (int i = 0; i < endpoints.size(); i++) {
            ResolvedEndpoint endpoint = endpoints.get(i);
            server.enqueue(new MockResponse.Builder().code(401).body("{\"error\": {\"message\": \"Incorrect key "
                    + echoes.get(i) + "\", \"type\": \"invalid_request_error\"}}").build());
            AdapterException e = failure(() -> client.call(endpoint, BODY, TIMEOUT));
            assertThat(e.httpStatus()).isEqualTo(401);
            assertThat(e.providerError()).as(echoes.get(i)).isNull();
        }
    }

    @Test
    void serverErrorsAreTransientStatuses() {
        for (int code : new int[] {500, 503}) {
            server.enqueue(new MockResponse.Builder().code(code).body("details").build());
            AdapterException e = failure(() -> client.call(none(url(server, "/")), BODY, TIMEOUT));
            assertThat(e.category()).isEqualTo(FailureCategory.HTTPStatus);
            assertThat(e.httpStatus()).isEqualTo(code);
            assertThat(e.retryAfter()).isNull();
            assertThat(e.isTransient()).isTrue();
        }
    }

    @Test
    void slowHeadersTimeOut() {
        server.enqueue(new MockResponse.Builder().headersDelay(1500, TimeUnit.MILLISECONDS).build());
        assertTimesOut(Duration.ofMillis(300));
    }

    @Test
    void slowBodyTimesOut() {
        server.enqueue(new MockResponse.Builder().body("{}").bodyDelay(1500, TimeUnit.MILLISECONDS).build());
        assertTimesOut(Duration.ofMillis(300));
    }

    @Test
    void bodyTricklingPastTheCallTimeoutTimesOut() {
        // Each read is quick, so only the whole-call timeout catches it.
        server.enqueue(new MockResponse.Builder().body("x".repeat(100))
                .throttleBody(10, 100, TimeUnit.MILLISECONDS).build());
        assertTimesOut(Duration.ofMillis(400));
    }

    private void assertTimesOut(Duration timeout) {
        long start = System.nanoTime();
        AdapterException e = failure(() -> client.call(none(url(server, "/")), BODY, timeout));
        assertThat(e.category()).isEqualTo(FailureCategory.Timeout);
        // The whole-call timer and the read timeout have the same length; either may fire first.
        assertThat(e.getMessage()).isIn("no answer from 127.0.0.1 within " + timeout.toMillis() + " ms",
                "no answer from 127.0.0.1 in time");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void closedPortIsConnectionRefused() throws Exception {
        String url = "http://127.0.0.1:" + Upstreams.closedPort() + "/";
        AdapterException e = failure(() -> client.call(none(url), BODY, TIMEOUT));
        assertThat(e.category()).isEqualTo(FailureCategory.ConnectionRefused);
        assertThat(e).hasMessage("connection to 127.0.0.1 refused");
    }

    @Test
    void unresolvableHostIsConnectionRefused() {
        UpstreamClient unresolving = client(LOOPBACK, Clock.systemUTC(), host -> {
            throw new UnknownHostException(host);
        });
        AdapterException e = failure(() -> unresolving.call(none("https://nowhere.test/v1"), BODY, TIMEOUT));
        assertThat(e.category()).isEqualTo(FailureCategory.ConnectionRefused);
        assertThat(e).hasMessage("host nowhere.test does not resolve");
    }

    @Test
    void responseOverTheCapIsTooLarge() throws Exception {
        UpstreamClient small = client(new UpstreamSettings(Duration.ofSeconds(1), 1024, 512,
                LOOPBACK.policy()), Clock.systemUTC(), Dns.SYSTEM);
        server.enqueue(new MockResponse.Builder().body("y".repeat(2048)).build());
        server.enqueue(new MockResponse.Builder().chunkedBody("z".repeat(2048), 100).build());
        server.enqueue(new MockResponse.Builder().body("w".repeat(1024)).build());
        for (int i = 0; i < 2; i++) {
            AdapterException e = failure(() -> small.call(none(url(server, "/")), BODY, TIMEOUT));
            assertThat(e.category()).isEqualTo(FailureCategory.ResponseTooLarge);
            assertThat(e).hasMessage("response from 127.0.0.1 is larger than 1024 bytes");
        }
        assertThat(small.call(none(url(server, "/")), BODY, TIMEOUT).body()).hasSize(1024);
    }

    @Test
    void untrustedCertificateIsTls() {
        HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1")
                .commonName("upstream-test").build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory());
        server.enqueue(new MockResponse.Builder().body("{}").build());
        String url = "https://127.0.0.1:" + server.getPort() + "/";
        AdapterException e = failure(() -> client.call(none(url), BODY, TIMEOUT));
        assertThat(e.category()).isEqualTo(FailureCategory.TLS);
        assertThat(e).hasMessage("TLS with 127.0.0.1 failed");
    }

    @Test
    void gzipIsDecodedAndCappedAfterDecoding() throws Exception {
        UpstreamClient small = client(new UpstreamSettings(Duration.ofSeconds(1), 1024, 512,
                LOOPBACK.policy()), Clock.systemUTC(), Dns.SYSTEM);
        Buffer gzipped = new Buffer();
        try (okio.BufferedSink sink = okio.Okio.buffer(new okio.GzipSink(gzipped))) {
            sink.writeUtf8("a".repeat(100_000));
        }
        server.enqueue(new MockResponse.Builder().setHeader("Content-Encoding", "gzip").body(gzipped).build());
        AdapterException e = failure(() -> small.call(none(url(server, "/")), BODY, TIMEOUT));
        assertThat(e.category()).isEqualTo(FailureCategory.ResponseTooLarge);
    }

    @Test
    void keepsTheConnectionsOfConcurrentCallsForTheNextOnes() throws Exception {
        int concurrent = 16;
        AtomicReference<CountDownLatch> wave = new AtomicReference<>();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                // Answer once the whole wave is in flight, so that each call holds its own connection.
                wave.get().countDown();
                wave.get().await(5, TimeUnit.SECONDS);
                return new MockResponse.Builder().body("{}").build();
            }
        });
        ResolvedEndpoint endpoint = none(url(server, "/"));
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 2; round++) {
                wave.set(new CountDownLatch(concurrent));
                List<Future<UpstreamResponse>> calls = new ArrayList<>();
                for (int i = 0; i < concurrent; i++) {
                    calls.add(callers.submit(() -> client.call(endpoint, BODY, TIMEOUT)));
                }
                for (Future<UpstreamResponse> call : calls) {
                    assertThat(call.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
                }
            }
        }
        List<Integer> connections = new ArrayList<>();
        for (int i = 0; i < 2 * concurrent; i++) {
            connections.add(server.takeRequest(1, TimeUnit.SECONDS).getConnectionIndex());
        }
        assertThat(connections.stream().collect(Collectors.toSet()))
                .as("the second round reuses the first round's connections").hasSize(concurrent);
    }
}
