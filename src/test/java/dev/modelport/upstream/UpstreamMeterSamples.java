package dev.modelport.upstream;

import io.micrometer.core.instrument.MeterRegistry;

/** Records each meter of the upstream client once, for tests that read the names the code exports. */
public final class UpstreamMeterSamples {

    private UpstreamMeterSamples() {
    }

    public static void recordEach(MeterRegistry registry) {
        StaleConnectionRetries retries = new StaleConnectionRetries(registry);
        retries.complete();
        retries.streamed();
    }
}
