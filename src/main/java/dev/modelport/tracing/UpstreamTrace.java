package dev.modelport.tracing;

import static dev.modelport.tracing.SpanAttributes.ERROR_TYPE;
import static dev.modelport.tracing.SpanAttributes.FINISH_REASONS;
import static dev.modelport.tracing.SpanAttributes.FIRST_TOKEN;
import static dev.modelport.tracing.SpanAttributes.HTTP_STATUS;
import static dev.modelport.tracing.SpanAttributes.INPUT_TOKENS;
import static dev.modelport.tracing.SpanAttributes.MODEL_NAME;
import static dev.modelport.tracing.SpanAttributes.MODEL_NAMESPACE;
import static dev.modelport.tracing.SpanAttributes.OPERATION;
import static dev.modelport.tracing.SpanAttributes.OUTPUT_TOKENS;
import static dev.modelport.tracing.SpanAttributes.PROVIDER;
import static dev.modelport.tracing.SpanAttributes.REQUEST_MODEL;
import static dev.modelport.tracing.SpanAttributes.RESPONSE_MODEL;
import static dev.modelport.tracing.SpanAttributes.SERVER_ADDRESS;
import static dev.modelport.tracing.SpanAttributes.SYSTEM;
import static dev.modelport.tracing.SpanAttributes.TEST_OUTCOME;
import static dev.modelport.tracing.SpanAttributes.TIME_TO_FIRST_TOKEN;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.function.Consumer;

/**
 * The CLIENT span of one call to a model's endpoint: an attempt of a gateway request (each retry and each fallback
 * its own span) or a connectivity test. It carries the model's identity, provider and upstream model id, the
 * endpoint's host, what the answer reported (the endpoint's model, token counts, finish reason), the first content
 * as an event (streams), and the HTTP status or the failure's category. Its context is the call's
 * {@code traceparent}. {@link #OFF} does nothing and makes nothing.
 *
 * <p>The answer's facts may arrive on the stream's event loop while the span was started on the calling thread;
 * they are read by {@link #end}, on the calling thread once the stream has ended.
 */
public final class UpstreamTrace {

    /** No trace: every method returns at once, and {@link #observing} hands back the sink itself. */
    public static final UpstreamTrace OFF = new UpstreamTrace(null, null, null, null, null, 0);

    private final Span span;
    private final RequestTrace request;
    private final String namespace;
    private final String name;
    private final String provider;
    private final long startNanos;
    private volatile int status;
    private volatile boolean contentSeen;
    private volatile Long inputTokens;
    private volatile Long outputTokens;
    private volatile String finishReason;
    private volatile String responseModel;
    private volatile String errorType;

    private UpstreamTrace(Span span, RequestTrace request, String namespace, String name, String provider,
            long startNanos) {
        this.span = span;
        this.request = request;
        this.namespace = namespace;
        this.name = name;
        this.provider = provider;
        this.startNanos = startNanos;
    }

    /** @param request the gateway request the call answers, or null for a connectivity test */
    static UpstreamTrace start(Tracer tracer, Context parent, String spanName, String operation, String namespace,
            String name, ExternalModelSpec spec, RequestTrace request) {
        String provider = SpanAttributes.provider(spec);
        var builder = tracer.spanBuilder(spanName).setSpanKind(SpanKind.CLIENT).setParent(parent)
                .setAttribute(OPERATION, operation)
                .setAttribute(PROVIDER, provider)
                .setAttribute(SYSTEM, provider)
                .setAttribute(MODEL_NAMESPACE, namespace)
                .setAttribute(MODEL_NAME, name);
        String model = SpanAttributes.upstreamModel(spec);
        if (model != null) {
            builder.setAttribute(REQUEST_MODEL, model);
        }
        String host = SpanAttributes.host(spec.endpoint);
        if (host != null) {
            builder.setAttribute(SERVER_ADDRESS, host);
        }
        return new UpstreamTrace(builder.startSpan(), request, namespace, name, provider, System.nanoTime());
    }

