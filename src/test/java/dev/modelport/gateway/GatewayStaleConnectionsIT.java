package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.testing.StreamBodies;
import dev.modelport.upstream.RawUpstream;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Point 1 of issue 12 through the gateway: connections an endpoint closes after each answer (an in-test HTTP/1.0
 * endpoint, and Python's http.server, the issue's own case), closes as a request arrives, or a middlebox drops while
 * idle never reach the caller of a complete or a streamed call.
 */
@QuarkusTest
@TestProfile(GatewayFaultsTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayStaleConnectionsIT extends GatewayFaultsTestBase {

    /** The middlebox of these tests forgets a connection idle this long; the gateway closes them after 1 s. */
    private static final Duration DROPPED_AFTER = Duration.ofMillis(2500);

    @Test
    void shouldAnswerFiftyOfFiftyCallsOfAnHttp10EndpointThatClosesAfterEachAnswer() throws Exception {
        try (RawUpstream endpoint = endpoint((request, socket, out, type, body) -> RawUpstream.http10(type, body)
                .serve(request, socket, out))) {
            serveAt("http10", endpoint);

            assertFiftyOfFifty("http10");
            assertThat(endpoint.requests()).as("each call reached the endpoint once").isEqualTo(100);
        }
    }

    /** The case as a new user meets it: Python's own http.server, when the machine has Python. */
    @Test
    void shouldAnswerFiftyOfFiftyCallsOfPythonsHttpServer() throws Exception {
        ProcessBuilder server = new ProcessBuilder("python3",
                "src/test/resources/GatewayStaleConnectionsIT/http_server.py")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        server.environment().put("ANSWER", ANSWER);
        server.environment().put("EVENTS", StreamBodies.OPENAI);
        Process python;
        try {
            python = server.start();
        } catch (IOException e) {
            Assumptions.abort("python3 is not installed: " + e.getMessage());
            return;
        }
        try {
            String port = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(port).as("the server's port").matches("\\d+");
            serveAt("python", "http://127.0.0.1:" + port);

            assertFiftyOfFifty("python");
        } finally {
            python.destroy();
            python.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private void assertFiftyOfFifty(String namespace) throws Exception {
        for (int i = 0; i < 50; i++) {
            assertAnswered(complete(namespace), streamed(namespace));
        }
        awaitCount(namespace, "json", "success", 50);
        awaitCount(namespace, "stream", "success", 50);
    }

    @Test
    void shouldSendACallOnceMoreWhenItsPooledConnectionIsClosedAsItArrives() throws Exception {
        try (RawUpstream endpoint = endpoint((request, socket, out, type, body) ->
                RawUpstream.closingReused(type, body, false).serve(request, socket, out))) {
            serveAt("closing", endpoint);
            double complete = staleRetries("complete");
            double streamed = staleRetries("streamed");

            // Complete and streamed calls share one pool: two calls of each kind, each pair on its own connection.
            Answer firstComplete = complete("closing");
            Answer secondComplete = complete("closing");
            Answer firstStreamed = streamed("closing");
            assertAnswered(firstComplete, firstStreamed);
            assertAnswered(secondComplete, streamed("closing"));

            assertThat(endpoint.connections()).as("each kind of call: the pooled connection, then a new one")
                    .isEqualTo(4);
            assertThat(staleRetries("complete") - complete).isEqualTo(1);
            assertThat(staleRetries("streamed") - streamed).isEqualTo(1);
            awaitCount("closing", "json", "success", 2);
            awaitCount("closing", "stream", "success", 2);
        }
    }

    @Test
    void shouldNotUseAConnectionAMiddleboxDropsWhileIdle() throws Exception {
        try (RawUpstream endpoint = endpoint((request, socket, out, type, body) ->
                request.idle().compareTo(DROPPED_AFTER) >= 0 ? RawUpstream.holdSilent(socket)
                        : RawUpstream.answer(out, "HTTP/1.1", type, body))) {
            serveAt("idle", endpoint);
            assertAnswered(complete("idle"), streamed("idle"));
            await("the middlebox forgot the idle connections",
                    () -> endpoint.sinceLastAnswer().compareTo(DROPPED_AFTER.plusMillis(100)) > 0);

            assertAnswered(complete("idle"), streamed("idle"));

            assertThat(endpoint.connections()).as("complete and streamed calls share one pooled connection, and "
                    + "the calls after the pause a new one").isEqualTo(2);
            assertThat(endpoint.closedByClient()).as("the gateway closed the idle connection").isEqualTo(1);
            awaitCount("idle", "json", "success", 2);
            awaitCount("idle", "stream", "success", 2);
        }
    }
}
