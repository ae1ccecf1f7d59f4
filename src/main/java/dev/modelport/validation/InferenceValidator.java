package dev.modelport.validation;

import static dev.modelport.api.v1alpha1.Rules.*;

import dev.modelport.api.v1alpha1.Backoff;
import dev.modelport.api.v1alpha1.CircuitBreakerPolicy;
import dev.modelport.api.v1alpha1.Inference;
import dev.modelport.api.v1alpha1.RetryPolicy;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * Checks spec.inference's resilience settings: the CEL rules of the CRD again, with the same messages, and the
 * duration ranges CEL does not check.
 */
final class InferenceValidator {

    static final Duration MAX_INITIAL_BACKOFF = Duration.ofMinutes(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    static final Duration MIN_OPEN_FOR = Duration.ofSeconds(1);
    static final Duration MAX_OPEN_FOR = Duration.ofHours(1);
    static final String INITIAL_OVER_MAX = "initial must not be longer than max";
    static final String FALLBACK_TO_ITSELF = "must not name the model itself";

    private InferenceValidator() {
    }

    /** A model cannot be its own fallback; only here, since the spec alone does not know the model's name. */
    static void fallbacks(String name, Inference inference, List<Violation> problems) {
        if (inference != null && inference.fallbacks != null && inference.fallbacks.contains(name)) {
            problems.add(new Violation("spec.inference.fallbacks", FALLBACK_TO_ITSELF));
        }
    }

    static void validate(Inference inference, List<Violation> problems) {
        if (inference == null) {
            return;
        }
        String field = "spec.inference";
        ExternalModelValidator.duration(field + ".timeout", inference.timeout, Duration.ofMillis(1),
                ExternalModelValidator.MAX_TIMEOUT, problems);
        retry(inference.retry, problems);
        circuitBreaker(inference.circuitBreaker, problems);
        if (inference.fallbacks != null && new HashSet<>(inference.fallbacks).size() != inference.fallbacks.size()) {
            problems.add(new Violation(field + ".fallbacks", FALLBACKS_UNIQUE_MESSAGE));
        }
        if (inference.maxConcurrentRequests != null
                && (inference.maxConcurrentRequests < 1 || inference.maxConcurrentRequests > 10_000)) {
            problems.add(new Violation(field + ".maxConcurrentRequests", MAX_CONCURRENT_REQUESTS_MESSAGE));
        }
    }

    private static void retry(RetryPolicy retry, List<Violation> problems) {
        if (retry == null) {
            return;
        }
        String field = "spec.inference.retry";
        if (retry.attempts != null && (retry.attempts < 0 || retry.attempts > 5)) {
            problems.add(new Violation(field + ".attempts", RETRY_ATTEMPTS_MESSAGE));
        }
        if (retry.on != null && new HashSet<>(retry.on).size() != retry.on.size()) {
            problems.add(new Violation(field + ".on", RETRY_ON_UNIQUE_MESSAGE));
        }
        Backoff backoff = retry.backoff;
        if (backoff == null) {
            return;
        }
        int before = problems.size();
        ExternalModelValidator.duration(field + ".backoff.initial", backoff.initial, Duration.ofMillis(1),
                MAX_INITIAL_BACKOFF, problems);
        ExternalModelValidator.duration(field + ".backoff.max", backoff.max, Duration.ofMillis(1), MAX_BACKOFF,
                problems);
        if (problems.size() == before && backoff.initial != null && backoff.max != null
                && Durations.parse(backoff.initial).compareTo(Durations.parse(backoff.max)) > 0) {
            problems.add(new Violation(field + ".backoff", INITIAL_OVER_MAX));
        }
    }

    private static void circuitBreaker(CircuitBreakerPolicy breaker, List<Violation> problems) {
        if (breaker == null) {
            return;
        }
        String field = "spec.inference.circuitBreaker";
        if (breaker.consecutiveFailures != null
                && (breaker.consecutiveFailures < 1 || breaker.consecutiveFailures > 100)) {
            problems.add(new Violation(field + ".consecutiveFailures", CONSECUTIVE_FAILURES_MESSAGE));
        }
        ExternalModelValidator.duration(field + ".openFor", breaker.openFor, MIN_OPEN_FOR, MAX_OPEN_FOR, problems);
    }
}
