package dev.modelport.operator;

import static dev.modelport.api.v1alpha1.ConditionReasons.*;
import static dev.modelport.api.v1alpha1.ConditionType.*;
import static dev.modelport.api.v1alpha1.ConditionType.READY;

import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.ConditionReasons;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.Conditions;
import dev.modelport.api.v1alpha1.Capabilities;
import dev.modelport.api.v1alpha1.Configuration;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.InferenceStatus;
import dev.modelport.api.v1alpha1.LastTest;
import dev.modelport.api.v1alpha1.OpenCircuit;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.validation.Violation;
import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns what a reconcile observed into the ExternalModel status: phase, conditions (kstatus: Ready from the first
 * reconcile, Reconciling while a test runs or a retry waits, Stalled for failures only a spec or Secret change can
 * fix, Degraded while a gateway replica reports an open circuit), the last test and the detected paths; and a failed
 * reconcile into the same status with Ready saying so. Pure: the same observation and previous status give an equal
 * status, so an unchanged object is never patched.
 */
public final class ExternalModelStatusFactory {

    private final Clock clock;

    public ExternalModelStatusFactory(Clock clock) {
        this.clock = clock;
    }

    ExternalModelStatus build(ExternalModel model, Observation observation) {
        ExternalModelStatus previous = model.getStatus() == null ? new ExternalModelStatus() : model.getStatus();
        ExternalModelSpec spec = model.getSpec();
        ExternalModelStatus status = new ExternalModelStatus();
        status.api = Configuration.apiOf(spec.configuration);
        status.endpointHost = host(spec.endpoint);
        // Only of a valid spec: an invalid one offers nothing, whatever it declares.
        status.capabilities = observation.accepted() ? Capabilities.of(spec) : null;
        status.lastTest = previous.lastTest;
        status.detectedPaths = previous.detectedPaths;
        Conditions conditions = new Conditions(previous.conditions, observation.generation(), clock.instant());
        if (!observation.accepted()) {
            String problems = observation.violations().stream().map(Violation::toString)
                    .collect(Collectors.joining("; "));
            failed(previous, observation, status, conditions.set(ACCEPTED, false, INVALID_SPEC, problems)
                    .unknown(CREDENTIALS_RESOLVED, NOT_CHECKED, "the spec is invalid")
                    .unknown(TESTED, NOT_CHECKED, "the spec is invalid"), INVALID_SPEC, problems, true);
            status.observedGeneration = observation.generation();
        } else if (observation.credentialsFailure() != null) {
            String message = observation.credentialsFailure().getMessage();
            String reason = observation.credentialsFailure().category() == FailureCategory.CredentialsRefused
                    ? CREDENTIALS_REFUSED : CREDENTIALS_MISSING;
            failed(previous, observation, status, conditions.set(ACCEPTED, true, VALID, "the spec is valid")
                    .set(CREDENTIALS_RESOLVED, false, reason, message)
                    .unknown(TESTED, NOT_CHECKED, "the credentials cannot be resolved"), reason, message, true);
            status.observedGeneration = observation.generation();
        } else if (observation.test() == null) {
            running(previous, observation, status, conditions);
        } else {
            tested(previous, spec, observation, status, conditions.set(ACCEPTED, true, VALID, "the spec is valid")
                    .set(CREDENTIALS_RESOLVED, true, RESOLVED, "every referenced Secret key exists"));
            status.observedGeneration = observation.generation();
        }
        degraded(previous, spec, conditions);
        status.conditions = conditions.build();
        return status;
    }

    /**
     * The status after a reconcile failed: what the previous status said, but Ready Unknown while the operator
     * retries (and Reconciling), or False once it gave up until the next change (and Stalled, phase Failed), with
     * reason ReconcileError and a message naming the error, never a value.
     */
    ExternalModelStatus reconcileFailed(ExternalModel model, String message, boolean terminal) {
        ExternalModelStatus previous = model.getStatus() == null ? new ExternalModelStatus() : model.getStatus();
        ExternalModelStatus status = new ExternalModelStatus();
        status.phase = terminal ? Phase.Failed : previous.phase;
        status.observedGeneration = previous.observedGeneration;
        status.api = previous.api;
        status.endpointHost = previous.endpointHost;
        status.capabilities = previous.capabilities;
        status.detectedPaths = previous.detectedPaths;
        status.lastTest = previous.lastTest;
        status.inference = previous.inference;
        long generation = Optional.ofNullable(model.getMetadata().getGeneration()).orElse(1L);
        Conditions conditions = new Conditions(previous.conditions, generation, clock.instant());
        EnumSet.complementOf(EnumSet.of(READY, RECONCILING, STALLED, DEGRADED)).forEach(conditions::keep);
        conditions.set(READY, terminal ? ConditionStatus.FALSE : ConditionStatus.UNKNOWN, RECONCILE_ERROR, message)
                .set(terminal ? STALLED : RECONCILING, true, RECONCILE_ERROR, (terminal ? "gave up retrying: "
                        : "retrying: ") + message);
        degraded(previous, model.getSpec(), conditions);
        status.conditions = conditions.build();
        return status;
    }

