package dev.modelport.gateway.http;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The gateway profile's default number of event loops: one per core, not Vert.x's two. A streamed answer is read
 * from the endpoint and written to the caller on the request's event loop, and a pooled upstream connection made by
 * another loop adds a hand-off between the loops each way (bench/gateway.sh shows it on a one-core gateway). The
 * number of cores is the machine's (or the container's CPU limit), so it cannot be a line of application.properties;
 * any value set there, in the environment or with {@code -D} takes precedence, as this source's ordinal is lower.
 */
public final class GatewayEventLoops implements ConfigSource {

    static final String PROPERTY = "%gateway.quarkus.vertx.event-loops-pool-size";
    /** Below application.properties (250), the environment (300) and system properties (400). */
    static final int ORDINAL = 150;

    private final Map<String, String> properties;

    /** As Quarkus loads it (META-INF/services). */
    public GatewayEventLoops() {
        this(Runtime.getRuntime().availableProcessors());
    }

    GatewayEventLoops(int cores) {
        this.properties = Map.of(PROPERTY, Integer.toString(Math.max(1, cores)));
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "modelport-gateway-event-loops";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
