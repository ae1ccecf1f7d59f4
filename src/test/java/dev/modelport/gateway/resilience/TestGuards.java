package dev.modelport.gateway.resilience;

import dev.modelport.gateway.GatewaySettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Model guards for tests without a cluster: circuits are never reported to one (no entry is ever written). */
public final class TestGuards {

    private TestGuards() {
    }

    /** Settings of a gateway with the given default upstream timeout and replica name. */
    public record Settings(Duration upstreamTimeout, Optional<String> replica) implements GatewaySettings {
        @Override
        public boolean enabled() {
            return true;
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
    }

    public static ModelGuards of(MeterRegistry registry, Clock clock) {
        Settings settings = new Settings(Duration.ofSeconds(60), Optional.of("gateway-test"));
        return new ModelGuards(clock, settings, new ResilienceMetrics(registry), new CircuitReports(null, settings));
    }
}
