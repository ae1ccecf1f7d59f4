package dev.modelport.tracing;

import io.quarkus.arc.Unremovable;
import io.quarkus.opentelemetry.runtime.tracing.instrumentation.vertx.OpenTelemetryVertxHttpMetricsFactory;
import io.quarkus.vertx.VertxOptionsCustomizer;
import io.vertx.core.VertxOptions;
import io.vertx.core.metrics.MetricsOptions;
import jakarta.inject.Singleton;

/**
 * Takes back the Vert.x metrics the OpenTelemetry extension turns on when Micrometer's HTTP server metrics are off
 * (as they are here, to spare the hot path): they serve only to name the routes of the extension's automatic HTTP
 * spans, which are off since Modelport makes its own, yet they would cost every request, traced or not, an object
 * and an entry in its context. Other Vert.x metrics, should an extension install them, are left alone.
 */
@Singleton
@Unremovable
class UnusedVertxMetrics implements VertxOptionsCustomizer {

    @Override
    public void accept(VertxOptions options) {
        MetricsOptions metrics = options.getMetricsOptions();
        if (metrics != null && metrics.getFactory() instanceof OpenTelemetryVertxHttpMetricsFactory) {
            options.setMetricsOptions(new MetricsOptions());
        }
    }
}
