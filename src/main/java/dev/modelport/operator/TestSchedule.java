package dev.modelport.operator;

import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.Conditions;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.LastTest;
import dev.modelport.validation.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When the connectivity test runs (tests may cost money, so never on every reconcile): when the inputs (spec
 * generation, Secret values) or the retest annotation changed, when spec.test.retestInterval has elapsed, and after
 * a transient failure with a backoff that doubles from 5 s to 5 min.
 *
 * @param testKey identifies the run to do; equal keys are the same run
 * @param due whether a test must run now
 * @param wakeIn when to look again though nothing changes, or null
 */
record TestSchedule(boolean due, String testKey, Duration wakeIn) {

    static final Duration MIN_BACKOFF = Duration.ofSeconds(5);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    static TestSchedule decide(ExternalModelStatus status, TestInputs inputs, String retestInterval, Instant now) {
        LastTest last = status == null ? null : status.lastTest;
        TestOutcome outcome = TestOutcome.fromStatus(status);
        String key = inputs.hash() + "|" + inputs.retestRequest() + "|" + (last == null ? "" : last.time);
        if (outcome == null || !inputs.hash().equals(last.inputsHash) || !Objects.equals(inputs.retestRequest(),
                last.retestRequest)) {
            return new TestSchedule(true, key, null);
        }
        Instant next;
        if (outcome.passed()) {
            Duration interval = Durations.parse(retestInterval);
            if (interval == null) {
                return new TestSchedule(false, key, null);
            }
            next = last.time.plus(interval);
        } else if (outcome.retryable()) {
            next = retryAt(status);
        } else {
            return new TestSchedule(false, key, null);
        }
        Duration wait = Duration.between(now, next);
        return wait.isNegative() || wait.isZero() ? new TestSchedule(true, key, null)
                : new TestSchedule(false, key, wait);
    }

    /** When a model whose last test failed transiently is tested again, from its status. */
    static Instant retryAt(ExternalModelStatus status) {
        Condition tested = Conditions.find(status.conditions, ConditionType.TESTED);
        return retryAt(tested.lastTransitionTime, status.lastTest.time);
    }

    /**
     * The retry after a transient failure: the last test's time plus how long the model had been failing then,
     * between 5 s and 5 min, so the pause doubles from one retry to the next.
     */
    static Instant retryAt(Instant firstFailure, Instant lastTest) {
        Duration failing = Duration.between(firstFailure, lastTest);
        Duration pause = failing.compareTo(MIN_BACKOFF) < 0 ? MIN_BACKOFF
                : failing.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : failing;
        return lastTest.plus(pause);
    }
}
