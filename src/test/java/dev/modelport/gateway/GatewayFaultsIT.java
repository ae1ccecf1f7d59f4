package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.upstream.RawUpstream;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Faults of an endpoint that reach the caller, each seen through the gateway by a complete and a streamed call with
 * the metrics it leaves: a reset in the middle of the body, a 503 with Retry-After, a hang after the headers and a
 * body over the cap. None is sent again: the answer had begun, or was an answer.
 */
@QuarkusTest
@TestProfile(GatewayFaultsTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayFaultsIT extends GatewayFaultsTestBase {

    @Test
    void shouldAnswer502WhenTheEndpointResetsTheConnectionInTheMiddleOfTheBody() throws Exception {
        try (RawUpstream endpoint = endpoint((request, socket, out, type, body) -> {
            String part = type.equals(JSON) ? body.substring(0, 12) : body.substring(0, body.indexOf("data:", 1));
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: 100000\r\n\r\n" + part)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            RawUpstream.end(socket, true);
            return false;
        })) {
            serveAt("reset", endpoint);
            double complete = staleRetries("complete");
            double streamed = staleRetries("streamed");

            assertFailed(complete("reset"), 502, "ConnectionFailed");
            assertStreamFailed(streamed("reset"), "hel", "ConnectionFailed");

            assertThat(endpoint.requests()).as("never sent again once the answer began").isEqualTo(2);
            assertThat(staleRetries("complete") - complete).isZero();
            assertThat(staleRetries("streamed") - streamed).isZero();
            awaitCount("reset", "json", "ConnectionFailed", 1);
            awaitCount("reset", "stream", "ConnectionFailed", 1);
        }
    }

    @Test
    void shouldAnswer502WithoutTheBodyWhenTheEndpointAnswers503WithRetryAfter() throws Exception {
        try (RawUpstream endpoint = endpoint((request, socket, out, type, body) -> {
            byte[] error = "{\"error\": \"overloaded, secret-upstream-detail\"}".getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 3\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + error.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(error);
            return true;
        })) {
            serveAt("unavailable", endpoint);

            for (Answer answer : new Answer[] {complete("unavailable"), streamed("unavailable")}) {
                assertFailed(answer, 502, "HTTPStatus");
                assertThat(answer.error().path("message").asText()).contains("endpoint answered HTTP 503");
            }

            assertThat(endpoint.requests()).as("not retried: no retry policy is set").isEqualTo(2);
            awaitCount("unavailable", "json", "HTTPStatus", 1);
            awaitCount("unavailable", "stream", "HTTPStatus", 1);
        }
    }

    @Test
    void shouldAnswer504AndCloseTheConnectionWhenTheEndpointHangsAfterTheHeaders() throws Exception {
        CountDownLatch closed = new CountDownLatch(2);
        try (RawUpstream endpoint = endpoint((request, socket, out, type, body) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: 100000\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            RawUpstream.holdSilent(socket);
            closed.countDown();
            return false;
        })) {
            serveAt("hang", endpoint);

            long start = System.nanoTime();
            assertFailed(complete("hang"), 504, "Timeout");
            assertFailed(streamed("hang"), 504, "Timeout");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the 1 s upstream timeout, twice")
                    .isLessThan(Duration.ofSeconds(4));
            assertThat(closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the gateway closed both connections")
                    .isTrue();
            awaitCount("hang", "json", "Timeout", 1);
            awaitCount("hang", "stream", "Timeout", 1);
        }
    }

    @Test
    void shouldAnswer502WhenTheEndpointsAnswerIsLargerThanTheCap() throws Exception {
        try (RawUpstream endpoint = endpoint((request, socket, out, type, body) -> {
            // 9 MiB of JSON against the 8 MiB cap; one event of 1.1 MiB against the 1 MiB cap of an event.
            int size = type.equals(JSON) ? 9 << 20 : 1_100_000;
            String head = type.equals(JSON) ? "{\"result\": {\"text\": \"" : "data: {\"pad\": \"";
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + (head.length() + size)
                    + "\r\n\r\n" + head).getBytes(StandardCharsets.ISO_8859_1));
            byte[] block = "x".repeat(64 << 10).getBytes(StandardCharsets.ISO_8859_1);
            for (int written = 0; written < size; written += block.length) {
                out.write(block, 0, Math.min(block.length, size - written));
            }
            return true;
        })) {
            serveAt("large", endpoint);

            assertFailed(complete("large"), 502, "ResponseTooLarge");
            assertFailed(streamed("large"), 502, "ResponseTooLarge");

            awaitCount("large", "json", "ResponseTooLarge", 1);
            awaitCount("large", "stream", "ResponseTooLarge", 1);
        }
    }
}
