package dev.modelport.gateway.calls;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.AnswerFormat;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.Structure;
import dev.modelport.adapter.UpstreamRoute;
import dev.modelport.api.v1alpha1.Authorization;
import dev.modelport.gateway.EventStream;
import dev.modelport.gateway.GatewayException;
import dev.modelport.gateway.models.ModelRegistry;
import dev.modelport.gateway.models.ServedModel;
import dev.modelport.gateway.telemetry.RequestMetrics;
import dev.modelport.tracing.RequestTrace;
import dev.modelport.tracing.UpstreamTrace;
import dev.modelport.upstream.Completions;
import dev.modelport.upstream.ResolvedEndpoint;
import dev.modelport.upstream.UpstreamClient;
import dev.modelport.upstream.UpstreamResponse;
import dev.modelport.upstream.UpstreamStream;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * One attempt of a call to a served model: credentials from the current Secrets, the body from the compiled
 * structure, then the upstream client. Each form comes twice: from a thread that may block ({@link #call},
 * {@link #stream}), and without blocking from the caller's event loop to an address known at once ({@link #callNow},
 * {@link #streamNow}). The exchange, and the reading of a streamed answer, run on the caller's event loop either
 * way. The request's metrics learn each upstream exchange's duration and status. Each attempt is a span of the
 * request's trace, whose context the upstream request carries. Retries, circuit breaking and fallbacks are
 * {@link ResilientCalls}'.
 */
@ApplicationScoped
public class ModelCalls {

    private static final String JSON = "application/json";

    private final ModelRegistry registry;
    private final UpstreamClient upstream;

    public ModelCalls(ModelRegistry registry, UpstreamClient upstream) {
        this.registry = registry;
        this.upstream = upstream;
    }

    /**
     * Streams the answer into the sink and returns when the upstream has ended. A custom model that declares no
     * streaming is called once and its answer given as one text event.
     *
     * @param caller the stream the events go to: the upstream call runs on its event loop, so that the sink is
     *     called there, and is fed from as fast as the caller reads
     * @param callerGone runs when the caller disconnects or the gateway stops the stream, before the upstream call
     *     is cancelled
     * @param observed the request's metrics, which learn the upstream exchange
     * @param trace the request's trace, of which the upstream call is a span
     */
    public void stream(ServedModel model, Invocation invocation, Consumer<StreamEvent> sink, EventStream caller,
            Runnable callerGone, Duration timeout, RequestMetrics observed, RequestTrace trace)
            throws AdapterException, GatewayException {
        if (!model.structure().streams()) {
            requireStreamable(model);
            asEvents(call(model, invocation.withStream(false), timeout, observed, trace, caller.context()), sink);
            return;
        }
        reading(model, invocation, sink, caller, callerGone, timeout, observed, trace).run();
    }

    /**
     * {@link #stream} without blocking, on the caller's event loop, to an address from {@link #addressNow}: the
     * future completes there when the upstream has ended, or with the failure.
     */
    public CompletableFuture<Void> streamNow(ServedModel model, InetAddress address, Invocation invocation,
            Consumer<StreamEvent> sink, EventStream caller, Runnable callerGone, Duration timeout,
            RequestMetrics observed, RequestTrace trace) {
        try {
            if (!model.structure().streams()) {
                requireStreamable(model);
                return callNow(model, address, invocation.withStream(false), timeout, observed, trace,
                        caller.context()).thenAccept(response -> asEvents(response, sink));
            }
            return reading(model, invocation, sink, caller, callerGone, timeout, observed, trace).runNow(address);
        } catch (AdapterException | GatewayException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A streamed call ready to be sent, its caller fed from it: the reading of its events, which ends its span. */
    private StreamReading reading(ServedModel model, Invocation invocation, Consumer<StreamEvent> sink,
            EventStream caller, Runnable callerGone, Duration timeout, RequestMetrics observed, RequestTrace trace)
            throws AdapterException {
        Structure structure = model.structure();
        ResolvedEndpoint endpoint = model.endpoint().resolve(registry.secrets(model.namespace()));
        byte[] body = structure.renderBytes(invocation.withStream(true));
        UpstreamTrace span = trace.attempt(model.namespace(), model.name(), model.spec());
        UpstreamStream stream;
        try {
            stream = upstream.stream(endpoint, body, timeout, caller.context(), span.traceparent(),
                    structure.answerFormat());
        } catch (RuntimeException e) {
            span.failed(e);
            span.end();
            throw e;
        }
        caller.feedFrom(stream, callerGone);
        return new StreamReading(stream, structure, span, sink, observed);
    }

    /** A model that cannot stream answers a stream as one event only when it is custom. */
    private static void requireStreamable(ServedModel model) throws GatewayException {
        if (model.spec().configuration.custom == null) {
            throw GatewayException.unsupported("streaming: the model does not declare it");
        }
    }

    /** A complete answer as the events of a stream: its text, its usage if known, its finish. */
    private static void asEvents(ModelResponse response, Consumer<StreamEvent> sink) {
        sink.accept(new StreamEvent.TextDelta(response.output()));
        if (response.usage() != null) {
            sink.accept(new StreamEvent.Usage(response.usage()));
        }
        sink.accept(new StreamEvent.Finish(response.finishReason()));
    }

    /**
     * @param observed the request's metrics, which learn the upstream exchange
     * @param trace the request's trace, of which the upstream call is a span
     * @param eventLoop where the exchange runs: the caller's event loop; null for any
     */
    public ModelResponse call(ServedModel model, Invocation invocation, Duration timeout, RequestMetrics observed,
            RequestTrace trace, Context eventLoop) throws AdapterException {
        ResolvedEndpoint endpoint = model.endpoint().resolve(registry.secrets(model.namespace()));
        byte[] body = model.structure().renderBytes(invocation);
        UpstreamTrace span = trace.attempt(model.namespace(), model.name(), model.spec());
        try {
            return answer(model, exchange(endpoint, body, JSON, timeout,
                    span.traceparent(), model.structure().answerFormat(), observed, eventLoop), span);
        } catch (AdapterException | RuntimeException e) {
            span.failed(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * The address {@link #callNow} sends the model's calls to without blocking, or empty when a call must block
     * first (see {@link UpstreamClient#addressNow}).
     */
    public Optional<InetAddress> addressNow(ServedModel model) {
        return upstream.addressNow(model.spec().endpoint, Authorization.typeOf(model.spec().authorization));
    }

    /**
     * {@link #call} without blocking, on the caller's event loop, to an address from {@link #addressNow}: the answer
     * or the failure completes there.
     */
    public CompletableFuture<ModelResponse> callNow(ServedModel model, InetAddress address, Invocation invocation,
            Duration timeout, RequestMetrics observed, RequestTrace trace, Context eventLoop) {
        UpstreamTrace span;
        CompletableFuture<UpstreamResponse> exchange;
        long start = System.nanoTime();
        try {
            ResolvedEndpoint endpoint = model.endpoint().resolve(registry.secrets(model.namespace()));
            byte[] body = model.structure().renderBytes(invocation);
            span = trace.attempt(model.namespace(), model.name(), model.spec());
            exchange = upstream.callNow(endpoint, address, body, JSON, timeout, span.traceparent(),
                    model.structure().answerFormat(), eventLoop);
        } catch (AdapterException e) {
            return CompletableFuture.failedFuture(e);
        }
        return exchange.handle((response, failed) -> {
            try {
                if (failed != null) {
                    AdapterException e = adapterFailure(Completions.cause(failed));
                    observed.upstreamAttempt(start, status(e));
                    throw e;
                }
                observed.upstreamAttempt(start, response.status());
                return answer(model, response, span);
            } catch (AdapterException | RuntimeException e) {
                span.failed(e);
                throw new CompletionException(e);
            } finally {
                span.end();
            }
        });
    }

    /**
     * The model's answer in the endpoint's response, which the span learns; with the endpoint's body when the gateway
     * can forward it.
     */
    private static ModelResponse answer(ServedModel model, UpstreamResponse response, UpstreamTrace span)
            throws AdapterException {
        span.status(response.status());
        Structure structure = model.structure();
        ModelResponse answer = structure.parse(response.body());
        if (structure.answersAsOpenAi()) {
            answer = answer.withVerbatim(response.body());
        }
        span.answered(answer);
        return answer;
    }

    /** The upstream client completes with AdapterExceptions only; anything else is a bug, not an answer. */
    private static AdapterException adapterFailure(Throwable failure) {
        if (failure instanceof AdapterException e) {
            return e;
        }
        throw new IllegalStateException("upstream call failed unexpectedly", failure);
    }

    /**
     * Sends a body as it is, with the model's credentials and headers, to one of its endpoint's routes, and returns
     * the upstream's complete answer: what the image and transcription routes pass through.
     *
     * @param route where to send it, from the model's endpoint: {@link UpstreamRoute}
     * @param eventLoop where the exchange runs: the caller's event loop; null for any
     */
    public UpstreamResponse passThrough(ServedModel model, UpstreamRoute route, byte[] body, String contentType,
            Duration timeout, RequestMetrics observed, RequestTrace trace, Context eventLoop)
            throws AdapterException {
        ResolvedEndpoint endpoint = model.endpoint().resolve(registry.secrets(model.namespace()));
        UpstreamTrace span = trace.attempt(model.namespace(), model.name(), model.spec());
        try {
            UpstreamResponse response = exchange(endpoint.withUrl(route.url(model.spec().endpoint)), body,
                    contentType, timeout, span.traceparent(), model.structure().answerFormat(), observed, eventLoop);
            span.status(response.status());
            return response;
        } catch (AdapterException | RuntimeException e) {
            span.failed(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** The upstream exchange of a call; the request's metrics learn its duration and status. */
    private UpstreamResponse exchange(ResolvedEndpoint endpoint, byte[] body, String contentType, Duration timeout,
            String traceparent, AnswerFormat format, RequestMetrics observed, Context eventLoop)
            throws AdapterException {
        long start = System.nanoTime();
        UpstreamResponse response;
        try {
            response = upstream.call(endpoint, body, contentType, timeout, traceparent, format, eventLoop);
        } catch (AdapterException e) {
            observed.upstreamAttempt(start, status(e));
            throw e;
        }
        observed.upstreamAttempt(start, response.status());
        return response;
    }

    /** The endpoint's status of a failed exchange, or 0 when it answered none. */
    static int status(AdapterException e) {
        return e.httpStatus() == null ? 0 : e.httpStatus();
    }
}
