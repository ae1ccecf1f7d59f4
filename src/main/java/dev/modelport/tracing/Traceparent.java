package dev.modelport.tracing;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * The W3C {@code traceparent} header, the only part of the trace context Modelport reads and sends: a caller's
 * {@code tracestate} and {@code baggage} are vendor and application data, neither read nor passed on.
 */
final class Traceparent {

    static final String HEADER = "traceparent";

    /** Reads only the traceparent value: the carrier is that value itself. */
    private static final TextMapGetter<String> ONLY_TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return HEADER.equals(key) ? carrier : null;
        }
    };

    private Traceparent() {
    }

    /** The context of a caller's traceparent; the root context when it sent none or an invalid one. */
    static Context extract(String value) {
        if (value == null) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), value, ONLY_TRACEPARENT);
    }

    /** The traceparent that names the span as the parent of the next hop; null for an invalid context. */
    static String of(SpanContext span) {
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }
}
