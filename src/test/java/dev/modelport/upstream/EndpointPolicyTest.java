package dev.modelport.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointPolicyTest {

    private static String reason(EndpointPolicy policy, String host, InetAddress address) {
        try {
            policy.check(host, address);
            return null;
        } catch (AdapterException e) {
            assertThat(e.category()).isEqualTo(FailureCategory.EndpointNotAllowed);
            return e.getMessage();
        }
    }

    private static InetAddress literal(String text) {
        return Upstreams.address(text);
    }

    /** Refuses every optional range too: the private ones and a cluster's Service and Pod CIDRs. */
    private static final EndpointPolicy CLOUD = EndpointPolicy.builder().refusePrivate(true)
            .serviceCidrs(List.of("10.96.0.0/12", "fd00:10:96::/112")).podCidrs(List.of(" 10.244.0.0/16 "))
            .build();

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, loopback",
        "127.1.2.3, loopback",
        "169.254.1.1, link-local",
        "169.254.169.254, cloud metadata address",
        "100.100.100.200, cloud metadata address",
        "0.0.0.0, unspecified",
        "0.1.2.3, unspecified",
        "224.0.0.1, multicast",
        "239.255.255.250, multicast",
        "::1, loopback",
        "::, unspecified",
        "fe80::1, link-local",
        "febf::1, link-local",
        "fd00:ec2::254, cloud metadata address",
        "ff02::1, multicast",
        "ff0e::1, multicast",
        "::ffff:127.0.0.1, loopback",
        "::ffff:a9fe:a9fe, cloud metadata address",
        "::ffff:100.100.100.200, cloud metadata address",
        "::ffff:169.254.0.1, link-local",
        "::ffff:224.0.0.251, multicast",
        "::127.0.0.1, loopback",
        "::7f00:1, loopback",
        "64:ff9b::a9fe:a9fe, cloud metadata address",
        "64:ff9b::6464:64c8, cloud metadata address",
        "::ffff:0.0.0.0, unspecified",
    })
    void refusedByDefault(String address, String reason) {
        assertThat(reason(EndpointPolicy.DEFAULT, address, literal(address)))
                .isEqualTo("endpoint address of " + address + " is not allowed (" + reason + ")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "10.0.0.1", "192.168.1.1", "172.16.0.1", "100.64.0.1", "169.253.255.255",
        "169.255.0.1", "128.0.0.1", "1.0.0.0", "100.100.100.199", "100.100.100.201", "223.255.255.255",
        "2001:db8::1", "fec0::1", "fd00:ec2::253", "fd12::1", "feff::1", "::ffff:8.8.8.8", "::ffff:10.0.0.1",
        "::2:0:0:1"})
    void allowedByDefault(String address) {
        assertThat(reason(EndpointPolicy.DEFAULT, address, literal(address))).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1, private range refused by upstream.refusePrivate",
        "10.255.255.255, private range refused by upstream.refusePrivate",
        "172.16.0.1, private range refused by upstream.refusePrivate",
        "172.31.255.255, private range refused by upstream.refusePrivate",
        "192.168.1.1, private range refused by upstream.refusePrivate",
        "100.64.0.1, private range refused by upstream.refusePrivate",
        "100.127.255.255, private range refused by upstream.refusePrivate",
        "fc00::1, private range refused by upstream.refusePrivate",
        "fd12:3456::1, private range refused by upstream.refusePrivate",
        "::ffff:192.168.1.1, private range refused by upstream.refusePrivate",
        "64:ff9b::a00:1, private range refused by upstream.refusePrivate",
        "10.96.0.1, cluster Service CIDR",
        "10.111.255.255, cluster Service CIDR",
        "fd00:10:96::1, cluster Service CIDR",
        "::ffff:10.96.0.10, cluster Service CIDR",
        "10.244.3.7, cluster Pod CIDR",
        "::ffff:10.244.3.7, cluster Pod CIDR",
        "100.100.100.200, cloud metadata address",
        "fd00:ec2::254, cloud metadata address",
        "127.0.0.1, loopback",
        "169.254.1.1, link-local",
    })
    void refusedWhenTheClusterAndPrivateRangesAreConfigured(String address, String reason) {
        assertThat(reason(CLOUD, address, literal(address)))
                .isEqualTo("endpoint address of " + address + " is not allowed (" + reason + ")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "172.15.255.255", "172.32.0.1", "192.169.0.1", "100.63.255.255",
        "100.128.0.1", "fe00::1", "2001:db8::1", "::ffff:8.8.8.8"})
    void publicAddressesStayAllowedWhenEverythingOptionalIsRefused(String address) {
        assertThat(reason(CLOUD, address, literal(address))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "fd00:ec2::254", "100.100.100.200", "127.0.0.1", "::1",
        "169.254.1.1", "fe80::1", "0.0.0.0", "::", "224.0.0.1", "ff02::1", "10.96.0.1", "10.244.0.1",
        "192.168.1.1", "100.64.0.1", "fd12::1", "::ffff:169.254.169.254", "::ffff:10.96.0.1"})
    void allowListOpensEveryRefusedRangeOnPurpose(String address) {
        assertThat(reason(CLOUD, address, literal(address))).as("refused without the allow list").isNotNull();
        InetAddress resolved = literal(address);
        String network = resolved.getAddress().length == 4 ? address + "/32" : address + "/128";
        EndpointPolicy byNetwork = EndpointPolicy.builder().refusePrivate(true)
                .serviceCidrs(List.of("10.96.0.0/12")).podCidrs(List.of("10.244.0.0/16")).allow(List.of(network))
                .build();
        EndpointPolicy byName = EndpointPolicy.builder().refusePrivate(true)
                .serviceCidrs(List.of("10.96.0.0/12")).podCidrs(List.of("10.244.0.0/16"))
                .allow(List.of("upstream.example")).build();

        assertThat(reason(byNetwork, "upstream.example", resolved)).isNull();
        assertThat(reason(byName, "upstream.example", resolved)).isNull();
        assertThat(reason(byName, "other.example", resolved)).isNotNull();
    }

    @Test
    void invalidClusterCidrsAreRefusedWhenThePolicyIsBuilt() {
        assertThatThrownBy(() -> EndpointPolicy.builder().serviceCidrs(List.of("10.96.0.0/33")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not an IP network: 10.96.0.0/33");
        assertThatThrownBy(() -> EndpointPolicy.builder().podCidrs(List.of("pods.example")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not an IP network: pods.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2130706433", "127.1", "localhost", "0"})
    void otherSpellingsAreJudgedByTheResolvedAddress(String spelling) throws Exception {
        InetAddress resolved = InetAddress.getByName(spelling);
        assertThat(reason(EndpointPolicy.DEFAULT, spelling, resolved)).startsWith(
                "endpoint address of " + spelling + " is not allowed (");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x7f000001", "0x7f.0.0.1"})
    void hexSpellingsAreRefusedWhenTheResolverAcceptsThem(String spelling) {
        // The JDK's resolver rejects hex forms; should a platform resolver accept them, the address is judged.
        try {
            InetAddress resolved = InetAddress.getByName(spelling);
            assertThat(reason(EndpointPolicy.DEFAULT, spelling, resolved)).contains("loopback");
        } catch (UnknownHostException e) {
            assertThat(e).hasMessageContaining(spelling);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"metadata.google.internal", "METADATA.google.internal.", "metadata.goog"})
    void metadataHostNamesAreRefusedWithoutLookup(String host) {
        assertThatThrownBy(() -> EndpointPolicy.DEFAULT.checkHost(host))
                .isInstanceOfSatisfying(AdapterException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.EndpointNotAllowed))
                .hasMessage("endpoint address of " + host + " is not allowed (cloud metadata address)");
        assertThat(reason(EndpointPolicy.DEFAULT, host, literal("8.8.8.8"))).contains("(cloud metadata address)");
    }

    @Test
    void allowLoopbackAllowsOnlyLoopback() {
        EndpointPolicy policy = EndpointPolicy.of(true, List.of());
        assertThat(reason(policy, "127.0.0.1", literal("127.0.0.1"))).isNull();
        assertThat(reason(policy, "::1", literal("::1"))).isNull();
        assertThat(reason(policy, "x", literal("::ffff:127.0.0.1"))).isNull();
        assertThat(reason(policy, "x", literal("169.254.169.254"))).contains("cloud metadata address");
        assertThat(reason(policy, "x", literal("0.0.0.0"))).contains("unspecified");
        assertThat(reason(policy, "x", literal("224.0.0.1"))).contains("multicast");
    }

    @Test
    void allowListOverridesRefusals() {
        EndpointPolicy policy = EndpointPolicy.of(false,
                List.of("169.254.10.0/24", "fe80::/64", " 127.0.0.2 ", "Metadata.Google.Internal", "local.test"));
        assertThat(policy.allowedNetworks()).extracting(Cidr::toString)
                .containsExactly("169.254.10.0/24", "fe80:0:0:0:0:0:0:0/64", "127.0.0.2/32");
        assertThat(policy.allowedHosts()).containsExactlyInAnyOrder("metadata.google.internal", "local.test");
        assertThat(reason(policy, "x", literal("169.254.10.7"))).isNull();
        assertThat(reason(policy, "x", literal("::ffff:169.254.10.7"))).isNull();
        assertThat(reason(policy, "x", literal("169.254.11.7"))).contains("link-local");
        assertThat(reason(policy, "x", literal("fe80::1"))).isNull();
        assertThat(reason(policy, "x", literal("fe80:0:0:1::1"))).contains("link-local");
        assertThat(reason(policy, "x", literal("127.0.0.2"))).isNull();
        assertThat(reason(policy, "x", literal("127.0.0.3"))).contains("loopback");
        assertThat(reason(policy, "local.test", literal("127.0.0.1"))).isNull();
        assertThat(reason(policy, "metadata.google.internal.", literal("169.254.169.254"))).isNull();
    }

    @Test
    void cidrParsing() {
        assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8")).hasToString("10.0.0.0/8");
        assertThat(Cidr.parse("2001:db8::/32").contains(literal("2001:db8:ffff::1"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/33").contains(literal("2001:db8:8000::1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(literal("8.8.8.8"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(literal("::1"))).isFalse();
        assertThat(Cidr.parse("::ffff:0:0/96")).hasToString("0:0:0:0:0:ffff:0:0/96");
        assertThat(Cidr.parse("1:2:3:4:5:6:7:8").contains(literal("1:2:3:4:5:6:7:8"))).isTrue();
        assertThat(Cidr.parse("::1.2.3.4").contains(literal("::102:304"))).isTrue();
        for (String bad : List.of("10.0.0.0/33", "::/129", "10.0.0", "010.0.0.1", "256.0.0.1", "1:::2", "1::2::3",
                "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", "host.example", "10.0.0.0/", "1.2.3.4::",
                "fe80::1%eth0", "10.0.0.0/-1", "::1/+1")) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void dnsDropsRefusedAddressesAndFailsWhenNoneIsLeft() throws Exception {
        List<InetAddress> answer = List.of(literal("169.254.169.254"), literal("8.8.8.8"));
        PolicyDns dns = new PolicyDns(EndpointPolicy.DEFAULT, host -> answer);
        assertThat(dns.lookup("mixed.example")).containsExactly(literal("8.8.8.8"));

        PolicyDns onlyMetadata = new PolicyDns(EndpointPolicy.DEFAULT, host -> List.of(literal("169.254.169.254")));
        assertThatThrownBy(() -> onlyMetadata.lookup("rebind.example"))
                .isInstanceOfSatisfying(EndpointRefusedException.class, e -> assertThat(e.refusal().getMessage())
                        .isEqualTo("endpoint address of rebind.example is not allowed (cloud metadata address)"));
    }

    @Test
    void dnsRefusesLocalhostAndMetadataNamesBeforeConnecting() {
        PolicyDns dns = new PolicyDns(EndpointPolicy.DEFAULT, okhttp3.Dns.SYSTEM);
        assertThatThrownBy(() -> dns.lookup("localhost")).isInstanceOf(EndpointRefusedException.class)
                .hasMessageContaining("(loopback)");
        assertThatThrownBy(() -> dns.lookup("metadata.google.internal")).isInstanceOf(EndpointRefusedException.class)
                .hasMessage("endpoint address of metadata.google.internal is not allowed (cloud metadata address)");
        PolicyDns loopbackAllowed = new PolicyDns(EndpointPolicy.of(true, List.of()), okhttp3.Dns.SYSTEM);
        assertThatCode(() -> loopbackAllowed.lookup("localhost")).doesNotThrowAnyException();
    }
}
