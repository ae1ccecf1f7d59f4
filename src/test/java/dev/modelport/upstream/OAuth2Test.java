package dev.modelport.upstream;

import dev.modelport.testing.MutableClock;
import static dev.modelport.upstream.Upstreams.LOOPBACK;
import static dev.modelport.upstream.Upstreams.failure;
import static dev.modelport.upstream.Upstreams.oauth2;
import static dev.modelport.upstream.Upstreams.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A token endpoint and a model endpoint on one server; the model accepts only the tokens listed as valid. */
class OAuth2Test {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final UpstreamClient client = new UpstreamClient(LOOPBACK, clock, Upstreams.VERTX);
    private final AtomicInteger issued = new AtomicInteger();
    private final List<RecordedRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<String> modelTokens = new CopyOnWriteArrayList<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private volatile String tokenAnswer = "{\"access_token\":\"tok-%d\",\"token_type\":\"Bearer\",\"expires_in\":120}";
    private volatile int tokenStatus = 200;
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = Upstreams.server();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getUrl().encodedPath().equals("/token")) {
                    tokenRequests.add(request);
                    String body = tokenAnswer.formatted(issued.incrementAndGet());
                    return new MockResponse.Builder().code(tokenStatus).body(body).build();
                }
                String token = request.getHeaders().get("Authorization").substring("Bearer ".length());
                modelTokens.add(token);
                String answer = "text/event-stream".equals(request.getHeaders().get("Accept")) ? "data: ok\n\n" : "{}";
                return new MockResponse.Builder().code(validTokens.contains(token) ? 200 : 401).body(answer).build();
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ResolvedEndpoint endpoint(List<String> scopes) {
        return oauth2(url(server, "/model"), url(server, "/token"), "c-secret", scopes);
    }

    private void call(ResolvedEndpoint endpoint) throws AdapterException {
        assertThat(client.call(endpoint, "{}", TIMEOUT).status()).isEqualTo(200);
    }

    private static Map<String, String> form(RecordedRequest request) {
        Map<String, String> form = new HashMap<>();
        for (String pair : request.getBody().utf8().split("&")) {
            String[] parts = pair.split("=", 2);
            form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return form;
    }

    @Test
    void tokenIsFetchedOnceAndSentAsBearer() throws Exception {
        validTokens.add("tok-1");
        ResolvedEndpoint endpoint = endpoint(List.of("read", "write"));
        call(endpoint);
        call(endpoint);
        call(endpoint);
        assertThat(tokenRequests).hasSize(1);
        assertThat(modelTokens).containsExactly("tok-1", "tok-1", "tok-1");
        RecordedRequest tokenRequest = tokenRequests.get(0);
        assertThat(tokenRequest.getMethod()).isEqualTo("POST");
        assertThat(tokenRequest.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(tokenRequest.getHeaders().get("Accept")).isEqualTo("application/json");
        assertThat(form(tokenRequest)).isEqualTo(Map.of("grant_type", "client_credentials", "client_id", "client",
                "client_secret", "c-secret", "scope", "read write"));
    }

    @Test
    void noScopeParameterWithoutScopes() throws Exception {
        validTokens.add("tok-1");
        call(endpoint(List.of()));
        assertThat(form(tokenRequests.get(0))).doesNotContainKey("scope");
    }

    @Test
    void tokenIsRefreshedShortlyBeforeExpiry() throws Exception {
        validTokens.addAll(List.of("tok-1", "tok-2"));
        ResolvedEndpoint endpoint = endpoint(List.of());
        call(endpoint);
        // expires_in 120: the margin is 10% (12 s), below the 60 s maximum.
        clock.advance(Duration.ofSeconds(107));
        call(endpoint);
        clock.advance(Duration.ofSeconds(2));
        call(endpoint);
        assertThat(modelTokens).containsExactly("tok-1", "tok-1", "tok-2");
    }

    @Test
    void longLivedTokenIsRefreshedSixtySecondsBeforeExpiry() throws Exception {
        tokenAnswer = "{\"access_token\":\"tok-%d\",\"expires_in\":\"3600\"}";
        validTokens.addAll(List.of("tok-1", "tok-2"));
        ResolvedEndpoint endpoint = endpoint(List.of());
        call(endpoint);
        clock.advance(Duration.ofSeconds(3539));
        call(endpoint);
        clock.advance(Duration.ofSeconds(2));
        call(endpoint);
        assertThat(modelTokens).containsExactly("tok-1", "tok-1", "tok-2");
    }

    @Test
    void rejectedTokenIsReplacedOnceAndTheCallRetried() throws Exception {
        validTokens.add("tok-2");
        call(endpoint(List.of()));
        assertThat(modelTokens).containsExactly("tok-1", "tok-2");
        assertThat(tokenRequests).hasSize(2);
    }

    @Test
    void streamedCallReplacesARejectedTokenOnceToo() throws Exception {
        validTokens.add("tok-2");
        List<String> events = new CopyOnWriteArrayList<>();
        client.stream(endpoint(List.of()), "{}", TIMEOUT, Upstreams.eventLoop()).run((name, data) -> events.add(data));
        assertThat(events).containsExactly("ok");
        assertThat(modelTokens).containsExactly("tok-1", "tok-2");
        assertThat(tokenRequests).hasSize(2);

        modelTokens.clear();
        validTokens.clear();
        AdapterException e = failure(() -> client.stream(endpoint(List.of()), "{}", TIMEOUT, Upstreams.eventLoop())
                .run((name, data) -> events.add(data)));
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(modelTokens).containsExactly("tok-2", "tok-3");
    }

    @Test
    void secondRejectionIsReported() {
        AdapterException e = failure(() -> client.call(endpoint(List.of()), "{}", TIMEOUT));
        assertThat(e.category()).isEqualTo(FailureCategory.HTTPStatus);
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(modelTokens).containsExactly("tok-1", "tok-2");
    }

    @Test
    void rotatedClientSecretGetsItsOwnToken() throws Exception {
        validTokens.addAll(List.of("tok-1", "tok-2"));
        call(endpoint(List.of()));
        call(oauth2(url(server, "/model"), url(server, "/token"), "c-secret-rotated", List.of()));
        assertThat(modelTokens).containsExactly("tok-1", "tok-2");
    }

    @Test
    void tokenEndpointStatusIsReportedAndTheModelIsNotCalled() {
        tokenStatus = 400;
        AdapterException e = failure(() -> client.call(endpoint(List.of()), "{}", TIMEOUT));
        assertThat(e.category()).isEqualTo(FailureCategory.HTTPStatus);
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e).hasMessage("token endpoint 127.0.0.1 answered HTTP 400");
        assertThat(modelTokens).isEmpty();
    }

    @Test
    void tokenAnswerWithoutAccessTokenIsInvalidJson() {
        for (String answer : List.of("{\"token\":\"x%d\"}", "not json %d", "{\"access_token\":%d}")) {
            tokenAnswer = answer;
            AdapterException e = failure(() -> client.call(endpoint(List.of()), "{}", TIMEOUT));
            assertThat(e.category()).isEqualTo(FailureCategory.InvalidJson);
            assertThat(e).hasMessage("token endpoint 127.0.0.1 answered without an access_token").hasNoCause();
        }
    }

    @Test
    void tokenEndpointIsUnderTheEndpointPolicy() {
        for (String tokenUrl : List.of("http://169.254.169.254/token", "http://metadata.google.internal/token")) {
            ResolvedEndpoint endpoint = oauth2(url(server, "/model"), tokenUrl, "c-secret", List.of());
            AdapterException e = failure(() -> client.call(endpoint, "{}", TIMEOUT));
            assertThat(e.category()).isEqualTo(FailureCategory.EndpointNotAllowed);
            assertThat(e.getMessage()).endsWith("is not allowed (cloud metadata address)");
        }
        assertThat(server.getRequestCount()).isZero();
    }
}
