package dev.modelport.gateway.resilience;

import dev.modelport.api.v1alpha1.Backoff;
import dev.modelport.api.v1alpha1.CircuitBreakerPolicy;
import dev.modelport.api.v1alpha1.Inference;
import dev.modelport.api.v1alpha1.RetryOn;
import dev.modelport.api.v1alpha1.RetryPolicy;
import dev.modelport.validation.Durations;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A model's spec.inference resilience settings with their defaults filled in. Values compare equal when the
 * settings are the same, so a spec edit elsewhere keeps a model's breaker state.
 *
 * @param breaker null when the model has no circuit breaker
 * @param maxConcurrentRequests null when unbounded
 */
public record ResiliencePolicy(Duration timeout, int attempts, Set<RetryOn> retryOn, Duration initialBackoff,
        Duration maxBackoff, Breaker breaker, List<String> fallbacks, Integer maxConcurrentRequests) {

    /** An open circuit refuses calls for openFor after consecutiveFailures failed calls in a row. */
    public record Breaker(int consecutiveFailures, Duration openFor) {
    }

    /** @param defaultTimeout the gateway's own upstream timeout, for a model that sets none */
    public static ResiliencePolicy of(Inference inference, Duration defaultTimeout) {
        Inference settings = inference == null ? new Inference() : inference;
        RetryPolicy retry = settings.retry == null ? new RetryPolicy() : settings.retry;
        Backoff backoff = retry.backoff == null ? new Backoff() : retry.backoff;
        Duration max = duration(backoff.max, Backoff.DEFAULT_MAX);
        Duration initial = duration(backoff.initial, Backoff.DEFAULT_INITIAL);
        Breaker breaker = null;
        if (settings.circuitBreaker != null) {
            CircuitBreakerPolicy policy = settings.circuitBreaker;
            breaker = new Breaker(policy.consecutiveFailures == null ? CircuitBreakerPolicy.DEFAULT_CONSECUTIVE_FAILURES
                    : policy.consecutiveFailures, duration(policy.openFor, CircuitBreakerPolicy.DEFAULT_OPEN_FOR));
        }
        List<RetryOn> on = retry.on == null ? RetryPolicy.DEFAULT_ON : retry.on;
        Duration timeout = Durations.parse(settings.timeout);
        return new ResiliencePolicy(timeout == null ? defaultTimeout : timeout,
                retry.attempts == null ? 0 : retry.attempts, on.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(on)),
                // A max below the default initial wait (max only set) makes every wait max.
                initial.compareTo(max) > 0 ? max : initial, max, breaker,
                settings.fallbacks == null ? List.of() : List.copyOf(settings.fallbacks), settings.maxConcurrentRequests);
    }

    private static Duration duration(String text, String otherwise) {
        Duration parsed = Durations.parse(text);
        return parsed != null ? parsed : Durations.parse(otherwise);
    }
}
