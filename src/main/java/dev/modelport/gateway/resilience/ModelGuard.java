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

/**
 * One model's guards in this gateway replica, built from its policy with Resilience4j: a semaphore bulkhead for
 * maxConcurrentRequests (no waiting: a full model answers at once), a retry with exponential backoff and jitter
 * (or the answer's Retry-After), and a count-based circuit breaker that opens after consecutiveFailures recorded
 * failures in a row and lets one trial call through after openFor. Each attempt asks the breaker first, so an open
 * circuit costs no upstream call and no wait. Waits sleep the calling thread: always a virtual thread, never an
 * event loop.
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

    /** One attempt of the call, with the model's timeout. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run(Duration timeout) throws AdapterException, GatewayException;
    }

    /** No call runs long enough to count as slow: a long stream is no failure. */
    private static final Duration NEVER_SLOW = Duration.ofDays(365);

    private final String namespace;
    private final String name;
    private final ResiliencePolicy policy;
    private final Clock clock;
    private final Bulkhead bulkhead;
    /** Null without retries: a call then costs no retry context. */
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

    /**
     * Runs the call: a slot under maxConcurrentRequests for all its attempts, then attempts while they fail with a
     * class the policy retries, the caller has seen nothing and is still there, and attempts are left.
     *
     * @throws AdapterException the last attempt's failure
     * @throws GatewayException a refusal (circuit open, too many calls) or the attempt's own
     */
    public <T> T run(Attempt<T> attempt, CallState state) throws AdapterException, GatewayException {
        if (bulkhead != null && !bulkhead.tryAcquirePermission()) {
            throw GatewayException.concurrencyLimit(namespace + "/" + name);
        }
        try {
            if (retry == null) {
                return once(attempt, state);
            }
            Retry.Context<T> context = retry.context();
            while (true) {
                try {
                    T result = once(attempt, state);
                    context.onComplete();
                    return result;
                } catch (AdapterException e) {
                    if (state.answerStarted() || state.callerGone()) {
                        throw e;
                    }
                    waitOrThrow(context, e);
                }
            }
        } finally {
            if (bulkhead != null) {
                bulkhead.onComplete();
            }
        }
    }

    /** One attempt that runs without blocking, completing with its answer or failure. */
    @FunctionalInterface
    public interface AttemptNow<T> {
        CompletableFuture<T> start(Duration timeout);
    }

    /**
     * {@link #run} without blocking, for a policy without retries (no attempts, so no wait): the slot and the
     * circuit are taken at once, and given back when the attempt completes. Failures complete the future, as
     * {@link #run} throws them.
     *
     * @throws IllegalStateException for a policy with retries
     */
    public <T> CompletableFuture<T> runNow(AttemptNow<T> attempt) {
        if (retry != null) {
            throw new IllegalStateException("a policy with retries waits between attempts: use run");
        }
        if (bulkhead != null && !bulkhead.tryAcquirePermission()) {
            return CompletableFuture.failedFuture(GatewayException.concurrencyLimit(namespace + "/" + name));
        }
        CompletableFuture<T> answer;
        if (breaker == null) {
            answer = attempt.start(policy.timeout());
        } else if (!breaker.tryAcquirePermission()) {
            answer = CompletableFuture.failedFuture(GatewayException.modelUnavailable(namespace + "/" + name,
                    Duration.between(clock.instant(), retryAt)));
        } else {
            long start = breaker.getCurrentTimestamp();
            answer = attempt.start(policy.timeout()).whenComplete((result, failure) -> {
                Throwable cause = Completions.cause(failure);
                if (cause == null) {
                    breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
                } else if (cause instanceof AdapterException e) {
                    lastFailure = e;
                    breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
                } else {
                    breaker.releasePermission();
                }
            });
        }
        return bulkhead == null ? answer : answer.whenComplete((result, failure) -> bulkhead.onComplete());
    }

    /** Waits before the next attempt, or rethrows the failure when it is not retried. */
    private static void waitOrThrow(Retry.Context<?> context, AdapterException failure) throws AdapterException {
        try {
            context.onError(failure);
        } catch (AdapterException e) {
            throw e;
        } catch (Exception e) {
            // Resilience4j rethrows the failure it was given; anything else is an interrupted wait.
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    private <T> T once(Attempt<T> attempt, CallState state) throws AdapterException, GatewayException {
        if (breaker == null) {
            return attempt.run(policy.timeout());
        }
        if (!breaker.tryAcquirePermission()) {
            throw GatewayException.modelUnavailable(namespace + "/" + name, Duration.between(clock.instant(),
                    retryAt));
        }
        long start = breaker.getCurrentTimestamp();
        try {
            T result = attempt.run(policy.timeout());
            breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
            return result;
        } catch (AdapterException e) {
            if (state.callerGone()) {
                breaker.releasePermission();
            } else {
                lastFailure = e;
                breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
            }
            throw e;
        } catch (GatewayException | RuntimeException e) {
            breaker.releasePermission();
            throw e;
        }
    }

    /** Whether the policy retries this failure: its class is listed and its Retry-After, if any, is not too long. */
    private boolean retries(Throwable failure) {
        return failure instanceof AdapterException e && Failures.classOf(e).filter(policy.retryOn()::contains)
                .isPresent() && (e.retryAfter() == null || e.retryAfter().compareTo(policy.maxBackoff()) <= 0);
    }
}
