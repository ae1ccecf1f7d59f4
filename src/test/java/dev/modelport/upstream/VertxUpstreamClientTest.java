package dev.modelport.upstream;

import static dev.modelport.upstream.Upstreams.LOOPBACK;
import static dev.modelport.upstream.Upstreams.none;
import static dev.modelport.upstream.Upstreams.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.AnswerFormat;
import dev.modelport.api.v1alpha1.AuthorizationType;
import io.vertx.core.Context;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.Dns;
import org.junit.jupiter.api.Test;

/**
 * Every case of {@link UpstreamClientTest} for complete calls made on a Vert.x event loop, as the roles make them;
 * and the calls the gateway makes without blocking ({@link UpstreamClient#callNow}).
 */
class VertxUpstreamClientTest extends UpstreamClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final byte[] BODY = "{\"prompt\":\"hi\"}".getBytes(StandardCharsets.UTF_8);

    @Override
    UpstreamClient client(UpstreamSettings settings, Clock clock, Dns resolver) {
        return new UpstreamClient(settings, clock, resolver, Upstreams.VERTX);
    }

    @Override
    List<String> clientHeaders() {
        return List.of("host", "content-length", "accept-encoding");
    }

    @Test
    void anAddressIsKnownWithoutBlockingForAnIpLiteralOrANameLookedUpForAnEarlierCall() throws Exception {
        UpstreamClient client = client(LOOPBACK, Clock.systemUTC(), Dns.SYSTEM);
        String byName = "http://localhost:" + server.getPort() + "/v1";
        assertThat(client.addressNow(url(server, "/v1"), AuthorizationType.Bearer)).isPresent();
        assertThat(client.addressNow(byName, AuthorizationType.None)).as("not looked up yet").isEmpty();
        server.enqueue(new MockResponse.Builder().body("{}").build());
        client.call(none(byName), "{}", TIMEOUT);
        assertThat(client.addressNow(byName, AuthorizationType.None)).isPresent();
        assertThat(client.addressNow(url(server, "/v1"), AuthorizationType.OAuth2ClientCredentials))
                .as("a token may have to be fetched first").isEmpty();
        assertThat(new UpstreamClient(LOOPBACK).addressNow(url(server, "/v1"), AuthorizationType.None))
                .as("a client without Vert.x").isEmpty();
    }

    @Test
    void aCallMadeWithoutBlockingCompletesOnItsEventLoopWithTheAnswerOrTheFailure() throws Exception {
        UpstreamClient client = client(LOOPBACK, Clock.systemUTC(), Dns.SYSTEM);
        InetAddress address = client.addressNow(url(server, "/"), AuthorizationType.None).orElseThrow();
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("{\"a\":1}")
                .build());
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3").build());

        UpstreamResponse answer = callNow(client, address).get(5, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getBody().utf8()).isEqualTo("{\"prompt\":\"hi\"}");

        CompletableFuture<UpstreamResponse> refused = callNow(client, address);
        assertThat(refused).failsWithin(5, TimeUnit.SECONDS).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(429);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
                });
    }

    /** Calls from an event loop; the future fails when the answer completes on another thread. */
    private CompletableFuture<UpstreamResponse> callNow(UpstreamClient client, InetAddress address) {
        Context loop = Upstreams.eventLoop();
        CompletableFuture<UpstreamResponse> result = new CompletableFuture<>();
        loop.runOnContext(ignored -> client.callNow(none(url(server, "/")), address, BODY, "application/json",
                TIMEOUT, null, AnswerFormat.PROVIDER, loop).whenComplete((response, failure) -> {
                    if (!Context.isOnEventLoopThread()) {
                        result.completeExceptionally(new AssertionError("completed off the event loop"));
                    } else if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(response);
                    }
                }));
        return result;
    }
}
