package dev.modelport.upstream;

import static dev.modelport.upstream.Upstreams.LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.adapter.AdapterException;
import dev.modelport.api.v1alpha1.AuthorizationType;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.testing.Secrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs the failure scenarios with recognisable secrets everywhere (credentials, header values, the URL query, the
 * OAuth2 token, answers that echo them) and checks that no message, toString or stack trace of any exception in
 * the chain shows one.
 */
class SecretLeakTest extends MockServerTest {

    private static final String TOKEN = "t-SECRET-token";
    private static final String API_KEY = "k-SECRET-apikey";
    private static final String PASSWORD = "p-SECRET-password";
    private static final String CLIENT_SECRET = "c-SECRET-client";
    private static final String HEADER_SECRET = "h-SECRET-header";
    private static final String HEADER_LITERAL = "l-SECRET-literal";
    private static final String QUERY = "q-SECRET-query";
    private static final String ACCESS_TOKEN = "a-SECRET-access";
    private static final String ECHO = TOKEN + API_KEY + PASSWORD + CLIENT_SECRET + HEADER_SECRET + HEADER_LITERAL
            + QUERY + ACCESS_TOKEN;
    private static final List<String> SECRETS = List.of(TOKEN, API_KEY, PASSWORD, CLIENT_SECRET, HEADER_SECRET,
            HEADER_LITERAL, QUERY, ACCESS_TOKEN, "SECRET",
            Base64.getEncoder().encodeToString(("user:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final List<Throwable> failures = new ArrayList<>();
    private final List<String> renderings = new ArrayList<>();
    private final UpstreamClient client = new UpstreamClient(LOOPBACK);
    private final UpstreamClient small = Upstreams.client(new UpstreamSettings(Duration.ofSeconds(1), 4096, 64,
            LOOPBACK.policy()));

    private String url(String host) {
        return "http://" + host + ":" + server.getPort() + "/v1/chat?key=" + QUERY;
    }

    private ResolvedEndpoint endpoint(String url, AuthorizationType type) {
        List<ResolvedHeader> headers = List.of(new ResolvedHeader("X-Org", HEADER_SECRET),
                new ResolvedHeader("X-Lit", HEADER_LITERAL));
        Map<String, String> credentials = Map.of("token", TOKEN, "apiKey", API_KEY, "username", "user",
                "password", PASSWORD);
        return new ResolvedEndpoint(url, type, "x-api-key", null, null, credentials, headers, "hash");
    }

    private ResolvedEndpoint oauth2() {
        return Upstreams.oauth2(url("127.0.0.1"), "http://127.0.0.1:" + server.getPort() + "/token?key=" + QUERY,
                CLIENT_SECRET, List.of());
    }

    private void expectFailure(Executable scenario) {
        failures.add(Upstreams.failure(scenario));
    }

    private MockResponse echo(int code) {
        return new MockResponse.Builder().code(code).setHeader("X-Echo", ECHO).body(ECHO.repeat(100)).build();
    }

    /** An error object, as an endpoint answers, that repeats a secret of the request. */
    private MockResponse echoedErrorObject(int code, String secret) {
        return new MockResponse.Builder().code(code).body("{\"error\": {\"message\": \"rejected " + secret
                + "\", \"type\": \"invalid_request_error\", \"code\": \"bad_key\"}}").build();
    }

    @Test
    void noFailureShowsASecret() throws Exception {
        credentialScenarios();
        statusScenarios();
        networkScenarios();
        oauth2Scenarios();
        streamScenarios();

        assertThat(failures).hasSizeGreaterThan(20);
        for (Throwable failure : failures) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            renderings.add(failure.toString());
            renderings.add(trace.toString());
            if (failure instanceof AdapterException e && e.providerError() != null) {
                renderings.add(e.providerError().type() + " " + e.providerError().code() + " "
                        + e.providerError().message());
            }
        }
        for (String rendering : renderings) {
            assertThat(rendering).doesNotContain(SECRETS);
        }
    }

    private void credentialScenarios() {
        Secret missingKeys = Secrets.labelled("llm", Map.of("wrongKey", TOKEN, "other", PASSWORD));
        // Every value refused: empty, or with a control character around a secret.
        Map<String, String> refused = new HashMap<>(Map.of("token", TOKEN + "\n\n", "apiKey", "\t" + API_KEY,
                "username", "", "password", PASSWORD + "\r", "clientId", "\u0000" + CLIENT_SECRET,
                "clientSecret", CLIENT_SECRET + "\nX"));
        refused.put("missing", HEADER_SECRET + "\u007f");
        Secret badValues = Secrets.labelled("llm", refused);
        Secret unlabelled = new SecretBuilder(missingKeys).editMetadata().withLabels(null).endMetadata()
                .withStringData(Map.of("token", TOKEN)).build();
        Secret serviceAccountToken = new SecretBuilder(missingKeys).withType("kubernetes.io/service-account-token")
                .withStringData(Map.of("token", TOKEN)).build();
        for (Secret secret : List.of(missingKeys, badValues, unlabelled, serviceAccountToken)) {
            for (AuthorizationType type : AuthorizationType.values()) {
                ExternalModelSpec spec = CredentialResolverTest.spec(type, "llm");
                spec.endpoint = url("127.0.0.1");
                spec.headers = List.of(CredentialResolverTest.fromSecret("X-Org", "llm", "missing"),
                        CredentialResolverTest.literal("X-Lit", HEADER_LITERAL));
                expectFailure(() -> CredentialResolver.resolve(spec, name -> secret));
            }
        }
        renderings.add(endpoint(url("127.0.0.1"), AuthorizationType.Basic).toString());
    }

    private void statusScenarios() throws Exception {
        for (AuthorizationType type : List.of(AuthorizationType.Bearer, AuthorizationType.ApiKey,
                AuthorizationType.Basic)) {
            for (int code : new int[] {302, 400, 401, 429, 500}) {
                server.enqueue(echo(code));
                expectFailure(() -> client.call(endpoint(url("127.0.0.1"), type), ECHO, TIMEOUT));
            }
            // One secret at a time: the error object of a 4xx is kept unless it repeats one.
            List<String> sent = new ArrayList<>(List.of(TOKEN, API_KEY, PASSWORD, HEADER_SECRET, HEADER_LITERAL, QUERY));
            if (type == AuthorizationType.Basic) {
                sent.add(SECRETS.getLast());
            }
            for (String secret : sent) {
                server.enqueue(echoedErrorObject(400, secret));
                expectFailure(() -> client.call(endpoint(url("127.0.0.1"), type), ECHO, TIMEOUT));
            }
        }
        server.enqueue(new MockResponse.Builder().body("{}").build());
        renderings.add(client.call(endpoint(url("127.0.0.1"), AuthorizationType.Bearer), ECHO, TIMEOUT).toString());
        ResolvedEndpoint badHeader = new ResolvedEndpoint(url("127.0.0.1"), AuthorizationType.None, null, null, null,
                Map.of(), List.of(new ResolvedHeader("X-Org", HEADER_SECRET + "\r\nX-Injected: 1")), "hash");
        expectFailure(() -> client.call(badHeader, ECHO, TIMEOUT));
    }

    private void networkScenarios() throws Exception {
        ResolvedEndpoint bearer = endpoint(url("127.0.0.1"), AuthorizationType.Bearer);
        server.enqueue(new MockResponse.Builder().body(ECHO).headersDelay(1, TimeUnit.SECONDS).build());
        expectFailure(() -> client.call(bearer, ECHO, Duration.ofMillis(200)));
        server.enqueue(new MockResponse.Builder().body(ECHO.repeat(100)).build());
        expectFailure(() -> small.call(bearer, ECHO, TIMEOUT));
        server.enqueue(new MockResponse.Builder().body(ECHO.repeat(10)).onResponseBody(SocketEffect.ShutdownConnection
                .INSTANCE).build());
        expectFailure(() -> client.call(bearer, ECHO, TIMEOUT));
        expectFailure(() -> new UpstreamClient(UpstreamSettings.DEFAULTS).call(bearer, ECHO, TIMEOUT));
        expectFailure(() -> new UpstreamClient(UpstreamSettings.DEFAULTS)
                .call(endpoint(url("localhost"), AuthorizationType.Bearer), ECHO, TIMEOUT));
        expectFailure(() -> new UpstreamClient(UpstreamSettings.DEFAULTS)
                .call(endpoint(url("metadata.google.internal"), AuthorizationType.Bearer), ECHO, TIMEOUT));
        String closed = "http://127.0.0.1:" + Upstreams.closedPort() + "/v1?key=" + QUERY;
        expectFailure(() -> client.call(endpoint(closed, AuthorizationType.Bearer), ECHO, TIMEOUT));
        UpstreamClient unresolving = new UpstreamClient(LOOPBACK, Clock.systemUTC(), host -> {
            throw new UnknownHostException(host);
        }, null);
        expectFailure(() -> unresolving.call(endpoint(url("nowhere.test"), AuthorizationType.Bearer), ECHO, TIMEOUT));
        expectFailure(() -> client.call(endpoint("not a url?key=" + QUERY, AuthorizationType.Bearer), ECHO, TIMEOUT));
        try (MockWebServer tls = Upstreams.server()) {
            HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").build();
            tls.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory());
            String url = "https://127.0.0.1:" + tls.getPort() + "/v1?key=" + QUERY;
            expectFailure(() -> client.call(endpoint(url, AuthorizationType.Bearer), ECHO, TIMEOUT));
        }
    }

    /** Each scenario with a new client, so no token is cached from the one before. */
    private void oauth2Scenarios() {
        server.enqueue(echo(400));
        expectFailure(() -> new UpstreamClient(LOOPBACK).call(oauth2(), ECHO, TIMEOUT));
        server.enqueue(new MockResponse.Builder().body("{\"access_token\":\"" + ACCESS_TOKEN + "\",").build());
        expectFailure(() -> new UpstreamClient(LOOPBACK).call(oauth2(), ECHO, TIMEOUT));
        String token = "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":60}";
        server.enqueue(new MockResponse.Builder().body(token).build());
        server.enqueue(echo(401));
        server.enqueue(new MockResponse.Builder().body(token).build());
        server.enqueue(echo(401));
        expectFailure(() -> new UpstreamClient(LOOPBACK).call(oauth2(), ECHO, TIMEOUT));
        server.enqueue(new MockResponse.Builder().body(token).build());
        server.enqueue(echoedErrorObject(400, ACCESS_TOKEN));
        expectFailure(() -> new UpstreamClient(LOOPBACK).call(oauth2(), ECHO, TIMEOUT));
        server.enqueue(new MockResponse.Builder().body(token).build());
        server.enqueue(echoedErrorObject(400, CLIENT_SECRET));
        expectFailure(() -> new UpstreamClient(LOOPBACK).call(oauth2(), ECHO, TIMEOUT));
        server.enqueue(new MockResponse.Builder().body(token.replace(ACCESS_TOKEN, ACCESS_TOKEN + "\\n")).build());
        expectFailure(() -> new UpstreamClient(LOOPBACK).call(oauth2(), ECHO, TIMEOUT));
    }

