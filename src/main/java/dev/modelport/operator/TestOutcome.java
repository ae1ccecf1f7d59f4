package dev.modelport.operator;

import static dev.modelport.api.v1alpha1.ConditionType.STALLED;
import static dev.modelport.api.v1alpha1.ConditionType.TESTED;

import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionReasons;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.Conditions;
import dev.modelport.api.v1alpha1.DetectedPaths;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.LastTest;
import dev.modelport.connectivity.TestResult;

/**
 * The outcome of the connectivity test for the current inputs: fresh from a run, or carried over from the status
 * when nothing asked for a new test.
 *
 * @param reason TestPassed, or the failure category's reason
 * @param retryable whether a failure may pass later without a change (timeouts, 5xx, 429, refused)
 */
record TestOutcome(boolean passed, String reason, String message, boolean retryable, LastTest lastTest,
        DetectedPaths detectedPaths) {

    static TestOutcome of(TestResult result) {
        LastTest lastTest = result.lastTest();
        if (result.passed()) {
            return new TestOutcome(true, ConditionReasons.TEST_PASSED, "HTTP " + lastTest.httpStatus + " in "
                    + lastTest.durationMillis + " ms", false, lastTest, result.detectedPaths());
        }
        return new TestOutcome(false, result.failure().category().reason(), result.failure().getMessage(),
                result.failure().isTransient(), lastTest, result.detectedPaths());
    }

    /** The outcome the status records, or null when it records none (never tested, or not for these inputs). */
    static TestOutcome fromStatus(ExternalModelStatus status) {
        Condition tested = status == null ? null : Conditions.find(status.conditions, TESTED);
        if (tested == null || status.lastTest == null || tested.status == ConditionStatus.UNKNOWN) {
            return null;
        }
        boolean passed = tested.status == ConditionStatus.TRUE;
        return new TestOutcome(passed, tested.reason, tested.message,
                !passed && !Conditions.has(status.conditions, STALLED, ConditionStatus.TRUE), status.lastTest,
                status.detectedPaths);
    }
}
