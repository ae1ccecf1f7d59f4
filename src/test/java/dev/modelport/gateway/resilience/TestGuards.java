package dev.modelport.gateway.resilience;

import dev.modelport.gateway.GatewaySettings;
import dev.modelport.testing.TestGatewaySettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Model guards for tests without a cluster: circuits are never reported to one (no entry is ever written). */
public final class TestGuards {

    private TestGuards() {
    }

    public static ModelGuards of(MeterRegistry registry, Clock clock) {
        GatewaySettings settings = TestGatewaySettings.withoutAuth(true, Optional.of("gateway-test"),
                Duration.ofSeconds(60));
        return new ModelGuards(clock, settings, new ResilienceMetrics(registry), new CircuitReports(null, settings));
    }
}
