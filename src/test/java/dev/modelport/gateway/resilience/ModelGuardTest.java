package dev.modelport.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.Inference;
import dev.modelport.api.v1alpha1.RetryOn;
import dev.modelport.gateway.GatewayException;
import dev.modelport.testing.MutableClock;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One model's retries, circuit breaker and concurrency bound, on Resilience4j, with a clock the test moves. */
class ModelGuardTest {

    static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    static final AdapterException UNAVAILABLE = AdapterException.httpStatus(503, null, null);
    static final AdapterException BAD_REQUEST = AdapterException.httpStatus(400, null, null);
    static final AdapterException TIMEOUT = new AdapterException(FailureCategory.Timeout, "no answer from h in time");

    final MutableClock clock = new MutableClock(START);
    final List<String> events = new ArrayList<>();
    final ModelGuard.Listener listener = new ModelGuard.Listener() {
        @Override
        public void opened(ModelGuard guard, Instant since, Instant retryAt, AdapterException cause) {
            events.add("opened since " + since + " until " + retryAt + " on " + cause.getMessage());
        }

        @Override
        public void halfOpened(ModelGuard guard) {
            events.add("half-open");
        }

        @Override
        public void closed(ModelGuard guard) {
            events.add("closed");
        }

        @Override
        public void retrying(ModelGuard guard, RetryOn reason) {
            events.add("retry " + reason);
        }
    };

    /** A call state of a request whose caller has seen nothing and is still there. */
    static final CallState FRESH = new CallState() {
        @Override
        public boolean answerStarted() {
            return false;
        }

        @Override
        public boolean callerGone() {
            return false;
        }
    };

    ModelGuard guard(String inferenceYaml) {
        Inference inference = Serialization.unmarshal(inferenceYaml, Inference.class);
        return new ModelGuard("team-a", "support", ResiliencePolicy.of(inference, Duration.ofSeconds(60)), clock,
                listener);
    }

    /** An attempt that answers or fails before it returns, as one on a thread that may block. */
    @FunctionalInterface
    interface Blocking<T> {
        T run(Duration timeout) throws AdapterException, GatewayException;
    }

    /** Runs blocking attempts under the guard and waits for the outcome: its answer, or its failure thrown. */
    static <T> T run(ModelGuard guard, Blocking<T> attempt, CallState state) throws Exception {
        CompletableFuture<T> outcome = guard.run(timeout -> {
            try {
                return CompletableFuture.completedFuture(attempt.run(timeout));
            } catch (AdapterException | GatewayException e) {
                return CompletableFuture.failedFuture(e);
            }
        }, state, command -> Thread.ofVirtual().start(command));
        try {
            return outcome.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    /** An attempt that fails with the given failures in turn, then answers "ok". */
    static Blocking<String> failing(AtomicInteger calls, AdapterException... failures) {
        return timeout -> {
            int call = calls.getAndIncrement();
            if (call < failures.length) {
                throw failures[call];
            }
            return "ok";
        };
    }

    @Test
    void shouldRetryAFailureOfAListedClassUntilTheAttemptsAreSpent() throws Exception {
        ModelGuard guard = guard("retry: {attempts: 2, backoff: {initial: 1ms, max: 2ms}}");
        AtomicInteger calls = new AtomicInteger();

        assertThat(run(guard, failing(calls, UNAVAILABLE, UNAVAILABLE), FRESH)).isEqualTo("ok");
        assertThat(calls).hasValue(3);
        assertThat(events).containsExactly("retry ServerError", "retry ServerError");

        calls.set(0);
        assertThatThrownBy(() -> run(guard, failing(calls, UNAVAILABLE, UNAVAILABLE, UNAVAILABLE), FRESH))
                .isSameAs(UNAVAILABLE);
        assertThat(calls).as("the first attempt and two retries").hasValue(3);
    }

    @Test
    void shouldNotRetryByDefaultNorAFailureNoRetryCanHelp() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> run(guard("{}"), failing(calls, UNAVAILABLE), FRESH)).isSameAs(UNAVAILABLE);
        assertThat(calls).as("attempts default to 0").hasValue(1);

        ModelGuard retrying = guard("retry: {attempts: 3, backoff: {initial: 1ms}}");
        calls.set(0);
        assertThatThrownBy(() -> run(retrying, failing(calls, BAD_REQUEST), FRESH)).isSameAs(BAD_REQUEST);
        calls.set(0);
        assertThatThrownBy(() -> run(retrying, failing(calls, TIMEOUT), FRESH)).as("Timeout is not retried by default")
                .isSameAs(TIMEOUT);
        assertThat(calls).hasValue(1);

        ModelGuard timeouts = guard("retry: {attempts: 1, on: [Timeout], backoff: {initial: 1ms}}");
        calls.set(0);
        assertThatThrownBy(() -> run(timeouts, failing(calls, UNAVAILABLE), FRESH)).isSameAs(UNAVAILABLE);
        calls.set(0);
        assertThat(run(timeouts, failing(calls, TIMEOUT), FRESH)).isEqualTo("ok");
        assertThat(events).containsExactly("retry Timeout");
    }

