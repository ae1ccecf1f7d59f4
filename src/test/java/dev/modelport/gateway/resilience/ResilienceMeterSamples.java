package dev.modelport.gateway.resilience;

import io.micrometer.core.instrument.MeterRegistry;

/** Records each meter of retries, fallbacks and circuits once, for tests that read the names the code exports. */
public final class ResilienceMeterSamples {

    private ResilienceMeterSamples() {
    }

    public static void recordEach(MeterRegistry registry) {
        ResilienceMetrics metrics = new ResilienceMetrics(registry);
        metrics.retry("team-a", "support", "ServerError");
        metrics.fallback("team-a", "support", "backup");
        metrics.circuit("team-a", "support", true);
    }
}
