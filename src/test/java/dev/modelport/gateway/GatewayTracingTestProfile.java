package dev.modelport.gateway;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The gateway profile with tracing on, exporting to memory ({@link InMemorySpans}) instead of an OTLP collector,
 * every 20 ms.
 */
public class GatewayTracingTestProfile extends GatewayTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("quarkus.otel.sdk.disabled", "false");
        overrides.put("quarkus.otel.bsp.schedule.delay", "20ms");
        return overrides;
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(InMemorySpans.class);
    }
}
