package dev.modelport.upstream;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 network such as 10.0.0.0/8 or fd00::/8; a bare address is a /32 or /128. Immutable. */
public final class Cidr {

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** Parses the notation; host bits after the prefix are cleared, so 10.1.2.3/8 is 10.0.0.0/8. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        byte[] address = IpLiteral.parse(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not an IP network: " + text);
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = text.substring(slash + 1);
            if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("not an IP network: " + text);
            }
            prefix = Integer.parseInt(length);
        }
        for (int bit = prefix; bit < bits; bit++) {
            address[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new Cidr(address, prefix);
    }

    /** Whether the address (4 or 16 bytes) is in this network; an address of the other family never is. */
    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int whole = prefix / 8;
        if (!Arrays.equals(address, 0, whole, network, 0, whole)) {
            return false;
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[whole] & mask) == (network[whole] & mask);
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && prefix == cidr.prefix && Arrays.equals(network, cidr.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        try {
            // Inet6Address keeps an IPv4-mapped network in IPv6 notation; InetAddress would print it as IPv4.
            InetAddress address = network.length == 16 ? Inet6Address.getByAddress(null, network, -1)
                    : InetAddress.getByAddress(network);
            return address.getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
