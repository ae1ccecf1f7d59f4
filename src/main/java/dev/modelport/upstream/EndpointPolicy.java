package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which addresses model endpoints (and OAuth2 token endpoints) may be connected to. An operator-level setting, so
 * that a model spec cannot turn the operator or the gateway, which run inside the cluster with their own network
 * identity, against their node, the cloud's credentials or the cluster itself.
 *
 * <p>Refused unless allowed, in this order (the first match names the reason):
 * <ul>
 *   <li>the cloud metadata services, which hand out the node's cloud credentials: 169.254.169.254 (AWS, GCP, Azure,
 *       Oracle), fd00:ec2::254 (AWS over IPv6), 100.100.100.200 (Alibaba), and the host names
 *       metadata.google.internal and metadata.goog;</li>
 *   <li>loopback 127.0.0.0/8 and ::1 (unless {@code allowLoopback}): the pod's own ports, such as its management
 *       endpoints or a sidecar's;</li>
 *   <li>link-local 169.254.0.0/16 and fe80::/10: node-local agents (node-local DNS, other metadata proxies);</li>
 *   <li>the unspecified addresses 0.0.0.0/8 and ::, which Linux connects to the local host;</li>
 *   <li>multicast 224.0.0.0/4 and ff00::/8, never an HTTP server;</li>
 *   <li>the cluster's Service and Pod CIDRs when they are configured: in-cluster services a model's author may not
 *       be able to reach themselves (the cluster's own NetworkPolicies see the operator's pod, not the author);</li>
 *   <li>with {@code refusePrivate}: the private ranges 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, the carrier-grade
 *       NAT range 100.64.0.0/10 and the unique local fc00::/7, for installs whose upstreams are all public.</li>
 * </ul>
 * IPv6 forms that carry an IPv4 address (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96 and the NAT64 prefix
 * 64:ff9b::/96) are judged by that IPv4 address too. The check is on resolved addresses, so decimal or other
 * spellings of an address are judged by what they resolve to. The allow list opens any of these on purpose.
 *
 * @param refusedRanges the networks refused, in the order their reasons are reported
 * @param allowedNetworks networks allowed even when refused above
 * @param allowedHosts host names (lower case, no trailing dot) allowed whatever they resolve to
 */
public record EndpointPolicy(List<RefusedRange> refusedRanges, List<Cidr> allowedNetworks, Set<String> allowedHosts) {

    static final String METADATA = "cloud metadata address";
    static final String LOOPBACK = "loopback";
    static final String LINK_LOCAL = "link-local";
    static final String UNSPECIFIED = "unspecified";
    static final String MULTICAST = "multicast";
    static final String CLUSTER_SERVICES = "cluster Service CIDR";
    static final String CLUSTER_PODS = "cluster Pod CIDR";
    static final String PRIVATE = "private range refused by upstream.refusePrivate";

    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog");
    private static final List<RefusedRange> METADATA_RANGES =
            ranges(METADATA, "169.254.169.254", "fd00:ec2::254", "100.100.100.200");
    private static final List<RefusedRange> LOOPBACK_RANGES = ranges(LOOPBACK, "127.0.0.0/8", "::1");
    private static final List<RefusedRange> NEVER_UPSTREAMS = List.copyOf(concat(
            ranges(LINK_LOCAL, "169.254.0.0/16", "fe80::/10"),
            ranges(UNSPECIFIED, "0.0.0.0/8", "::"),
            ranges(MULTICAST, "224.0.0.0/4", "ff00::/8")));
    private static final List<RefusedRange> PRIVATE_RANGES =
            ranges(PRIVATE, "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7");
    private static final Cidr V6_LOOPBACK = Cidr.parse("::1");
    private static final Cidr V6_UNSPECIFIED = Cidr.parse("::");
    private static final List<Cidr> V4_CARRYING = List.of(
            Cidr.parse("::ffff:0:0/96"), Cidr.parse("::/96"), Cidr.parse("64:ff9b::/96"));

    /** Refuses what is refused by default and allows nothing extra. */
    public static final EndpointPolicy DEFAULT = builder().build();

    /** A network the policy refuses, and the reason a refusal names. */
    public record RefusedRange(Cidr network, String reason) {
    }