    @Test
    void shouldWaitTheRetryAfterOfTheAnswerUpToMaxAndNotRetryALongerOne() throws Exception {
        ModelGuard guard = guard("retry: {attempts: 1, backoff: {initial: 1ms, max: 1s}}");
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();
        assertThat(run(guard, failing(calls, AdapterException.httpStatus(429, Duration.ofMillis(300), null)), FRESH))
                .isEqualTo("ok");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        AdapterException later = AdapterException.httpStatus(429, Duration.ofSeconds(30), null);
        calls.set(0);
        assertThatThrownBy(() -> run(guard, failing(calls, later), FRESH)).isSameAs(later);
        assertThat(calls).hasValue(1);
    }

    @Test
    void shouldNeverRetryOnceTheAnswerStartedOrTheCallerLeft() {
        ModelGuard guard = guard("retry: {attempts: 5, backoff: {initial: 1ms}}");
        for (CallState state : List.of(state(true, false), state(false, true))) {
            AtomicInteger calls = new AtomicInteger();
            assertThatThrownBy(() -> run(guard, failing(calls, UNAVAILABLE), state)).isSameAs(UNAVAILABLE);
            assertThat(calls).hasValue(1);
        }
    }

    @Test
    void shouldOpenAfterConsecutiveFailuresAnswerAtOnceThenLetOneTrialThrough() throws Exception {
        ModelGuard guard = guard("circuitBreaker: {consecutiveFailures: 3, openFor: 30s}");
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> run(guard, failing(calls, UNAVAILABLE), FRESH)).isSameAs(UNAVAILABLE);
            calls.set(0);
        }
        // An answer that says nothing of the endpoint's health neither counts nor resets.
        assertThatThrownBy(() -> run(guard, failing(calls, BAD_REQUEST), FRESH)).isSameAs(BAD_REQUEST);
        calls.set(0);
        assertThat(guard.refusing()).isFalse();
        assertThatThrownBy(() -> run(guard, failing(calls, TIMEOUT), FRESH)).isSameAs(TIMEOUT);
        assertThat(guard.refusing()).isTrue();
        assertThat(events).containsExactly("opened since " + START + " until " + START.plusSeconds(30)
                + " on no answer from h in time");

        calls.set(0);
        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> run(guard, failing(calls), FRESH)).isInstanceOfSatisfying(GatewayException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.code()).isEqualTo("model_unavailable");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(e.getMessage()).isEqualTo("model team-a/support is unavailable: its endpoint failed "
                            + "repeatedly and is not called for now (circuit open)");
                });
        assertThat(calls).as("calls while open").hasValue(0);

        // Resilience4j lets the trial through once openFor has passed, not at its last instant.
        clock.advance(Duration.ofSeconds(20).plusMillis(1));
        assertThatThrownBy(() -> run(guard, failing(calls, UNAVAILABLE), FRESH)).isSameAs(UNAVAILABLE);
        assertThat(calls).as("the trial call").hasValue(1);
        assertThat(events).containsExactly(events.get(0), "half-open", "opened since " + START + " until "
                + START.plusSeconds(60).plusMillis(1) + " on endpoint answered HTTP 503");

        clock.advance(Duration.ofSeconds(30).plusMillis(1));
        calls.set(0);
        assertThat(run(guard, failing(calls), FRESH)).isEqualTo("ok");
        assertThat(guard.refusing()).isFalse();
        assertThat(events).endsWith("half-open", "closed");
    }

    @Test
    void shouldAnswerAnOpenCircuitWellUnderAMillisecond() {
        ModelGuard guard = guard("circuitBreaker: {consecutiveFailures: 1}");
        assertThatThrownBy(() -> run(guard, failing(new AtomicInteger(), UNAVAILABLE), FRESH));
        long[] nanos = new long[2000];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            try {
                run(guard, timeout -> "called", FRESH);
                throw new AssertionError("an open circuit called the endpoint");
            } catch (GatewayException e) {
                nanos[i] = System.nanoTime() - start;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        java.util.Arrays.sort(nanos);
        assertThat(Duration.ofNanos(nanos[nanos.length / 2])).as("median").isLessThan(Duration.ofNanos(50_000));
    }

    @Test
    void shouldNotCountACallWhoseCallerLeft() {
        ModelGuard guard = guard("circuitBreaker: {consecutiveFailures: 1}");
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> run(guard, failing(calls, UNAVAILABLE), state(false, true))).isSameAs(UNAVAILABLE);
        assertThat(guard.refusing()).isFalse();
    }

    @Test
    void shouldRefuseACallBeyondMaxConcurrentRequestsAtOnce() throws Exception {
        ModelGuard guard = guard("maxConcurrentRequests: 1");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                run(guard, timeout -> {
                    running.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "first";
                }, FRESH);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> run(guard, timeout -> "second", FRESH))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.code()).isEqualTo("concurrency_limit_exceeded");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
                });
        release.countDown();
        first.join(5000);
        String third = run(guard, timeout -> "third", FRESH);
        assertThat(third).as("the slot is free again").isEqualTo("third");
    }

    @Test
    void shouldGiveEachAttemptTheModelsTimeout() throws Exception {
        List<Duration> timeouts = new ArrayList<>();
        run(guard("timeout: 2s"), timeout -> timeouts.add(timeout), FRESH);
        run(guard("{}"), timeout -> timeouts.add(timeout), FRESH);
        assertThat(timeouts).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(60));
    }

    static CallState state(boolean started, boolean gone) {
        return new CallState() {
            @Override
            public boolean answerStarted() {
                return started;
            }

            @Override
            public boolean callerGone() {
                return gone;
            }
        };
    }

    @Test
    void shouldRunAnAttemptWithoutBlockingUnderTheSameCircuitAndBoundAsRun() throws Exception {
        ModelGuard guard = guard("""
                circuitBreaker: {consecutiveFailures: 2, openFor: 30s}
                maxConcurrentRequests: 1
                """);
        CompletableFuture<String> upstream = new CompletableFuture<>();
        CompletableFuture<String> first = guard.run(timeout -> upstream, FRESH, Runnable::run);
        assertThat(guard.run(timeout -> CompletableFuture.completedFuture("second"), FRESH, Runnable::run))
                .as("the slot is held until the attempt completes").isCompletedExceptionally();
        upstream.complete("first");
        assertThat(first).isCompletedWithValue("first");
        assertThat(guard.run(timeout -> CompletableFuture.completedFuture("third"), FRESH, Runnable::run))
                .isCompletedWithValue("third");

        for (int i = 0; i < 2; i++) {
            assertThat(guard.run(timeout -> CompletableFuture.failedFuture(UNAVAILABLE), FRESH, Runnable::run))
                    .isCompletedExceptionally();
        }
        assertThat(events).as("two failures in a row open the circuit, as for run").hasSize(1)
                .first().asString().startsWith("opened");
        assertThat(guard.run(timeout -> {
            throw new AssertionError("an open circuit called the endpoint");
        }, FRESH, Runnable::run)).failsWithin(Duration.ZERO).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void shouldRetryWithoutBlockingStartingTheRetryOnTheGivenExecutorAfterItsWait() throws Exception {
        ModelGuard guard = guard("retry: {attempts: 2, backoff: {initial: 200ms, max: 300ms}}");
        AtomicInteger calls = new AtomicInteger();
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        ExecutorService loop = Executors.newSingleThreadExecutor(task -> new Thread(task, "event-loop"));
        try {
            CompletableFuture<String> answer = guard.run(timeout -> {
                threads.add(Thread.currentThread().getName());
                return calls.getAndIncrement() < 2 ? CompletableFuture.failedFuture(UNAVAILABLE)
                        : CompletableFuture.completedFuture("ok");
            }, FRESH, loop);
            assertThat(answer).as("waiting for the retry, not blocked in it").isNotDone();
            assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("ok");
            assertThat(threads).containsExactly(Thread.currentThread().getName(), "event-loop", "event-loop");
            assertThat(events).containsExactly("retry ServerError", "retry ServerError");

            calls.set(0);
            assertThat(guard.run(timeout -> {
                calls.incrementAndGet();
                return CompletableFuture.failedFuture(UNAVAILABLE);
            }, state(true, false), loop)).as("nothing is retried once the answer started")
                    .failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause().isSameAs(UNAVAILABLE);
            assertThat(calls).hasValue(1);
        } finally {
            loop.shutdownNow();
        }
    }
}
