package dev.modelport.operator;

import static dev.modelport.api.v1alpha1.ConditionReasons.*;
import static dev.modelport.api.v1alpha1.ConditionStatus.FALSE;
import static dev.modelport.api.v1alpha1.ConditionStatus.TRUE;
import static dev.modelport.api.v1alpha1.ConditionStatus.UNKNOWN;
import static dev.modelport.api.v1alpha1.ConditionType.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.operator.TransitionEvents.Transition;
import org.junit.jupiter.api.Test;

class TransitionEventsTest {

    @Test
    void shouldWarnInvalidSpecWhenAcceptedBecomesFalse() {
        assertThat(TransitionEvents.between(status(cond(ACCEPTED, TRUE, VALID, "ok")),
                status(cond(ACCEPTED, FALSE, INVALID_SPEC, "spec.endpoint: bad"))))
                .containsExactly(new Transition("Warning", INVALID_SPEC, "spec.endpoint: bad"));
    }

    @Test
    void shouldNotWarnAgainWhileAcceptedStaysFalse() {
        assertThat(TransitionEvents.between(status(cond(ACCEPTED, FALSE, INVALID_SPEC, "spec.endpoint: bad")),
                status(cond(ACCEPTED, FALSE, INVALID_SPEC, "spec.test: missing")))).isEmpty();
    }

    @Test
    void shouldWarnCredentialsMissingWhenCredentialsResolvedBecomesFalse() {
        assertThat(TransitionEvents.between(status(cond(CREDENTIALS_RESOLVED, TRUE, RESOLVED, "ok")),
                status(cond(CREDENTIALS_RESOLVED, FALSE, CREDENTIALS_MISSING, "Secret s has no key k"))))
                .containsExactly(new Transition("Warning", CREDENTIALS_MISSING, "Secret s has no key k"));
    }

    @Test
    void shouldWarnAgainWhenTheCredentialsFailForAnotherReasonOnly() {
        ExternalModelStatus missing = status(cond(CREDENTIALS_RESOLVED, FALSE, CREDENTIALS_MISSING,
                "Secret s not found"));
        ExternalModelStatus refused = status(cond(CREDENTIALS_RESOLVED, FALSE, CREDENTIALS_REFUSED,
                "Secret s key k is empty"));
        assertThat(TransitionEvents.between(missing, refused))
                .containsExactly(new Transition("Warning", CREDENTIALS_REFUSED, "Secret s key k is empty"));
        assertThat(TransitionEvents.between(refused, status(cond(CREDENTIALS_RESOLVED, FALSE, CREDENTIALS_REFUSED,
                "Secret s key j is empty")))).isEmpty();
    }

    @Test
    void shouldRecordTestedWhenTestedBecomesTrue() {
        assertThat(TransitionEvents.between(status(cond(TESTED, UNKNOWN, TEST_RUNNING, "running")),
                status(cond(TESTED, TRUE, TEST_PASSED, "HTTP 200 in 42 ms"))))
                .containsExactly(new Transition("Normal", "Tested", "HTTP 200 in 42 ms"));
    }

    @Test
    void shouldNotRecordRoutineRetestThatPassesAgain() {
        assertThat(TransitionEvents.between(status(cond(TESTED, TRUE, TEST_PASSED, "HTTP 200 in 42 ms")),
                status(cond(TESTED, TRUE, TEST_PASSED, "HTTP 200 in 57 ms")))).isEmpty();
    }

    @Test
    void shouldWarnTestFailedWhenTestStartsFailing() {
        assertThat(TransitionEvents.between(status(cond(TESTED, TRUE, TEST_PASSED, "HTTP 200 in 42 ms")),
                status(cond(TESTED, FALSE, "HTTPStatus", "endpoint answered HTTP 401"))))
                .containsExactly(new Transition("Warning", TEST_FAILED, "HTTPStatus: endpoint answered HTTP 401"));
    }

    @Test
    void shouldWarnTestFailedWhenFailureReasonChanges() {
        assertThat(TransitionEvents.between(status(cond(TESTED, FALSE, "Timeout", "no answer within 30s")),
                status(cond(TESTED, FALSE, "HTTPStatus", "endpoint answered HTTP 503"))))
                .containsExactly(new Transition("Warning", TEST_FAILED, "HTTPStatus: endpoint answered HTTP 503"));
    }

