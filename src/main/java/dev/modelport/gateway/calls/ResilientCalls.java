package dev.modelport.gateway.calls;

import dev.modelport.gateway.calls.Candidates.Candidate;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Answers a request with the model it names or, when that model cannot answer, with its fallbacks in order. Each
 * model is called under its own guard (maxConcurrentRequests, retries, circuit breaker). A model hands the request
 * over only when it is unavailable: a connection failure, timeout, 408, 429 or 5xx after its retries, an open
 * circuit, its concurrency bound, or (the named model only) not being servable; never once part of the answer went
 * to the caller or the caller has gone. A fallback is tried only when the caller may invoke it and it is served;
 * its own fallbacks are not followed. When no model answers, the last failure is the answer.
 *
 * <p>One path for both threads a request may run on: attempts are futures, the wait before a retry a timer. A
 * request answered on its event loop ({@link #now}) never blocks: its models, the caller's right to each fallback and
 * their addresses are known before the first attempt, and its retries start on the event loop. A request on a thread
 * that may block ({@link #call}, {@link #stream}) looks each fallback up and authorizes it when its turn comes, its
 * attempts block that thread, and its retries run on virtual threads of their own.
 */
@ApplicationScoped
public class ResilientCalls {

    /** A complete answer and the model that gave it. */
    public record Answer(ServedModel model, ModelResponse response) {
    }

    /** One model's attempt at the request, on a thread that may block. */
    @FunctionalInterface
    public interface Call<T> {
        T run(ServedModel model, Duration timeout) throws AdapterException, GatewayException;
    }

    /** Where a blocking request's retries run: a thread that may block. */
    private static final Executor RETRY_THREADS = command -> Thread.ofVirtual().start(command);

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

    /** One model's attempt, started without blocking, or over (on a thread that may block) when it returns. */
    @FunctionalInterface
    private interface Start<T> {
        CompletableFuture<T> start(Candidate candidate, Duration timeout);
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

    /**
     * Whether the request can be answered on its event loop, without blocking ({@link Candidates#now}). The caller
     * must already be authorized for the selected model.
     *
     * @return empty when it must be answered from a thread that may block: {@link #call}, {@link #stream}
     */
    public Optional<Candidates.Now> now(GatewayRequest request, ModelSelection selection) {
        return Candidates.now(registry, guards, authorizer, calls, request, selection);
    }

    /** A complete answer on the request's event loop; the answer, or the failure, completes there. */
    public CompletableFuture<Answer> callNow(GatewayRequest request, Candidates.Now now, Invocation invocation) {
        return answer(request, new Progress(), now, (candidate, timeout) -> calls.callNow(candidate.model(),
                candidate.address(), invocation, timeout, request.metrics(), request.trace(), request.eventLoop())
                .thenApply(response -> answered(request, candidate, new Answer(candidate.model(), response))),
                eventLoop(request));
    }

    /**
     * A streamed answer on the request's event loop, as {@link #stream}: the future completes there when the stream
     * has ended, or with the failure.
     */
    public CompletableFuture<Void> streamNow(GatewayRequest request, Candidates.Now now, Invocation invocation,
            Consumer<StreamEvent> sink, Consumer<ServedModel> answeredBy, EventStream out) {
        Progress progress = new Progress();
        return answer(request, progress, now, (candidate, timeout) -> calls.streamNow(candidate.model(),
                candidate.address(), invocation, first(request, progress, candidate.model(), sink, answeredBy), out,
                () -> progress.gone = true, timeout, request.metrics(), request.trace()), eventLoop(request));
    }

    /** A complete answer. The caller must already be authorized for the selected model. */
    public Answer call(GatewayRequest request, ModelSelection selection, Invocation invocation)
            throws GatewayException {
        return call(request, selection, (model, timeout) -> new Answer(model, calls.call(model, invocation, timeout,
                request.metrics(), request.trace(), request.eventLoop())));
    }

    /**
     * Any other call of the model (an image, a transcription): the attempt under the same guard, with the same
     * fallbacks, as a complete answer. The caller must already be authorized for the selected model.
     */
    public <T> T call(GatewayRequest request, ModelSelection selection, Call<T> call) throws GatewayException {
        return blocking(request, selection, new Progress(),
                (candidate, timeout) -> answered(request, candidate, call.run(candidate.model(), timeout)));
    }

    /**
     * A streamed answer into the sink; {@code answeredBy} learns the answering model before its first event. The
     * caller must already be authorized for the selected model.
     */
    public void stream(GatewayRequest request, ModelSelection selection, Invocation invocation,
            Consumer<StreamEvent> sink, Consumer<ServedModel> answeredBy, EventStream out) throws GatewayException {
        Progress progress = new Progress();
        blocking(request, selection, progress, (candidate, timeout) -> {
            calls.stream(candidate.model(), invocation, first(request, progress, candidate.model(), sink, answeredBy),
                    out, () -> progress.gone = true, timeout, request.metrics(), request.trace());
            return null;
        });
    }

    /** The sink of a model's stream: its first event marks the answer started and names the model that answers. */
    private static Consumer<StreamEvent> first(GatewayRequest request, Progress progress, ServedModel model,
            Consumer<StreamEvent> sink, Consumer<ServedModel> answeredBy) {
        return event -> {
            if (!progress.started) {
                progress.started = true;
                request.answeredBy().accept(model.id());
                answeredBy.accept(model);
            }
            sink.accept(event);
        };
    }

    private static <T> T answered(GatewayRequest request, Candidate candidate, T answer) {
        request.answeredBy().accept(candidate.model().id());
        return answer;
    }

    /** One model's attempt on a thread that may block: it is over when it returns. */
    private interface Blocking<T> {
        T run(Candidate candidate, Duration timeout) throws AdapterException, GatewayException;
    }

    /** Answers on this thread, which may block: it makes the attempts, and waits for the answer. */
    private <T> T blocking(GatewayRequest request, ModelSelection selection, Progress progress, Blocking<T> attempt)
            throws GatewayException {
        Start<T> start = (candidate, timeout) -> {
            try {
                return CompletableFuture.completedFuture(attempt.run(candidate, timeout));
            } catch (AdapterException | GatewayException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
        return await(answer(request, progress, Candidates.blocking(registry, guards, authorizer, request, selection),
                start, RETRY_THREADS));
    }

    /** Where an event-loop request's retries start: on its event loop. */
    private static Executor eventLoop(GatewayRequest request) {
        return command -> request.eventLoop().runOnContext(ignored -> command.run());
    }

    /** Waits for a blocking request's answer: its failures are GatewayExceptions, anything else a bug. */
    private static <T> T await(CompletableFuture<T> answer) throws GatewayException {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GatewayException.of(new AdapterException(FailureCategory.ConnectionFailed,
                    "the call was interrupted"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GatewayException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException bug) {
                throw bug;
            }
            throw new IllegalStateException("a call failed unexpectedly", e.getCause());
        }
    }

    /** The named model, then its fallbacks while each hands the request over. Fails with a GatewayException. */
    private <T> CompletableFuture<T> answer(GatewayRequest request, Progress progress, Candidates models,
            Start<T> start, Executor retries) {
        ModelSelection selection = models.selection;
        String namespace = selection.namespace();
        request.trace().requested(namespace, selection.name());
        Optional<Candidate> named = models.named();
        if (named.isPresent()) {
            request.metrics().model(namespace, selection.name());
            List<String> fallbacks = named.get().guard().policy().fallbacks();
            return handingOver(attempt(named.get(), progress, start, retries), progress,
                    failure -> fallbacks(request, selection, progress, models, fallbacks, 0, failure, start,
                            retries));
        }
        GatewayException failure = unservable(request, selection);
        List<String> fallbacks = registry.requested(namespace, selection.name())
                .map(spec -> spec.inference.fallbacks).orElse(null);
        if (fallbacks == null) {
            return CompletableFuture.failedFuture(failure);
        }
        request.metrics().model(namespace, selection.name());
        return fallbacks(request, selection, progress, models, fallbacks, 0, failure, start, retries);
    }

    /** The fallbacks from the given one on, each while the one before handed over; else the last failure. */
    private <T> CompletableFuture<T> fallbacks(GatewayRequest request, ModelSelection selection, Progress progress,
            Candidates models, List<String> names, int from, GatewayException failure, Start<T> start,
            Executor retries) {
        for (int i = from; i < names.size(); i++) {
            String name = names.get(i);
            Optional<Candidate> fallback = models.fallback(name);
            if (fallback.isEmpty()) {
                continue;
            }
            metrics.fallback(selection.namespace(), selection.name(), name);
            request.metrics().fallbackTried();
            int next = i + 1;
            return handingOver(attempt(fallback.get(), progress, start, retries), progress,
                    failed -> fallbacks(request, selection, progress, models, names, next, failed, start, retries));
        }
        return CompletableFuture.failedFuture(failure);
    }

    private static <T> CompletableFuture<T> attempt(Candidate candidate, Progress progress, Start<T> start,
            Executor retries) {
        return candidate.guard().run(timeout -> start.start(candidate, timeout), progress, retries);
    }

    /** What the next model does when the attempt failed: the next model takes over, or the failure is the answer. */
    private interface HandOver<T> {
        CompletableFuture<T> next(GatewayException failure);
    }

    /**
     * The attempt's answer; or, when it failed for the model's unavailability while nothing went to the caller and the
     * caller is there, what the next model does; else its failure as a GatewayException. A bug fails it as it is.
     */
    private static <T> CompletableFuture<T> handingOver(CompletableFuture<T> attempt, Progress progress,
            HandOver<T> next) {
        return attempt.exceptionallyCompose(failed -> {
            Throwable cause = Completions.cause(failed);
            boolean unavailable;
            GatewayException failure;
            if (cause instanceof AdapterException e) {
                failure = GatewayException.of(e);
                unavailable = Failures.classOf(e).isPresent();
            } else if (cause instanceof GatewayException e) {
                failure = e;
                unavailable = GatewayException.MODEL_UNAVAILABLE.equals(e.code())
                        || GatewayException.CONCURRENCY_LIMIT.equals(e.code());
            } else {
                return CompletableFuture.failedFuture(cause);
            }
            return unavailable && !progress.answerStarted() && !progress.callerGone() ? next.next(failure)
                    : CompletableFuture.failedFuture(failure);
        });
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
}
