package dev.modelport.gateway.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.testing.TestGatewaySettings;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The gateway is not ready before its registry has listed the models; other roles are not held back. */
class GatewayReadinessTest {

    private static HealthCheckResponse.Status status(boolean gateway) {
        ModelRegistry notStarted = new ModelRegistry(null, null, null, null);
        GatewayReadiness readiness = new GatewayReadiness(
                TestGatewaySettings.withoutAuth(gateway, Optional.empty(), Duration.ofSeconds(1)), notStarted);
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
