package dev.modelport.gateway.models;

import dev.modelport.gateway.GatewaySettings;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * In the gateway role, ready only once the model registry has listed the ExternalModels and Secrets: HTTP is up
 * before the gateway command starts the informers, and a request in between would get 404 for every model.
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    public static final String NAME = "modelport-gateway-models";

    private final GatewaySettings settings;
    private final ModelRegistry registry;

    GatewayReadiness(GatewaySettings settings, ModelRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(!settings.enabled() || registry.started()).build();
    }
}
