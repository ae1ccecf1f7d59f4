package dev.modelport.gateway.resilience;

import dev.modelport.adapter.AdapterException;
import dev.modelport.api.v1alpha1.RetryOn;
import dev.modelport.gateway.GatewayException;
import dev.modelport.upstream.Completions;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One model's guards in this gateway replica, built from its policy with Resilience4j: a semaphore bulkhead for
 * maxConcurrentRequests (no waiting: a full model answers at once), a retry with exponential backoff and jitter
 * (or the answer's Retry-After), and a count-based circuit breaker that opens after consecutiveFailures recorded
 * failures in a row and lets one trial call through after openFor. Each attempt asks the breaker first, so an open
 * circuit costs no upstream call and no wait. The wait before a retry holds no thread: the next attempt is started
 * by a timer, on the executor the caller gives (its event loop, or a virtual thread).
 */
public final class ModelGuard {

    /** Events of a guard's circuit, for status and metrics. */
    public interface Listener {
        /**
         * @param since when the circuit first opened: a failed trial call keeps it
         * @param cause the failure that opened it, or null
         */
        void opened(ModelGuard guard, Instant since, Instant retryAt, AdapterException cause);

        void halfOpened(ModelGuard guard);

        void closed(ModelGuard guard);

        void retrying(ModelGuard guard, RetryOn reason);
    }

    /** No call runs long enough to count as slow: a long stream is no failure. */
    private static final Duration NEVER_SLOW = Duration.ofDays(365);

    private final String namespace;
    private final String name;
    private final ResiliencePolicy policy;
    private final Clock clock;
    private final Bulkhead bulkhead;
    /** Null without retries: a call then costs no retry context and no future of its own. */
    private final Retry retry;
    private final CircuitBreaker breaker;
    private volatile Instant retryAt = Instant.EPOCH;
    private volatile Instant openSince;
    private volatile AdapterException lastFailure;

    public ModelGuard(String namespace, String name, ResiliencePolicy policy, Clock clock, Listener listener) {
        this.namespace = namespace;
        this.name = name;
        this.policy = policy;
        this.clock = clock;
        String id = namespace + "/" + name;
        this.bulkhead = policy.maxConcurrentRequests() == null ? null : Bulkhead.of(id, BulkheadConfig.custom()
                .maxConcurrentCalls(policy.maxConcurrentRequests()).maxWaitDuration(Duration.ZERO)
                .writableStackTraceEnabled(false).build());
        this.retry = policy.attempts() == 0 ? null : retry(id, policy, listener);
        this.breaker = policy.breaker() == null ? null : breaker(id, policy.breaker(), clock, listener);
    }

    private Retry retry(String id, ResiliencePolicy policy, Listener listener) {
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff(), 2.0, 0.5,
                policy.maxBackoff());
        Retry built = Retry.of(id, RetryConfig.custom()
                .maxAttempts(policy.attempts() + 1)
                .retryOnException(this::retries)
                .intervalBiFunction((IntervalBiFunction<Object>) (attempt, outcome) -> outcome.isLeft()
                        && outcome.getLeft() instanceof AdapterException e && e.retryAfter() != null
                        ? e.retryAfter().toMillis() : backoff.apply(attempt))
                .writableStackTraceEnabled(false)
                .build());
        built.getEventPublisher().onRetry(event -> Failures.classOf((AdapterException) event.getLastThrowable())
                .ifPresent(reason -> listener.retrying(this, reason)));
        return built;
    }

    private CircuitBreaker breaker(String id, ResiliencePolicy.Breaker settings, Clock clock, Listener listener) {
        CircuitBreaker built = CircuitBreaker.of(id, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.consecutiveFailures())
                .minimumNumberOfCalls(settings.consecutiveFailures())
                .failureRateThreshold(100)
                .slowCallDurationThreshold(NEVER_SLOW)
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> e instanceof AdapterException a && Failures.classOf(a).isPresent())
                .ignoreException(e -> !(e instanceof AdapterException a && Failures.classOf(a).isPresent()))
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build());
        built.getEventPublisher().onStateTransition(event -> {
            switch (event.getStateTransition().getToState()) {
                case OPEN -> {
                    Instant now = clock.instant();
                    if (event.getStateTransition().getFromState() != CircuitBreaker.State.HALF_OPEN) {
                        openSince = now;
                    }
                    retryAt = now.plus(settings.openFor());
                    listener.opened(this, openSince, retryAt, lastFailure);
                }
                case HALF_OPEN -> listener.halfOpened(this);
                case CLOSED -> listener.closed(this);
                default -> {
                }
            }
        });
        return built;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public ResiliencePolicy policy() {
        return policy;
    }

    /** Whether the circuit refuses calls now: open, or half-open with its trial call under way. */
    public boolean refusing() {
        return breaker != null && breaker.getState() != CircuitBreaker.State.CLOSED;
    }

    /** One attempt that runs without blocking, completing with its answer or failure. */
    @FunctionalInterface
    public interface Attempt<T> {
        CompletableFuture<T> start(Duration timeout);
    }

    /**
     * Runs the call, without blocking: a slot under maxConcurrentRequests for all its attempts, then attempts while
     * they fail with a class the policy retries, the caller has seen nothing and is still there, and attempts are
     * left. Each attempt asks the circuit first; the slot is given back when the last attempt completes. Failures
     * complete the future: the last attempt's {@link AdapterException}, or a {@link GatewayException} refusal (circuit
     * open, too many calls) or the attempt's own.
     *
     * @param retries where an attempt after a wait starts: the request's event loop, or a thread that may block
     */
    public <T> CompletableFuture<T> run(Attempt<T> attempt, CallState state, Executor retries) {
        if (bulkhead != null && !bulkhead.tryAcquirePermission()) {
            return CompletableFuture.failedFuture(GatewayException.concurrencyLimit(namespace + "/" + name));
        }
        CompletableFuture<T> answer;
        if (retry == null) {
            answer = once(attempt, state);
        } else {
            answer = new CompletableFuture<>();
            attempts(attempt, state, retries, retry.asyncContext(), answer);
        }
        return bulkhead == null ? answer : answer.whenComplete((result, failure) -> bulkhead.onComplete());
    }

    /** Runs attempts until one answers or the failure is not retried; the wait before a retry is a timer's. */
    private <T> void attempts(Attempt<T> attempt, CallState state, Executor retries, Retry.AsyncContext<T> context,
            CompletableFuture<T> answer) {
        once(attempt, state).whenComplete((result, failed) -> {
            Throwable failure = Completions.cause(failed);
            if (failure == null) {
                context.onComplete();
                answer.complete(result);
                return;
            }
            long waitMillis = failure instanceof AdapterException e && !state.answerStarted() && !state.callerGone()
                    ? context.onError(e) : -1;
            if (waitMillis < 0) {
                answer.completeExceptionally(failure);
            } else {
                CompletableFuture.delayedExecutor(waitMillis, TimeUnit.MILLISECONDS, retries)
                        .execute(() -> attempts(attempt, state, retries, context, answer));
            }
        });
    }

    /** One attempt under the circuit: a failure whose caller left says nothing of the endpoint and is not counted. */
    private <T> CompletableFuture<T> once(Attempt<T> attempt, CallState state) {
        if (breaker == null) {
            return started(attempt);
        }
        if (!breaker.tryAcquirePermission()) {
            return CompletableFuture.failedFuture(GatewayException.modelUnavailable(namespace + "/" + name,
                    Duration.between(clock.instant(), retryAt)));
        }
        long start = breaker.getCurrentTimestamp();
        return started(attempt).whenComplete((result, failed) -> {
            Throwable failure = Completions.cause(failed);
            if (failure == null) {
                breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
            } else if (failure instanceof AdapterException e && !state.callerGone()) {
                lastFailure = e;
                breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
            } else {
                breaker.releasePermission();
            }
        });
    }

    /** The attempt started with the model's timeout; a bug that throws fails it instead. */
    private <T> CompletableFuture<T> started(Attempt<T> attempt) {
        try {
            return attempt.start(policy.timeout());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether the policy retries this failure: its class is listed and its Retry-After, if any, is not too long. */
    private boolean retries(Throwable failure) {
        return failure instanceof AdapterException e && Failures.classOf(e).filter(policy.retryOn()::contains)
                .isPresent() && (e.retryAfter() == null || e.retryAfter().compareTo(policy.maxBackoff()) <= 0);
    }
}
