package dev.modelport.upstream;

import static dev.modelport.upstream.Upstreams.failure;
import static dev.modelport.upstream.Upstreams.none;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The endpoint policy as both clients enforce it, complete calls (OkHttp) and streamed calls (Vert.x), on the
 * addresses their resolver returns. The resolver is the clients' injected one, answering from a table: no real DNS,
 * and no address but 127.0.0.1 is ever connected to, so a refused address must be refused before any connection
 * (a connection attempt would fail with another category). The one server is a MockWebServer on 127.0.0.1, which
 * the allowed cases reach through the allow list.
 */
class UpstreamPolicyMatrixTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String SERVER_ADDRESS = "127.0.0.1";

    /** Every optional refusal on: the private ranges and a cluster's Service and Pod CIDRs. */
    private static final EndpointPolicy CLOUD = cloud();

    /** The two clients, called the way the operator's test and the gateway call them. */
    enum Client {
        BLOCKING {
            @Override
            void call(UpstreamClient client, ResolvedEndpoint endpoint) throws AdapterException {
                client.call(endpoint, "{}", TIMEOUT);
            }
        },
        STREAMING {
            @Override
            void call(UpstreamClient client, ResolvedEndpoint endpoint) throws AdapterException {
                client.stream(endpoint, "{}", TIMEOUT, Upstreams.eventLoop()).run((name, data) -> { });
            }
        };

        abstract void call(UpstreamClient client, ResolvedEndpoint endpoint) throws AdapterException;
    }

    private MockWebServer server;
    private final List<String> lookups = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = Upstreams.server();
        for (int i = 0; i < 2; i++) {
            // A new connection per call: the second call of the rebinding case must resolve again, as it would
            // once an idle connection has been closed.
            server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                    .setHeader("Connection", "close").body("data: {}\n\n").build());
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Stream<Arguments> refusedByDefault() {
        return cases(
                row("localhost.test", "loopback", SERVER_ADDRESS),
                row("v6-localhost.test", "loopback", "::1"),
                row("mapped-localhost.test", "loopback", "::ffff:127.0.0.1"),
                row("imds.test", "cloud metadata address", "169.254.169.254"),
                row("alibaba-metadata.test", "cloud metadata address", "100.100.100.200"),
                row("aws-v6-metadata.test", "cloud metadata address", "fd00:ec2::254"),
                row("mapped-metadata.test", "cloud metadata address", "::ffff:169.254.169.254"),
                row("nat64-metadata.test", "cloud metadata address", "64:ff9b::a9fe:a9fe"),
                row("mapped-alibaba.test", "cloud metadata address", "::ffff:100.100.100.200"),
                row("link-local.test", "link-local", "169.254.7.7"),
                row("v6-link-local.test", "link-local", "fe80::7"),
                row("mapped-link-local.test", "link-local", "::ffff:169.254.7.7"),
                row("zero.test", "unspecified", "0.0.0.0"),
                row("v6-zero.test", "unspecified", "::"),
                row("mdns.test", "multicast", "224.0.0.251"),
                row("v6-multicast.test", "multicast", "ff02::fb"),
                row("mapped-multicast.test", "multicast", "::ffff:239.255.255.250"),
                row("every-answer-refused.test", "cloud metadata address", "169.254.169.254", "::1", "224.0.0.1"));
    }

    static Stream<Arguments> refusedWhenConfigured() {
        return cases(
                row("kubernetes.default.svc.cluster.local", "cluster Service CIDR", "10.96.0.1"),
                row("mapped-service.test", "cluster Service CIDR", "::ffff:10.96.0.10"),
                row("10-244-1-5.pod.test", "cluster Pod CIDR", "10.244.1.5"),
                row("rfc1918-a.test", "private range refused by upstream.refusePrivate", "10.1.2.3"),
                row("rfc1918-b.test", "private range refused by upstream.refusePrivate", "172.16.5.4"),
                row("rfc1918-c.test", "private range refused by upstream.refusePrivate", "192.168.1.1"),
                row("cgnat.test", "private range refused by upstream.refusePrivate", "100.64.0.1"),
                row("ula.test", "private range refused by upstream.refusePrivate", "fd12::1"),
                row("mapped-private.test", "private range refused by upstream.refusePrivate", "::ffff:192.168.1.1"),
                row("still-metadata.test", "cloud metadata address", "100.100.100.200"));
    }

    /** Hosts refused without a lookup: IP literals and the metadata services' names. */
    static Stream<Arguments> refusedAsWritten() {
        return cases(
                row("169.254.169.254", "cloud metadata address"),
                row("100.100.100.200", "cloud metadata address"),
                row("[fd00:ec2::254]", "cloud metadata address"),
                row("[::ffff:a9fe:a9fe]", "cloud metadata address"),
                row("169.254.1.1", "link-local"),
                row("224.0.0.1", "multicast"),
                row("[ff02::1]", "multicast"),
                row(SERVER_ADDRESS, "loopback"),
                row("metadata.google.internal", "cloud metadata address"));
    }

    @ParameterizedTest(name = "{0}: {1} -> {3}")
    @MethodSource("refusedByDefault")
    void shouldRefuseByDefaultAfterResolvingBeforeConnecting(Client via, String host, List<String> answer,
            String reason) {
        assertRefused(via, EndpointPolicy.DEFAULT, host, answer, reason);
    }

    @ParameterizedTest(name = "{0}: {1} -> {3}")
    @MethodSource("refusedWhenConfigured")
    void shouldRefuseTheClusterAndPrivateRangesWhenConfigured(Client via, String host, List<String> answer,
            String reason) {
        assertRefused(via, CLOUD, host, answer, reason);
    }

    @ParameterizedTest(name = "{0}: {1} -> {3}")
    @MethodSource("refusedAsWritten")
    void shouldRefuseAddressesAndMetadataNamesAsWrittenInTheUrl(Client via, String host, List<String> answer, String reason) {
        UpstreamClient client = client(EndpointPolicy.DEFAULT, fixed(List.of()));

        AdapterException e = failure(() -> via.call(client, none(at(host))));

        assertThat(e.category()).isEqualTo(FailureCategory.EndpointNotAllowed);
        // The URL's host, or the address it spells (OkHttp's socket names the address in its own notation).
        assertThat(e).hasMessageStartingWith("endpoint address of ").hasMessageEndingWith(" is not allowed ("
                + reason + ")");
        assertThat(lookups).as("no name to look up").isEmpty();
        assertThat(server.getRequestCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void shouldReachAnAllowListedNetworkOrHostOnPurpose(Client via) throws Exception {
        Dns resolver = fixed(List.of(SERVER_ADDRESS));

        via.call(client(cloud("127.0.0.1/32"), resolver), none(at("in-house-llm.test")));
        via.call(client(cloud("in-house-llm.test"), resolver), none(at("in-house-llm.test")));

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(lookups).containsExactly("in-house-llm.test", "in-house-llm.test");
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void shouldConnectOnlyToTheAllowedAddressesOfAnAnswer(Client via) throws Exception {
        Dns resolver = fixed(List.of("169.254.169.254", "10.96.0.1", SERVER_ADDRESS));

        via.call(client(cloud("127.0.0.1/32"), resolver), none(at("mixed.test")));

        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    /**
     * DNS rebinding: a name that resolves first to an address the policy allows (127.0.0.1 through the allow list,
     * standing in for a public address) and then to the metadata service. Each connection is judged by the address
     * it goes to, from its own lookup: a client that judged the name once, or checked one lookup and connected
     * after another, would call the metadata service.
     */
    @ParameterizedTest
    @EnumSource(Client.class)
    void shouldJudgeTheAddressActuallyConnectedToWhenTheNameRebinds(Client via) throws Exception {
        Queue<List<String>> answers = new ConcurrentLinkedQueue<>(List.of(
                List.of(SERVER_ADDRESS), List.of("169.254.169.254")));
        UpstreamClient client = client(cloud("127.0.0.1/32"), host -> {
            lookups.add(host);
            List<String> answer = answers.poll();
            return answer == null ? List.of() : answer.stream().map(Upstreams::address).toList();
        });

        via.call(client, none(at("rebind.test")));
        AdapterException e = failure(() -> via.call(client, none(at("rebind.test"))));

        assertThat(e.category()).isEqualTo(FailureCategory.EndpointNotAllowed);
        assertThat(e).hasMessage("endpoint address of rebind.test is not allowed (cloud metadata address)");
        assertThat(server.getRequestCount()).as("only the first call arrived").isEqualTo(1);
        assertThat(lookups).as("one lookup per connection").containsExactly("rebind.test", "rebind.test");
    }

    private void assertRefused(Client via, EndpointPolicy policy, String host, List<String> answer, String reason) {
        UpstreamClient client = client(policy, fixed(answer));

        AdapterException e = failure(() -> via.call(client, none(at(host))));

        assertThat(e.category()).isEqualTo(FailureCategory.EndpointNotAllowed);
        assertThat(e).hasMessage("endpoint address of " + host + " is not allowed (" + reason + ")");
        assertThat(lookups).containsExactly(host);
        assertThat(server.getRequestCount()).isZero();
    }

    /** Every optional refusal on, and an allow list. */
    private static EndpointPolicy cloud(String... allowList) {
        return EndpointPolicy.builder().refusePrivate(true).serviceCidrs(List.of("10.96.0.0/12"))
                .podCidrs(List.of("10.244.0.0/16")).allow(List.of(allowList)).build();
    }

    /** A client of both kinds whose resolver is the given one; a short connect timeout bounds a faulty attempt. */
    private static UpstreamClient client(EndpointPolicy policy, Dns resolver) {
        UpstreamSettings settings = new UpstreamSettings(Duration.ofSeconds(1),
                UpstreamSettings.DEFAULT_MAX_RESPONSE_BYTES, UpstreamSettings.DEFAULT_MAX_EVENT_BYTES, policy);
        return new UpstreamClient(settings, Clock.systemUTC(), resolver, Upstreams.VERTX);
    }

    /** Answers every name with these addresses and IP literals with themselves, as the system resolver does. */
    private Dns fixed(List<String> answer) {
        return host -> {
            if (IpLiteral.parse(host) != null) {
                return List.of(Upstreams.address(host));
            }
            lookups.add(host);
            if (answer.isEmpty()) {
                throw new UnknownHostException(host);
            }
            return answer.stream().map(Upstreams::address).toList();
        };
    }

    private String at(String host) {
        return "http://" + host + ":" + server.getPort() + "/v1/chat?key=q-secret";
    }

    private static Object[] row(String host, String reason, String... answer) {
        return new Object[] {host, List.of(answer), reason};
    }

    /** Every row for each client. */
    private static Stream<Arguments> cases(Object[]... rows) {
        List<Arguments> all = new ArrayList<>();
        for (Client via : Client.values()) {
            Arrays.stream(rows).forEach(row -> all.add(Arguments.of(via, row[0], row[1], row[2])));
        }
        return all.stream();
    }
}
