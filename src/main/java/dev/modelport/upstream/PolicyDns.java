package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Dns;

/**
 * Resolves host names and drops the addresses the policy refuses, so a name pointing at a refused address fails
 * before any connection. OkHttp does not call a Dns for IP-literal hosts; {@link PolicySocketFactory} covers those.
 */
final class PolicyDns implements Dns {

    private final EndpointPolicy policy;
    private final Dns delegate;

    PolicyDns(EndpointPolicy policy, Dns delegate) {
        this.policy = policy;
        this.delegate = delegate;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        try {
            policy.checkHost(hostname);
        } catch (AdapterException e) {
            throw new EndpointRefusedException(e);
        }
        List<InetAddress> addresses = delegate.lookup(hostname);
        List<InetAddress> allowed = new ArrayList<>();
        for (InetAddress address : addresses) {
            if (policy.refusal(hostname, address) == null) {
                allowed.add(named(hostname, address));
            }
        }
        if (allowed.isEmpty() && !addresses.isEmpty()) {
            String reason = policy.refusal(hostname, addresses.get(0));
            throw new EndpointRefusedException(EndpointPolicy.refused(hostname, reason));
        }
        return allowed;
    }

    /**
     * The address tagged with the name it was looked up by, which the socket's check sees: an allow list entry for
     * the name must hold there too, whether or not the resolver kept the name (the system's does, others need not).
     */
    private static InetAddress named(String hostname, InetAddress address) throws UnknownHostException {
        // Inet6Address keeps an IPv4-mapped address and a scope as they were; InetAddress would not. Scope 0 is
        // what an address without one reports, and must stay unset (it would print as %0).
        return address instanceof Inet6Address v6
                ? Inet6Address.getByAddress(hostname, v6.getAddress(), v6.getScopeId() == 0 ? -1 : v6.getScopeId())
                : InetAddress.getByAddress(hostname, address.getAddress());
    }
}
