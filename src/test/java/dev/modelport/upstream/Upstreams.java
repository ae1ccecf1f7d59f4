package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.api.v1alpha1.AuthorizationType;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Clock;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.function.Executable;

/** Shared fixtures of the upstream tests: endpoints, settings and servers on 127.0.0.1 only. */
final class Upstreams {

    static final UpstreamSettings LOOPBACK =
            UpstreamSettings.DEFAULTS.withPolicy(EndpointPolicy.of(true, List.of()));

    private Upstreams() {
    }

    /** The Vert.x of the streamed calls, shared by the tests of one JVM (its threads end with the JVM). */
    static final Vertx VERTX = Vertx.vertx();

    /** A client for complete and streamed calls. */
    static UpstreamClient client(UpstreamSettings settings) {
        return new UpstreamClient(settings, Clock.systemUTC(), VERTX);
    }

    /** A new event loop context for a streamed call. */
    static Context eventLoop() {
        return VERTX.getOrCreateContext();
    }

    /** The address of an IP literal, without any lookup; IPv4-mapped forms stay IPv6, as a resolver may hand them. */
    static InetAddress address(String literal) {
        byte[] bytes = IpLiteral.parse(literal);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP literal: " + literal);
        }
        try {
            return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    static MockWebServer server() throws IOException {
        MockWebServer server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        return server;
    }

    static String url(MockWebServer server, String pathAndQuery) {
        return "http://127.0.0.1:" + server.getPort() + pathAndQuery;
    }

    static ResolvedEndpoint endpoint(String url, AuthorizationType type, Map<String, String> credentials,
            List<ResolvedHeader> headers) {
        return new ResolvedEndpoint(url, type, type == AuthorizationType.ApiKey ? "x-api-key" : null, null, null,
                credentials, headers, "hash");
    }

    static ResolvedEndpoint none(String url) {
        return endpoint(url, AuthorizationType.None, Map.of(), List.of());
    }

    static ResolvedEndpoint oauth2(String url, String tokenUrl, String clientSecret, List<String> scopes) {
        return new ResolvedEndpoint(url, AuthorizationType.OAuth2ClientCredentials, null, tokenUrl, scopes,
                Map.of("clientId", "client", "clientSecret", clientSecret), List.of(), "hash");
    }

    /** A port on 127.0.0.1 where nothing listens. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    static AdapterException failure(Executable call) {
        try {
            call.execute();
        } catch (AdapterException e) {
            return e;
        } catch (Throwable e) {
            throw new AssertionError("expected an AdapterException", e);
        }
        throw new AssertionError("expected an AdapterException");
    }
}