    public EndpointPolicy {
        refusedRanges = List.copyOf(refusedRanges);
        allowedNetworks = List.copyOf(allowedNetworks);
        Set<String> hosts = new LinkedHashSet<>();
        allowedHosts.forEach(host -> hosts.add(normalize(host)));
        allowedHosts = Set.copyOf(hosts);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The default refusals, loopback allowed or not, and an allow list of CIDRs, IP addresses or host names. */
    public static EndpointPolicy of(boolean allowLoopback, Collection<String> allowList) {
        return builder().allowLoopback(allowLoopback).allow(allowList).build();
    }

    /** Refuses a host name of the metadata services, before any lookup (the URL text). */
    public void checkHost(String host) throws AdapterException {
        String name = normalize(host);
        if (METADATA_HOSTS.contains(name) && !allowedHosts.contains(name)) {
            throw refused(host, METADATA);
        }
    }

    /** Refuses connecting to this address for this host (the name in the URL, or the literal address). */
    public void check(String host, InetAddress address) throws AdapterException {
        checkHost(host);
        String reason = refusal(host, address);
        if (reason != null) {
            throw refused(host, reason);
        }
    }

    /** Why the address is refused (the reason of the first refused range it is in), or null when it is allowed. */
    String refusal(String host, InetAddress address) {
        if (allowedHosts.contains(normalize(host))) {
            return null;
        }
        byte[] bytes = address.getAddress();
        byte[] v4 = embeddedV4(bytes);
        if (isAllowed(bytes) || (v4 != null && isAllowed(v4))) {
            return null;
        }
        return refusedRanges.stream()
                .filter(range -> range.network().contains(bytes) || (v4 != null && range.network().contains(v4)))
                .map(RefusedRange::reason)
                .findFirst().orElse(null);
    }

    static AdapterException refused(String host, String reason) {
        return new AdapterException(FailureCategory.EndpointNotAllowed,
                "endpoint address of " + host + " is not allowed (" + reason + ")");
    }

    private boolean isAllowed(byte[] address) {
        return allowedNetworks.stream().anyMatch(network -> network.contains(address));
    }

    private static byte[] embeddedV4(byte[] address) {
        if (address.length != 16 || V6_UNSPECIFIED.contains(address) || V6_LOOPBACK.contains(address)) {
            return null;
        }
        boolean carries = V4_CARRYING.stream().anyMatch(prefix -> prefix.contains(address));
        return carries ? Arrays.copyOfRange(address, 12, 16) : null;
    }

    private static List<RefusedRange> ranges(String reason, String... cidrs) {
        return Arrays.stream(cidrs).map(cidr -> new RefusedRange(Cidr.parse(cidr), reason)).toList();
    }

    private static List<RefusedRange> ranges(String reason, Collection<String> cidrs) {
        return ranges(reason, cidrs.toArray(String[]::new));
    }

    @SafeVarargs
    private static List<RefusedRange> concat(List<RefusedRange>... parts) {
        List<RefusedRange> all = new ArrayList<>();
        Arrays.stream(parts).forEach(all::addAll);
        return all;
    }

    private static String normalize(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }

    /** The settings of a policy; unset, it is {@link #DEFAULT}. Invalid CIDRs throw IllegalArgumentException. */
    public static final class Builder {

        private boolean allowLoopback;
        private boolean refusePrivate;
        private List<String> serviceCidrs = List.of();
        private List<String> podCidrs = List.of();
        private List<String> allowList = List.of();

        private Builder() {
        }

        /** Permit loopback addresses: local development and tests only. */
        public Builder allowLoopback(boolean allow) {
            this.allowLoopback = allow;
            return this;
        }

        /** Refuse the private ranges too. */
        public Builder refusePrivate(boolean refuse) {
            this.refusePrivate = refuse;
            return this;
        }

        /** The cluster's Service CIDRs (e.g. 10.96.0.0/12), refused. */
        public Builder serviceCidrs(Collection<String> cidrs) {
            this.serviceCidrs = List.copyOf(cidrs);
            return this;
        }

        /** The cluster's Pod CIDRs (e.g. 10.244.0.0/16), refused. */
        public Builder podCidrs(Collection<String> cidrs) {
            this.podCidrs = List.copyOf(cidrs);
            return this;
        }

        /** CIDRs, IP addresses and host names let through whatever would refuse them. */
        public Builder allow(Collection<String> entries) {
            this.allowList = List.copyOf(entries);
            return this;
        }

        public EndpointPolicy build() {
            List<RefusedRange> refused = concat(METADATA_RANGES, allowLoopback ? List.of() : LOOPBACK_RANGES,
                    NEVER_UPSTREAMS, ranges(CLUSTER_SERVICES, trimmed(serviceCidrs)),
                    ranges(CLUSTER_PODS, trimmed(podCidrs)), refusePrivate ? PRIVATE_RANGES : List.of());
            List<Cidr> networks = new ArrayList<>();
            Set<String> hosts = new LinkedHashSet<>();
            for (String entry : trimmed(allowList)) {
                if (entry.indexOf('/') >= 0 || IpLiteral.parse(entry) != null) {
                    networks.add(Cidr.parse(entry));
                } else {
                    hosts.add(entry);
                }
            }
            return new EndpointPolicy(refused, networks, hosts);
        }

        private static List<String> trimmed(List<String> entries) {
            return entries.stream().map(String::trim).toList();
        }
    }
}
