package dev.modelport.upstream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * What one OkHttp call learned of its connection, to tell whether its failure was a stale pooled connection: one
 * the endpoint, a load balancer or a NAT had closed or reset while it sat in the pool, which the call finds out only
 * once its request is on the wire. Such a failure is sent once more, on a connection of its own (see
 * {@link StaleConnectionRetries}). The call carries its use as a request tag, which the client's event listener factory
 * ({@link #FACTORY}) hands back as the call's listener.
 */
final class ConnectionUse extends EventListener {

    static final EventListener.Factory FACTORY = call -> {
        ConnectionUse use = call.request().tag(ConnectionUse.class);
        return use == null ? EventListener.NONE : use;
    };

    private volatile boolean opened;
    private ReceivedBytes socket;
    private long arrivedBeforeRequest = -1;

    /** The request with this use for its call to report to. */
    Request tag(Request request) {
        return request.newBuilder().tag(ConnectionUse.class, this).build();
    }

    @Override
    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        opened = true;
    }

    @Override
    public void connectionAcquired(Call call, Connection connection) {
        if (!opened) {
            socket = ReceivedBytes.of(connection.socket());
        }
    }

    /**
     * Marks what had arrived before the request went out: an answer cannot come earlier, so those bytes (a TLS
     * close_notify the endpoint sent as it closed the idle connection) are none of it.
     */
    @Override
    public void requestHeadersStart(Call call) {
        if (socket != null) {
            try {
                arrivedBeforeRequest = socket.arrived();
            } catch (IOException closed) {
                socket = null;
            }
        }
    }

    /**
     * Whether the call failed on a connection taken from the pool, with the connection ending (closed or reset, not
     * a timeout or a cancellation) before a single byte arrived after the request went out. Bytes are counted below
     * TLS, so a TLS connection that the endpoint closes while the request crosses it (its close_notify arriving
     * after the request) counts as answered and is not sent again.
     */
    boolean stale(IOException failure) {
        return socket != null && arrivedBeforeRequest >= 0 && socket.consumed() <= arrivedBeforeRequest
                && !(failure instanceof InterruptedIOException);
    }

    /**
     * A client like the given one whose connections are its own: a new one for each call, closed after its
     * answer, so that a retry never meets another stale connection of the pool.
     */
    static OkHttpClient freshConnections(OkHttpClient client) {
        return client.newBuilder().connectionPool(new ConnectionPool(0, 1, TimeUnit.MILLISECONDS)).build();
    }
}
