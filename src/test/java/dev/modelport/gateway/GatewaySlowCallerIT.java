package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.Phase;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A caller that reads nothing of an endless, fast stream (here for 1 s, the profile's caller read timeout) is cut
 * off, and the upstream call is cancelled with it, instead of the gateway reading the endpoint for a caller that is
 * not there.
 */
@QuarkusTest
@TestProfile(GatewaySlowCallerTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewaySlowCallerIT extends GatewayTestBase {

    @Inject
    MeterRegistry meters;

    @Test
    void shouldCutOffACallerThatReadsNothingAndCancelTheUpstream() throws Exception {
        try (StreamingUpstream streams = new StreamingUpstream()) {
            secret("slow", TOKEN);
            serve("slow", provider("endless", "OpenAIChatCompletions", "/endless-stream")
                    .replace(upstream.url("/endless-stream"), streams.url("/endless-fast")), Phase.InferenceEnabled);
            awaitServed("slow", "endless");

            try (Socket caller = new Socket()) {
                caller.setReceiveBufferSize(16 * 1024);
                caller.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
                String body = "{\"model\": \"slow/endless\", \"stream\": true, "
                        + "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
                caller.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.UTF_8));

                assertThat(streams.hungUp(WAIT)).as("the upstream call cancelled").isTrue();
                long sent = streams.sent();
                assertThat(sent).as("what the endpoint wrote before the gateway held it back").isLessThan(8 << 20);

                caller.setSoTimeout((int) WAIT.toMillis());
                assertThat(drain(caller.getInputStream())).as("what the caller could still read").isLessThan(sent);
            }
            await("the outcome counted", () -> {
                var counter = meters.find("modelport_gateway_requests_total").tags("namespace", "slow",
                        "model", "endless", "api", "chat", "outcome", "caller_not_reading").counter();
                return counter != null && counter.count() == 1;
            });
        }
    }

    /** Reads until the gateway's end of the connection (a reset counts as one); returns the bytes read. */
    static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long read = 0;
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read += n;
            }
        } catch (java.net.SocketException reset) {
            // The gateway reset the connection: that is the cut-off.
        }
        return read;
    }
}
