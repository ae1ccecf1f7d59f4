package dev.modelport.tracing;

import static dev.modelport.tracing.SpanAttributes.HTTP_METHOD;
import static dev.modelport.tracing.SpanAttributes.HTTP_ROUTE;

import dev.modelport.api.v1alpha1.ExternalModelSpec;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where Modelport's spans start (README, "Traces"): one SERVER span per gateway request, one CLIENT span per
 * upstream call ({@link RequestTrace#attempt}) and one per connectivity test. Off unless
 * {@code quarkus.otel.sdk.disabled} is false, which the chart sets with an OTLP endpoint; off, every trace is the
 * shared inert {@link RequestTrace#OFF} or {@link UpstreamTrace#OFF}, so a request builds no span, no attribute and
 * no header, and reads no trace header.
 */
@Singleton
public class Tracing {

    /** Tracing off: for the commands and tests that run without Quarkus. */
    public static final Tracing OFF = new Tracing((Tracer) null);

    private static final String SCOPE = "dev.modelport";

    /** Null when off. */
    private final Tracer tracer;

    @Inject
    Tracing(OpenTelemetry openTelemetry, @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean disabled) {
        this(disabled ? null : openTelemetry.getTracer(SCOPE));
    }

    /** Tracing with this tracer; null for off. */
    public Tracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * The SERVER span of one gateway request, named by its method and route, child of the caller's
     * {@code traceparent} when it sent a valid one (the caller's sampling decision then holds).
     *
     * @param route the route's template, e.g. /v1/chat/completions
     */
    public RequestTrace request(HttpServerRequest request, String route) {
        if (tracer == null) {
            return RequestTrace.OFF;
        }
        return request(request.method().name(), route, request.getHeader(Traceparent.HEADER));
    }

    /** @param traceparent the caller's traceparent header, or null */
    RequestTrace request(String method, String route, String traceparent) {
        Span span = tracer.spanBuilder(method + " " + route).setSpanKind(SpanKind.SERVER)
                .setParent(Traceparent.extract(traceparent))
                .setAttribute(HTTP_METHOD, method).setAttribute(HTTP_ROUTE, route).startSpan();
        return new RequestTrace(tracer, span, SpanAttributes.operation(route), System.nanoTime());
    }

    /** The span of one connectivity test of the model: a root span, since no request caused it. */
    public UpstreamTrace test(String namespace, String name, ExternalModelSpec spec) {
        if (tracer == null) {
            return UpstreamTrace.OFF;
        }
        return UpstreamTrace.start(tracer, Context.root(), "connectivity test", SpanAttributes.CHAT, namespace, name,
                spec, null);
    }
}
