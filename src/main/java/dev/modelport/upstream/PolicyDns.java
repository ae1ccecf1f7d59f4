package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
        List<InetAddress> allowed = addresses.stream()
                .filter(address -> policy.refusal(hostname, address) == null)
                .toList();
        if (allowed.isEmpty() && !addresses.isEmpty()) {
            String reason = policy.refusal(hostname, addresses.get(0));
            throw new EndpointRefusedException(EndpointPolicy.refused(hostname, reason));
        }
        return allowed;
    }
}
