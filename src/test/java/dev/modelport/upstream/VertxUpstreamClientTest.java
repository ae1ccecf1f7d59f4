package dev.modelport.upstream;

import java.time.Clock;
import java.util.List;
import okhttp3.Dns;

/** Every case of {@link UpstreamClientTest} for complete calls made on a Vert.x event loop, as the gateway makes them. */
class VertxUpstreamClientTest extends UpstreamClientTest {

    @Override
    UpstreamClient client(UpstreamSettings settings, Clock clock, Dns resolver) {
        return new UpstreamClient(settings, clock, resolver, Upstreams.VERTX);
    }

    @Override
    List<String> clientHeaders() {
        return List.of("host", "content-length", "accept-encoding");
    }
}
