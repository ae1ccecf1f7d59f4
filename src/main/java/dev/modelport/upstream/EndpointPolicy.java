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
 * that a model spec cannot point the operator at its own node or cloud credentials.
 *
 * <p>Refused unless allowed: the cloud metadata services (169.254.169.254, fd00:ec2::254 and the host names
 * metadata.google.internal and metadata.goog), link-local 169.254.0.0/16 and fe80::/10, loopback 127.0.0.0/8 and
 * ::1 (unless {@code allowLoopback}), and the unspecified addresses 0.0.0.0/8 and :: (which Linux connects to the
 * local host). IPv6 forms that carry an IPv4 address (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96 and the
 * NAT64 prefix 64:ff9b::/96) are judged by that IPv4 address. The check is on resolved addresses, so decimal or
 * other spellings of an address are judged by what they resolve to.
 *
 * @param allowLoopback whether loopback addresses are allowed (local development, tests)
 * @param allowedNetworks networks allowed even when refused above
 * @param allowedHosts host names (lower case, no trailing dot) allowed whatever they resolve to
 */
public record EndpointPolicy(boolean allowLoopback, List<Cidr> allowedNetworks, Set<String> allowedHosts) {

    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog");
    private static final Cidr V4_METADATA = Cidr.parse("169.254.169.254");
    private static final Cidr V4_LINK_LOCAL = Cidr.parse("169.254.0.0/16");
    private static final Cidr V4_LOOPBACK = Cidr.parse("127.0.0.0/8");
    private static final Cidr V4_THIS_NETWORK = Cidr.parse("0.0.0.0/8");
    private static final Cidr V6_METADATA = Cidr.parse("fd00:ec2::254");
    private static final Cidr V6_LINK_LOCAL = Cidr.parse("fe80::/10");
    private static final Cidr V6_LOOPBACK = Cidr.parse("::1");
    private static final Cidr V6_UNSPECIFIED = Cidr.parse("::");
    private static final List<Cidr> V4_CARRYING = List.of(
            Cidr.parse("::ffff:0:0/96"), Cidr.parse("::/96"), Cidr.parse("64:ff9b::/96"));

    /** Refuses everything listed above and allows nothing extra. */
    public static final EndpointPolicy DEFAULT = new EndpointPolicy(false, List.of(), Set.of());

    public EndpointPolicy {
        allowedNetworks = List.copyOf(allowedNetworks);
        Set<String> hosts = new LinkedHashSet<>();
        allowedHosts.forEach(host -> hosts.add(normalize(host)));
        allowedHosts = Set.copyOf(hosts);
    }

    /** A policy from an operator allow list whose entries are CIDRs, IP addresses or host names. */
    public static EndpointPolicy of(boolean allowLoopback, Collection<String> allowList) {
        List<Cidr> networks = new ArrayList<>();
        Set<String> hosts = new LinkedHashSet<>();
        for (String entry : allowList) {
            String trimmed = entry.trim();
            if (trimmed.indexOf('/') >= 0 || IpLiteral.parse(trimmed) != null) {
                networks.add(Cidr.parse(trimmed));
            } else {
                hosts.add(trimmed);
            }
        }
        return new EndpointPolicy(allowLoopback, networks, hosts);
    }

    /** Refuses a host name of the metadata services, before any lookup (the URL text). */
    public void checkHost(String host) throws AdapterException {
        String name = normalize(host);
        if (METADATA_HOSTS.contains(name) && !allowedHosts.contains(name)) {
            throw refused(host, "metadata");
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

    /** Why the address is refused (loopback, link-local, metadata, unspecified), or null when it is allowed. */
    String refusal(String host, InetAddress address) {
        if (allowedHosts.contains(normalize(host))) {
            return null;
        }
        byte[] bytes = address.getAddress();
        byte[] v4 = embeddedV4(bytes);
        if (isAllowed(bytes) || (v4 != null && isAllowed(v4))) {
            return null;
        }
        String reason = v4 != null || bytes.length == 4 ? v4Reason(v4 != null ? v4 : bytes) : v6Reason(bytes);
        return "loopback".equals(reason) && allowLoopback ? null : reason;
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

    private static String v4Reason(byte[] address) {
        if (V4_METADATA.contains(address)) {
            return "metadata";
        } else if (V4_LINK_LOCAL.contains(address)) {
            return "link-local";
        } else if (V4_LOOPBACK.contains(address)) {
            return "loopback";
        } else if (V4_THIS_NETWORK.contains(address)) {
            return "unspecified";
        }
        return null;
    }

    private static String v6Reason(byte[] address) {
        if (V6_METADATA.contains(address)) {
            return "metadata";
        } else if (V6_LINK_LOCAL.contains(address)) {
            return "link-local";
        } else if (V6_LOOPBACK.contains(address)) {
            return "loopback";
        } else if (V6_UNSPECIFIED.contains(address)) {
            return "unspecified";
        }
        return null;
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
}