    private void streamScenarios() {
        ResolvedEndpoint bearer = endpoint(url("127.0.0.1"), AuthorizationType.Bearer);
        server.enqueue(new MockResponse.Builder().body("data: " + ECHO + ECHO + "\n\n").build());
        expectFailure(() -> small.stream(bearer, ECHO, TIMEOUT, Upstreams.eventLoop()).run((name, data) -> { }));
        server.enqueue(echo(500));
        expectFailure(() -> small.stream(bearer, ECHO, TIMEOUT, Upstreams.eventLoop()).run((name, data) -> { }));
        server.enqueue(echoedErrorObject(400, TOKEN));
        expectFailure(() -> small.stream(bearer, ECHO, TIMEOUT, Upstreams.eventLoop()).run((name, data) -> { }));
        server.enqueue(echoedErrorObject(400, QUERY));
        expectFailure(() -> small.stream(bearer, ECHO, TIMEOUT, Upstreams.eventLoop()).run((name, data) -> { }));
        server.enqueue(new MockResponse.Builder().body("data: x\n\n" + ": padding\n".repeat(20_000)).build());
        UpstreamStream cancelled = small.stream(bearer, ECHO, TIMEOUT, Upstreams.eventLoop());
        expectFailure(() -> cancelled.run((name, data) -> cancelled.cancel()));
    }
}
