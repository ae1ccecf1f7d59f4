package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import javax.net.SocketFactory;

/**
 * Makes sockets that check the endpoint policy on the address they are about to connect to. This is the check
 * that cannot be bypassed by how the URL spells the host: OkHttp connects IP-literal hosts without asking the Dns,
 * and every connection, plain or TLS, starts with one of these sockets. They also count what they receive
 * ({@link ReceivedBytes}), which tells a stale pooled connection from an endpoint that began to answer.
 */
final class PolicySocketFactory extends SocketFactory {

    private final EndpointPolicy policy;

    PolicySocketFactory(EndpointPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Socket createSocket() {
        return new GuardedSocket(policy);
    }

    // The connecting variants are required by SocketFactory; OkHttp only uses createSocket() and connect().
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return open(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return open(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return open(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return open(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket open(SocketAddress remote, SocketAddress local) throws IOException {
        Socket socket = createSocket();
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static final class GuardedSocket extends Socket implements ReceivedBytes {

        private final EndpointPolicy policy;
        private volatile long consumed;
        private InputStream counted;

        GuardedSocket(EndpointPolicy policy) {
            this.policy = policy;
        }

        @Override
        public long consumed() {
            return consumed;
        }

        @Override
        public long arrived() throws IOException {
            return consumed + getInputStream().available();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getOption(SocketOption<T> name) throws IOException {
            return name == ReceivedBytes.OPTION ? (T) this : super.getOption(name);
        }

        /** The socket's stream, counting; OkHttp and a TLS socket layered over this one each take it once. */
        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (counted == null) {
                counted = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b != -1) {
                            consumed++;
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] bytes, int offset, int length) throws IOException {
                        int n = super.read(bytes, offset, length);
                        if (n > 0) {
                            consumed += n;
                        }
                        return n;
                    }
                };
            }
            return counted;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (endpoint instanceof InetSocketAddress inet && inet.getAddress() != null) {
                try {
                    policy.check(inet.getHostString(), inet.getAddress());
                } catch (AdapterException e) {
                    close();
                    throw new EndpointRefusedException(e);
                }
            }
            super.connect(endpoint, timeout);
            // A request goes out in few writes and its answer is awaited: never hold a small write back for an
            // acknowledgement (Nagle), which adds up to a delayed-ACK timeout to the answer.
            setTcpNoDelay(true);
        }
    }
}
