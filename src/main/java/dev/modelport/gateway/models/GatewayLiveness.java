package dev.modelport.gateway.models;

import dev.modelport.gateway.GatewaySettings;
import dev.modelport.health.HealthSettings;
import dev.modelport.health.WatchLiveness;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * In the gateway role, live while the model registry's informers watch, or have lost their watch for less than the
 * limit: past it, the gateway would serve from a stale cache (a model switched off, a Secret rotated).
 */
@Liveness
@ApplicationScoped
public class GatewayLiveness implements HealthCheck {

    static final String NAME = "modelport-gateway-watches";

    private final GatewaySettings settings;
    private final ModelRegistry registry;
    private final WatchLiveness liveness;

    GatewayLiveness(GatewaySettings settings, ModelRegistry registry, HealthSettings health, Clock clock) {
        this.settings = settings;
        this.registry = registry;
        this.liveness = new WatchLiveness(health.watchDisconnectLimit(), clock);
    }

    @Override
    public HealthCheckResponse call() {
        boolean watching = !settings.enabled() || !registry.started() || registry.watching();
        return HealthCheckResponse.named(NAME).status(liveness.live(watching)).build();
    }
}