    @Test
    void shouldNotWarnAgainWhenTestFailsForSameReason() {
        assertThat(TransitionEvents.between(status(cond(TESTED, FALSE, "HTTPStatus", "endpoint answered HTTP 503")),
                status(cond(TESTED, FALSE, "HTTPStatus", "endpoint answered HTTP 502")))).isEmpty();
    }

    @Test
    void shouldRecordInferenceEnabledWhenServingStarts() {
        assertThat(TransitionEvents.between(status(cond(INFERENCE_ENABLED, FALSE, SERVICE_PENDING, "creating")),
                status(cond(INFERENCE_ENABLED, TRUE, SERVICE_READY, "served at http://svc/v1"))))
                .containsExactly(new Transition("Normal", "InferenceEnabled", "served at http://svc/v1"));
    }

    @Test
    void shouldRecordInferenceDisabledWhenServingStops() {
        assertThat(TransitionEvents.between(status(cond(INFERENCE_ENABLED, TRUE, SERVICE_READY, "served")),
                status(cond(INFERENCE_ENABLED, FALSE, DISABLED, "spec.inference.enabled is false"))))
                .containsExactly(new Transition("Normal", "InferenceDisabled", "spec.inference.enabled is false"));
    }

    @Test
    void shouldNotRecordAnythingWhenNothingChanged() {
        ExternalModelStatus steady = status(cond(ACCEPTED, TRUE, VALID, "ok"),
                cond(TESTED, TRUE, TEST_PASSED, "HTTP 200"), cond(INFERENCE_ENABLED, TRUE, SERVICE_READY, "s"));

        assertThat(TransitionEvents.between(steady, steady)).isEmpty();
    }

    @Test
    void shouldRecordTransitionsOfFirstStatus() {
        assertThat(TransitionEvents.between(null, status(cond(ACCEPTED, FALSE, INVALID_SPEC, "bad"))))
                .containsExactly(new Transition("Warning", INVALID_SPEC, "bad"));
        assertThat(TransitionEvents.between(null, status(cond(ACCEPTED, TRUE, VALID, "ok"),
                cond(TESTED, TRUE, TEST_PASSED, "HTTP 200"), cond(INFERENCE_ENABLED, TRUE, SERVICE_READY, "s"))))
                .containsExactly(new Transition("Normal", "Tested", "HTTP 200"),
                        new Transition("Normal", "InferenceEnabled", "s"));
        assertThat(TransitionEvents.between(null, status(cond(TESTED, UNKNOWN, TEST_RUNNING, "running"))))
                .isEmpty();
    }

    @Test
    void shouldRecordEveryTransitionOfOneReconcile() {
        ExternalModelStatus before = status(cond(ACCEPTED, TRUE, VALID, "ok"),
                cond(TESTED, TRUE, TEST_PASSED, "HTTP 200"), cond(INFERENCE_ENABLED, TRUE, SERVICE_READY, "s"));
        ExternalModelStatus after = status(cond(ACCEPTED, FALSE, INVALID_SPEC, "bad"),
                cond(TESTED, UNKNOWN, NOT_CHECKED, "the spec is invalid"),
                cond(INFERENCE_ENABLED, FALSE, INVALID_SPEC, "not served: bad"));

        assertThat(TransitionEvents.between(before, after)).containsExactly(
                new Transition("Warning", INVALID_SPEC, "bad"),
                new Transition("Normal", "InferenceDisabled", "not served: bad"));
    }

    private static ExternalModelStatus status(Condition... conditions) {
        ExternalModelStatus status = new ExternalModelStatus();
        status.conditions.addAll(java.util.List.of(conditions));
        return status;
    }

    private static Condition cond(ConditionType type, ConditionStatus status, String reason, String message) {
        Condition condition = new Condition();
        condition.type = type;
        condition.status = status;
        condition.reason = reason;
        condition.message = message;
        condition.lastTransitionTime = java.time.Instant.parse("2025-01-01T10:00:00Z");
        condition.observedGeneration = 1L;
        return condition;
    }
}
