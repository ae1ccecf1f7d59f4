package dev.modelport.gateway;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The span exporter of the tracing tests: a CDI bean, which Quarkus's OpenTelemetry extension exports to in place
 * of OTLP. An alternative, so that only the profile that selects it ({@link GatewayTracingTestProfile}) has it.
 */
@Alternative
@Singleton
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