    private void degraded(ExternalModelStatus previous, ExternalModelSpec spec, Conditions conditions) {
        List<OpenCircuit> open = OpenCircuits.current(previous, spec, clock.instant());
        if (!open.isEmpty()) {
            conditions.set(DEGRADED, true, CIRCUIT_OPEN, OpenCircuits.message(open));
        }
    }

    /**
     * The test for the current inputs runs: everything else stays as it was, marked in progress; the served
     * generation stays served meanwhile.
     */
    private static void running(ExternalModelStatus previous, Observation observation, ExternalModelStatus status,
            Conditions conditions) {
        status.phase = previous.phase;
        status.observedGeneration = previous.observedGeneration;
        status.inference = observation.serving() ? previous.inference : null;
        conditions.set(ACCEPTED, true, VALID, "the spec is valid")
                .set(CREDENTIALS_RESOLVED, true, RESOLVED, "every referenced Secret key exists")
                .set(RECONCILING, true, TEST_RUNNING, "the connectivity test is running");
        if (Conditions.find(previous.conditions, TESTED) == null) {
            conditions.unknown(TESTED, TEST_RUNNING, "the connectivity test is running");
        } else {
            conditions.keep(TESTED);
        }
        if (Conditions.find(previous.conditions, READY) == null) {
            conditions.unknown(READY, PENDING, "the connectivity test is running");
        } else {
            conditions.keep(READY).keep(INFERENCE_ENABLED);
        }
    }

    private static void tested(ExternalModelStatus previous, ExternalModelSpec spec, Observation observation,
            ExternalModelStatus status, Conditions conditions) {
        TestOutcome outcome = observation.test();
        LastTest lastTest = outcome.lastTest();
        lastTest.inputsHash = observation.inputs().hash();
        lastTest.retestRequest = observation.inputs().retestRequest();
        status.lastTest = lastTest;
        if (outcome.detectedPaths() != null) {
            status.detectedPaths = outcome.detectedPaths();
        }
        conditions.set(TESTED, outcome.passed(), outcome.reason(), outcome.message());
        if (!outcome.passed()) {
            failed(previous, observation, status, conditions, TEST_FAILED,
                    "the connectivity test failed: " + outcome.message(), !outcome.retryable());
            if (outcome.retryable() && observation.retryAt() != null) {
                conditions.set(RECONCILING, true, RETRY_SCHEDULED, "retrying the connectivity test at "
                        + observation.retryAt().truncatedTo(ChronoUnit.SECONDS));
            }
            return;
        }
        if (ExternalModelSpec.isDraft(spec)) {
            status.phase = Phase.Draft;
            conditions.set(INFERENCE_ENABLED, false, DRAFT, "drafts are never served")
                    .set(READY, true, DRAFT, "the draft is valid and its test passed");
        } else if (!ExternalModelSpec.isInferenceEnabled(spec)) {
            status.phase = Phase.Ready;
            conditions.set(INFERENCE_ENABLED, false, DISABLED, "spec.inference.enabled is false")
                    .set(READY, true, ConditionReasons.READY, "the model is confirmed and its test passed");
        } else if (observation.serving()) {
            status.phase = Phase.InferenceEnabled;
            status.inference = InferenceStatus.of(observation.service().name(), observation.service().url(),
                    observation.generation(), spec, status.detectedPaths);
            conditions.set(INFERENCE_ENABLED, true, SERVICE_READY, "served at " + observation.service().url())
                    .set(READY, true, ConditionReasons.READY, "the model is served");
        } else {
            status.phase = Phase.Ready;
            conditions.set(INFERENCE_ENABLED, false, SERVICE_PENDING, "the inference Service is being created")
                    .set(READY, false, SERVICE_PENDING, "the inference Service is being created")
                    .set(RECONCILING, true, SERVICE_PENDING, "creating the inference Service");
        }
    }

    /**
     * The current generation cannot be served. When the reconcile still serves (which then can only be the earlier
     * generation the status names), that one stays served, and says so.
     */
    private static void failed(ExternalModelStatus previous, Observation observation, ExternalModelStatus status,
            Conditions conditions, String reason, String message, boolean stalled) {
        status.phase = Phase.Failed;
        conditions.set(READY, false, reason, message);
        if (stalled) {
            conditions.set(STALLED, true, reason, message);
        }
        if (observation.serving()) {
            status.inference = previous.inference;
            conditions.set(INFERENCE_ENABLED, true, PREVIOUS_GENERATION_SERVED, "generation "
                    + observation.generation() + " is not served (" + reason + "); generation "
                    + previous.inference.generation + ", the newest that passed its test, stays served at "
                    + previous.inference.url);
        } else {
            status.inference = null;
            conditions.set(INFERENCE_ENABLED, false, reason, "not served: " + message);
        }
    }

    private static String host(String endpoint) {
        try {
            return endpoint == null ? null : URI.create(endpoint).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
