package dev.modelport.tracing;

import static dev.modelport.tracing.SpanAttributes.CHAT;
import static dev.modelport.tracing.SpanAttributes.ERROR_TYPE;
import static dev.modelport.tracing.SpanAttributes.FIRST_TOKEN;
import static dev.modelport.tracing.SpanAttributes.HTTP_STATUS;
import static dev.modelport.tracing.SpanAttributes.MODEL_NAME;
import static dev.modelport.tracing.SpanAttributes.MODEL_NAMESPACE;
import static dev.modelport.tracing.SpanAttributes.OPERATION;
import static dev.modelport.tracing.SpanAttributes.REQUEST_MODEL;
import static dev.modelport.tracing.SpanAttributes.RESPONSE_MODEL;
import static dev.modelport.tracing.SpanAttributes.TIME_TO_FIRST_TOKEN;

import dev.modelport.api.v1alpha1.ExternalModelSpec;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * The SERVER span of one gateway request: the model it names ({@code gen_ai.request.model}, namespace/name), what
 * the model that answered reported (taken from its upstream call's span), the first content written to the caller
 * as an event, and the HTTP status and error code it ended with. Used by one thread at a time, like the request's
 * metrics. {@link #OFF} does nothing and makes nothing.
 */
public final class RequestTrace {

    /** No trace: every method returns at once. */
    public static final RequestTrace OFF = new RequestTrace(null, null, CHAT, 0);

    private final Tracer tracer;
    private final Span span;
    /** The GenAI operation of the request's route: chat, or generate_content (images, transcriptions). */
    private final String operation;
    private final long startNanos;
    private volatile boolean firstTokenSeen;

    RequestTrace(Tracer tracer, Span span, String operation, long startNanos) {
        this.tracer = tracer;
        this.span = span;
        this.operation = operation;
        this.startNanos = startNanos;
    }

    /** The request names this model: an operation whose requested model is {@code <namespace>/<name>}. */
    public void requested(String namespace, String name) {
        if (span == null) {
            return;
        }
        span.setAttribute(OPERATION, operation);
        span.setAttribute(REQUEST_MODEL, namespace + "/" + name);
        span.setAttribute(MODEL_NAMESPACE, namespace);
        span.setAttribute(MODEL_NAME, name);
    }

    /**
     * One upstream call for this request, to the model (the named one or a fallback): a CLIENT span, child of this
     * one, whose context the call sends as its {@code traceparent}.
     */
    public UpstreamTrace attempt(String namespace, String name, ExternalModelSpec spec) {
        if (span == null) {
            return UpstreamTrace.OFF;
        }
        String model = SpanAttributes.upstreamModel(spec);
        return UpstreamTrace.start(tracer, Context.root().with(span),
                model == null ? operation : operation + " " + model, operation, namespace, name, spec, this);
    }

    /** A content chunk was written to the caller: the first one is the span's first-token event. */
    public void contentWritten() {
        if (span == null || firstTokenSeen) {
            return;
        }
        firstTokenSeen = true;
        span.addEvent(FIRST_TOKEN, Attributes.of(TIME_TO_FIRST_TOKEN,
                SpanAttributes.seconds(System.nanoTime() - startNanos)));
    }

    /**
     * The call that answered: its model is the request's response model ({@code <namespace>/<name>}, a fallback
     * perhaps, as the answer names it), and its provider, usage and finish reasons are the request's.
     */
    void answered(String namespace, String name, Attributes answer) {
        span.setAttribute(RESPONSE_MODEL, namespace + "/" + name);
        span.setAllAttributes(answer);
    }

    /**
     * The answer has ended (a stream included).
     *
     * @param errorCode the gateway's error code, or null for a success: a 5xx, or a failure after a 200 (a stream
     *     that broke off), marks the span failed; a 4xx is the caller's error, not the gateway's
     */
    public void end(int status, String errorCode) {
        if (span == null) {
            return;
        }
        span.setAttribute(HTTP_STATUS, status);
        if (errorCode != null) {
            span.setAttribute(ERROR_TYPE, errorCode);
            if (status < 400 || status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
        }
        span.end();
    }
}
