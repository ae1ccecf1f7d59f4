package dev.modelport.gateway.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.gateway.GatewaySettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The gateway is not ready before its registry has listed the models; other roles are not held back. */
class GatewayReadinessTest {

    private static GatewaySettings settings(boolean enabled) {
        return new GatewaySettings() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String auth() {
                return "none";
            }

            @Override
            public Optional<List<String>> audiences() {
                return Optional.empty();
            }

            @Override
            public Optional<List<String>> namespaces() {
                return Optional.empty();
            }

            @Override
            public Duration upstreamTimeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Optional<String> replica() {
                return Optional.empty();
            }
        };
    }

    private static HealthCheckResponse.Status status(boolean gateway) {
        ModelRegistry notStarted = new ModelRegistry(null, null, null, null);
        GatewayReadiness readiness = new GatewayReadiness(settings(gateway), notStarted);
        HealthCheckResponse response = readiness.call();
        assertThat(response.getName()).isEqualTo(GatewayReadiness.NAME);
        return response.getStatus();
    }

    @Test
    void shouldBeDownInTheGatewayRoleUntilTheRegistryStarted() {
        assertThat(status(true)).isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    @Test
    void shouldNotHoldBackTheOtherRoles() {
        assertThat(status(false)).isEqualTo(HealthCheckResponse.Status.UP);
    }
}
