package dev.modelport.gateway.calls;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.gateway.EventStream;
import dev.modelport.gateway.GatewayException;
import dev.modelport.gateway.GatewayRequest;
import dev.modelport.gateway.auth.CallerAuthorizer;
import dev.modelport.gateway.models.ModelRegistry;
import dev.modelport.gateway.models.ModelSelection;
import dev.modelport.gateway.models.ServedModel;
import dev.modelport.gateway.resilience.CallState;
import dev.modelport.gateway.resilience.Failures;
import dev.modelport.gateway.resilience.ModelGuard;
import dev.modelport.gateway.resilience.ModelGuards;
import dev.modelport.gateway.resilience.ResilienceMetrics;
import dev.modelport.upstream.Completions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Answers a request with the model it names or, when that model cannot answer, with its fallbacks in order. Each
 * model is called under its own guard (maxConcurrentRequests, retries, circuit breaker). A model hands the request
 * over only when it is unavailable: a connection failure, timeout, 408, 429 or 5xx after its retries, an open
 * circuit, its concurrency bound, or (the named model only) not being servable; never once part of the answer went
 * to the caller or the caller has gone. A fallback is tried only when the caller may invoke it and it is served;
 * its own fallbacks are not followed. When no model answers, the last failure is the answer.
 */
@ApplicationScoped
public class ResilientCalls {

    /** A complete answer and the model that gave it. */
    public record Answer(ServedModel model, ModelResponse response) {
    }

    /** One model's attempt at the request. */
    @FunctionalInterface
    public interface Call<T> {
        T run(ServedModel model, Duration timeout) throws AdapterException, GatewayException;
    }

    /** What the request has done so far; the stream's flags are set on its event loop. */
    private static final class Progress implements CallState {
        private volatile boolean started;
        private volatile boolean gone;

        @Override
        public boolean answerStarted() {
            return started;
        }

        @Override
        public boolean callerGone() {
            return gone;
        }
    }

    private final ModelRegistry registry;
    private final ModelCalls calls;
    private final ModelGuards guards;
    private final CallerAuthorizer authorizer;
    private final ResilienceMetrics metrics;

    public ResilientCalls(ModelRegistry registry, ModelCalls calls, ModelGuards guards, CallerAuthorizer authorizer,
            ResilienceMetrics metrics) {
        this.registry = registry;
        this.calls = calls;
        this.guards = guards;
        this.authorizer = authorizer;
        this.metrics = metrics;
    }

    /** A complete answer. The caller must already be authorized for the selected model. */
    public Answer call(GatewayRequest request, ModelSelection selection, Invocation invocation)
            throws GatewayException {
        return answer(request, selection, new Progress(), (model, timeout) -> {
            ModelResponse response = calls.call(model, invocation, timeout, request.metrics(), request.trace(),
                    request.eventLoop());
            request.answeredBy().accept(model.id());
            return new Answer(model, response);
        });
    }

    /**
     * {@link #call(GatewayRequest, ModelSelection, Invocation)} without blocking, on the request's event loop, when
     * it can be made so: the named model is served, its policy has no retries (no wait) and no fallbacks, and its
     * endpoint can be called at once ({@link ModelCalls#addressNow}). The answer, or the failure, completes there.
     *
     * @return empty when the call must be made with {@link #call} from a thread that may block
     */
    public Optional<CompletableFuture<Answer>> callNow(GatewayRequest request, ModelSelection selection,
            Invocation invocation) {
        Optional<ServedModel> served = registry.find(selection.namespace(), selection.name());
        if (served.isEmpty()) {
            return Optional.empty();
        }
        ServedModel model = served.get();
        ModelGuard guard = guards.guard(model.namespace(), model.name(), model.spec());
        Optional<InetAddress> address = guard.policy().attempts() == 0 && guard.policy().fallbacks().isEmpty()
                ? calls.addressNow(model) : Optional.empty();
        if (address.isEmpty()) {
            return Optional.empty();
        }
        request.trace().requested(selection.namespace(), selection.name());
        request.metrics().model(selection.namespace(), selection.name());
        return Optional.of(guard.runNow(timeout -> calls.callNow(model, address.get(), invocation, timeout,
                request.metrics(), request.trace(), request.eventLoop())).handle((response, failed) -> {
            if (failed != null) {
                Throwable cause = Completions.cause(failed);
                throw new CompletionException(cause instanceof AdapterException e ? GatewayException.of(e) : cause);
            }
            request.answeredBy().accept(model.id());
            return new Answer(model, response);
        }));
    }

