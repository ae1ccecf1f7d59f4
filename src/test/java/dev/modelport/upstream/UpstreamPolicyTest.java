package dev.modelport.upstream;

import static dev.modelport.upstream.Upstreams.failure;
import static dev.modelport.upstream.Upstreams.none;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The endpoint policy as enforced by the client: on the URL text, at the Dns and at the socket. */
class UpstreamPolicyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = Upstreams.server();
        server.enqueue(new MockResponse.Builder().body("{}").build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String at(String host) {
        return "http://" + host + ":" + server.getPort() + "/v1?key=q-secret";
    }

    private AdapterException refused(UpstreamClient client, String url) {
        AdapterException e = failure(() -> client.call(none(url), "{}", TIMEOUT));
        assertThat(server.getRequestCount()).isZero();
        return e;
    }

    /** IP literals are checked at the socket, which names the address it was about to connect to. */
    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, 127.0.0.1, loopback",
        "127.1.2.3, 127.1.2.3, loopback",
        "127.1, 127.0.0.1, loopback",
        "2130706433, 127.0.0.1, loopback",
        "localhost, localhost, loopback",
        "[::1], 0:0:0:0:0:0:0:1, loopback",
        "[::ffff:127.0.0.1], 127.0.0.1, loopback",
        "[::ffff:a9fe:a9fe], 169.254.169.254, cloud metadata address",
        "169.254.169.254, 169.254.169.254, cloud metadata address",
        "169.254.3.4, 169.254.3.4, link-local",
        "[fe80::1], fe80:0:0:0:0:0:0:1, link-local",
        "[fd00:ec2::254], fd00:ec2:0:0:0:0:0:254, cloud metadata address",
        "0.0.0.0, 0.0.0.0, unspecified",
        "metadata.google.internal, metadata.google.internal, cloud metadata address",
    })
    void refusedByDefaultBeforeAnyByteIsSent(String host, String shownHost, String reason) {
        AdapterException e = refused(new UpstreamClient(UpstreamSettings.DEFAULTS), at(host));
        assertThat(e.category()).isEqualTo(FailureCategory.EndpointNotAllowed);
        assertThat(e).hasMessage("endpoint address of " + shownHost + " is not allowed (" + reason + ")");
    }

    @Test
    void hexSpellingNeverReachesTheServer() {
        // The JDK resolver does not read hex; either way nothing may connect.
        AdapterException e = refused(new UpstreamClient(UpstreamSettings.DEFAULTS), at("0x7f000001"));
        assertThat(e.category()).isIn(FailureCategory.EndpointNotAllowed, FailureCategory.ConnectionRefused);
    }

    @Test
    void loopbackIsAllowedWhenConfigured() throws Exception {
        UpstreamClient client = new UpstreamClient(Upstreams.LOOPBACK);
        assertThat(client.call(none(at("127.0.0.1")), "{}", TIMEOUT).status()).isEqualTo(200);
    }

    @Test
    void allowListedNetworkOverridesTheRefusal() throws Exception {
        UpstreamClient client = new UpstreamClient(UpstreamSettings.DEFAULTS.withPolicy(
                EndpointPolicy.of(false, List.of("127.0.0.0/30"))));
        assertThat(client.call(none(at("127.0.0.1")), "{}", TIMEOUT).status()).isEqualTo(200);
    }

    @Test
    void allowListedHostNameOverridesTheRefusal() throws Exception {
        UpstreamClient client = new UpstreamClient(UpstreamSettings.DEFAULTS.withPolicy(
                EndpointPolicy.of(false, List.of("localhost"))));
        assertThat(client.call(none(at("localhost")), "{}", TIMEOUT).status()).isEqualTo(200);
    }

    @Test
    void nameResolvingToMetadataIsRefusedAtTheDns() throws Exception {
        List<String> lookups = new CopyOnWriteArrayList<>();
        Dns rebinding = host -> {
            lookups.add(host);
            return List.of(InetAddress.getByName("169.254.169.254"));
        };
        UpstreamClient client = new UpstreamClient(UpstreamSettings.DEFAULTS, Clock.systemUTC(), rebinding, null);
        AdapterException e = refused(client, at("innocent.example"));
        assertThat(e.category()).isEqualTo(FailureCategory.EndpointNotAllowed);
        assertThat(e).hasMessage("endpoint address of innocent.example is not allowed (cloud metadata address)");
        assertThat(lookups).containsExactly("innocent.example");
    }

    @Test
    void socketGuardRefusesWhatTheDnsLetThrough() throws Exception {
        // A resolver that escapes the Dns filter (here: the guard is the only check for IP literals).
        PolicySocketFactory sockets = new PolicySocketFactory(EndpointPolicy.DEFAULT);
        AdapterException e = failure(() -> {
            try (var socket = sockets.createSocket()) {
                socket.connect(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.getPort()));
            } catch (EndpointRefusedException refused) {
                throw refused.refusal();
            }
        });
        assertThat(e).hasMessage("endpoint address of 127.0.0.1 is not allowed (loopback)");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void shouldSendSmallWritesAtOnceOnAllowedConnections() throws Exception {
        PolicySocketFactory sockets = new PolicySocketFactory(EndpointPolicy.of(true, List.of()));
        try (var socket = sockets.createSocket()) {
            socket.connect(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.getPort()));
            assertThat(socket.getTcpNoDelay()).as("Nagle off").isTrue();
        }
    }
}