    /** The {@code traceparent} the call sends: this span as the upstream's parent; null when off. */
    public String traceparent() {
        return span == null ? null : Traceparent.of(span.getSpanContext());
    }

    /** The endpoint answered with this HTTP status. */
    public void status(int status) {
        this.status = status;
    }

    /** What a complete answer reported. */
    public void answered(ModelResponse response) {
        if (span == null) {
            return;
        }
        usage(response.usage());
        finishReason = response.finishReason();
        responseModel = response.model();
    }

    /** The sink, seeing each event of a streamed answer on its way; off, the sink itself. */
    public Consumer<StreamEvent> observing(Consumer<StreamEvent> sink) {
        if (span == null) {
            return sink;
        }
        return event -> {
            observe(event);
            sink.accept(event);
        };
    }

    private void observe(StreamEvent event) {
        switch (event) {
            case StreamEvent.TextDelta text -> firstToken();
            case StreamEvent.ToolCallDelta call -> firstToken();
            case StreamEvent.Usage counts -> usage(counts.usage());
            case StreamEvent.Finish finish -> finishReason = finish.finishReason();
            case StreamEvent.Model model -> responseModel = model.model();
            case StreamEvent.Chunk chunk -> {
                // What the chunk says comes as the events read from it.
            }
        }
    }

    private void firstToken() {
        if (!contentSeen) {
            contentSeen = true;
            span.addEvent(FIRST_TOKEN, Attributes.of(TIME_TO_FIRST_TOKEN,
                    SpanAttributes.seconds(System.nanoTime() - startNanos)));
        }
    }

    /** Later counts replace earlier ones where known, as the gateway counts them. */
    private void usage(TokenUsage usage) {
        if (usage != null) {
            inputTokens = usage.inputTokens() != null ? usage.inputTokens() : inputTokens;
            outputTokens = usage.outputTokens() != null ? usage.outputTokens() : outputTokens;
        }
    }

    /**
     * The call failed: its category (or, for anything but an endpoint failure, the exception's class) is the
     * span's error type; never its message.
     */
    public void failed(Throwable failure) {
        if (span == null) {
            return;
        }
        if (failure instanceof AdapterException e) {
            errorType = e.category().name();
            if (e.httpStatus() != null) {
                status = e.httpStatus();
            }
        } else {
            errorType = failure.getClass().getName();
        }
    }

    /**
     * Ends the span with what the call reported. When it answered the request (it succeeded, or content of it
     * reached the caller before it failed), the request's span takes its provider, usage and finish reason.
     */
    public void end() {
        if (span == null) {
            return;
        }
        Attributes answer = answer();
        span.setAllAttributes(answer);
        if (responseModel != null) {
            span.setAttribute(RESPONSE_MODEL, responseModel);
        }
        if (status > 0) {
            span.setAttribute(HTTP_STATUS, status);
        }
        String error = errorType;
        if (error != null) {
            span.setAttribute(ERROR_TYPE, error);
            span.setStatus(StatusCode.ERROR);
        }
        if (request == null) {
            span.setAttribute(TEST_OUTCOME, error == null ? "Passed" : error);
        } else if (error == null || contentSeen) {
            request.answered(namespace, name, answer);
        }
        span.end();
    }

    /** The facts of the answer a request's span shares: the provider, the counts, the finish reason. */
    private Attributes answer() {
        AttributesBuilder answer = Attributes.builder().put(PROVIDER, provider).put(SYSTEM, provider);
        if (inputTokens != null) {
            answer.put(INPUT_TOKENS, inputTokens);
        }
        if (outputTokens != null) {
            answer.put(OUTPUT_TOKENS, outputTokens);
        }
        if (finishReason != null) {
            answer.put(FINISH_REASONS, List.of(finishReason));
        }
        return answer.build();
    }
}