    /**
     * Any other call of the model (an image, a transcription): the attempt under the same guard, with the same
     * fallbacks, as a complete answer. The caller must already be authorized for the selected model.
     */
    public <T> T call(GatewayRequest request, ModelSelection selection, Call<T> call) throws GatewayException {
        return answer(request, selection, new Progress(), (model, timeout) -> {
            T result = call.run(model, timeout);
            request.answeredBy().accept(model.id());
            return result;
        });
    }

    /**
     * A streamed answer into the sink; {@code answeredBy} learns the answering model before its first event. The
     * caller must already be authorized for the selected model.
     */
    public void stream(GatewayRequest request, ModelSelection selection, Invocation invocation,
            Consumer<StreamEvent> sink, Consumer<ServedModel> answeredBy, EventStream out) throws GatewayException {
        Progress progress = new Progress();
        answer(request, selection, progress, (model, timeout) -> {
            Consumer<StreamEvent> first = event -> {
                if (!progress.started) {
                    progress.started = true;
                    request.answeredBy().accept(model.id());
                    answeredBy.accept(model);
                }
                sink.accept(event);
            };
            calls.stream(model, invocation, first, out, () -> progress.gone = true, timeout, request.metrics(),
                    request.trace());
            return null;
        });
    }

    private <T> T answer(GatewayRequest request, ModelSelection selection, Progress progress, Call<T> call)
            throws GatewayException {
        String namespace = selection.namespace();
        request.trace().requested(namespace, selection.name());
        Optional<ServedModel> primary = registry.find(namespace, selection.name());
        GatewayException failure;
        List<String> fallbacks;
        if (primary.isPresent()) {
            request.metrics().model(namespace, selection.name());
            ModelGuard guard = guards.guard(namespace, selection.name(), primary.get().spec());
            fallbacks = guard.policy().fallbacks();
            Outcome<T> outcome = attempt(primary.get(), guard, progress, call);
            if (outcome.failure() == null || !outcome.handsOver() || fallbacks.isEmpty()) {
                return outcome.get();
            }
            failure = outcome.failure();
        } else {
            failure = unservable(request, selection);
            fallbacks = registry.requested(namespace, selection.name())
                    .map(spec -> spec.inference.fallbacks).orElse(null);
            if (fallbacks == null) {
                throw failure;
            }
            request.metrics().model(namespace, selection.name());
        }
        for (String name : fallbacks) {
            Optional<ServedModel> fallback = authorizer.authorize(request.authorization(), namespace, name)
                    .allowed() ? registry.find(namespace, name) : Optional.empty();
            if (fallback.isEmpty()) {
                continue;
            }
            metrics.fallback(namespace, selection.name(), name);
            request.metrics().fallbackTried();
            Outcome<T> outcome = attempt(fallback.get(), guards.guard(namespace, name, fallback.get().spec()),
                    progress, call);
            if (outcome.failure() == null || !outcome.handsOver()) {
                return outcome.get();
            }
            failure = outcome.failure();
        }
        throw failure;
    }

    /** Why the named model, which is not served, cannot answer: its credentials, or it is not served at all. */
    private GatewayException unservable(GatewayRequest request, ModelSelection selection) {
        return registry.credentialsFailure(selection.namespace(), selection.name())
                .map(category -> {
                    request.metrics().model(selection.namespace(), selection.name());
                    return GatewayException.credentialsUnavailable(category);
                })
                .orElseGet(() -> GatewayException.modelNotFound(selection.id()));
    }

    /** An answer, or the failure and whether the next model may take the request over. */
    private record Outcome<T>(T answer, GatewayException failure, boolean handsOver) {
        T get() throws GatewayException {
            if (failure != null) {
                throw failure;
            }
            return answer;
        }
    }

    private <T> Outcome<T> attempt(ServedModel model, ModelGuard guard, Progress progress, Call<T> call) {
        try {
            return new Outcome<>(guard.run(timeout -> call.run(model, timeout), progress), null, false);
        } catch (AdapterException e) {
            return new Outcome<>(null, GatewayException.of(e), Failures.classOf(e).isPresent() && open(progress));
        } catch (GatewayException e) {
            boolean unavailable = GatewayException.MODEL_UNAVAILABLE.equals(e.code())
                    || GatewayException.CONCURRENCY_LIMIT.equals(e.code());
            return new Outcome<>(null, e, unavailable && open(progress));
        }
    }

    /** Whether another model may still answer: nothing went to the caller, and the caller is there. */
    private static boolean open(Progress progress) {
        return !progress.answerStarted() && !progress.callerGone();
    }
}
