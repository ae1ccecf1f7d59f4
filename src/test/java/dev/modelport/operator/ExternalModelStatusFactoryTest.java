package dev.modelport.operator;

import static dev.modelport.api.v1alpha1.ConditionReasons.*;
import static dev.modelport.api.v1alpha1.ConditionType.*;
import static dev.modelport.api.v1alpha1.ConditionType.READY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionReasons;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.Conditions;
import dev.modelport.api.v1alpha1.Configuration;
import dev.modelport.api.v1alpha1.DetectedPaths;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.Inference;
import dev.modelport.api.v1alpha1.LastTest;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.api.v1alpha1.ProviderApi;
import dev.modelport.api.v1alpha1.ProviderConfiguration;
import dev.modelport.validation.Violation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExternalModelStatusFactoryTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(3600);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Observation.InferenceService SERVICE = new Observation.InferenceService("m-inference",
            "http://m-inference.ns.svc:8080/v1");

    private final ExternalModelStatusFactory atT0 = new ExternalModelStatusFactory(Clock.fixed(T0, ZoneOffset.UTC));
    private final ExternalModelStatusFactory atT1 = new ExternalModelStatusFactory(Clock.fixed(T1, ZoneOffset.UTC));

    @Test
    void shouldFailAndStallWithEveryViolationWhenSpecInvalid() {
        ExternalModelStatus status = atT0.build(model(spec(), null), Observation.invalid(3, List.of(
                new Violation("spec.endpoint", "must be an http or https URL"),
                new Violation("spec.test.prompt", "is required"))));

        assertThat(status.phase).isEqualTo(Phase.Failed);
        assertThat(status.observedGeneration).isEqualTo(3L);
        assertCondition(status, ACCEPTED, "False", INVALID_SPEC);
        assertThat(condition(status, ACCEPTED).message).contains("spec.endpoint: must be an http or https URL")
                .contains("spec.test.prompt: is required");
        assertCondition(status, STALLED, "True", INVALID_SPEC);
        assertCondition(status, READY, "False", INVALID_SPEC);
        assertThat(condition(status, RECONCILING)).isNull();
    }

    @Test
    void shouldFailAndStallWhenCredentialsMissing() {
        ExternalModelStatus status = atT0.build(model(spec(), null), Observation.credentialsFailed(2,
                new AdapterException(FailureCategory.CredentialsMissing, "Secret openai has no key apiKey")));

        assertThat(status.phase).isEqualTo(Phase.Failed);
        assertThat(status.observedGeneration).isEqualTo(2L);
        assertCondition(status, ACCEPTED, "True", VALID);
        assertCondition(status, CREDENTIALS_RESOLVED, "False", CREDENTIALS_MISSING);
        assertThat(condition(status, CREDENTIALS_RESOLVED).message).isEqualTo("Secret openai has no key apiKey");
        assertCondition(status, STALLED, "True", CREDENTIALS_MISSING);
        assertThat(condition(status, RECONCILING)).isNull();
    }

    @Test
    void shouldFailAndStallWithTheRefusalAsReasonWhenASecretValueIsRefused() {
        ExternalModelStatus status = atT0.build(model(spec(), null), Observation.credentialsFailed(2,
                new AdapterException(FailureCategory.CredentialsRefused, "Secret openai key apiKey is empty")));

        assertThat(status.phase).isEqualTo(Phase.Failed);
        assertCondition(status, CREDENTIALS_RESOLVED, "False", CREDENTIALS_REFUSED);
        assertThat(condition(status, CREDENTIALS_RESOLVED).message).isEqualTo("Secret openai key apiKey is empty");
        assertCondition(status, TESTED, "Unknown", NOT_CHECKED);
        assertCondition(status, INFERENCE_ENABLED, "False", CREDENTIALS_REFUSED);
        assertCondition(status, READY, "False", CREDENTIALS_REFUSED);
        assertCondition(status, STALLED, "True", CREDENTIALS_REFUSED);
    }

    @Test
    void shouldServeTheTestedSpecWithItsGenerationAndPaths() {
        ExternalModelSpec spec = enabledSpec();
        ExternalModelStatus status = atT0.build(model(spec, null), passed(1).servedThrough(SERVICE));

        assertThat(status.inference.generation).isEqualTo(1L);
        assertThat(status.inference.spec).isEqualTo(JSON.valueToTree(spec));
        assertThat(status.inference.detectedPaths.outputPath).isEqualTo("$.choices[0].message.content");
    }

    /** An edit whose test fails leaves the generation that passed its test served, and says so. */
    @Test
    void shouldKeepServingTheTestedGenerationWhenTheEditFailsItsTest() {
        ExternalModelSpec tested = enabledSpec();
        ExternalModelStatus previous = atT0.build(model(tested, null), passed(1).servedThrough(SERVICE));
        ExternalModelSpec edited = enabledSpec();
        edited.endpoint = "https://typo.example.com/v1/chat/completions";

        ExternalModelStatus status = atT1.build(model(edited, copy(previous)), failed(2, false, null)
                .servedThrough(SERVICE));

        assertThat(status.phase).isEqualTo(Phase.Failed);
        assertThat(status.observedGeneration).isEqualTo(2L);
        assertThat(tree(status.inference)).isEqualTo(tree(previous.inference));
        assertCondition(status, INFERENCE_ENABLED, "True", PREVIOUS_GENERATION_SERVED);
        assertThat(condition(status, INFERENCE_ENABLED).message).isEqualTo("generation 2 is not served "
                + "(TestFailed); generation 1, the newest that passed its test, stays served at "
                + "http://m-inference.ns.svc:8080/v1");
        assertCondition(status, READY, "False", TEST_FAILED);

        ExternalModelStatus fixed = atT1.build(model(edited, copy(status)), passed(3).servedThrough(SERVICE));
        assertThat(fixed.inference.generation).isEqualTo(3L);
        assertThat(fixed.inference.spec).isEqualTo(JSON.valueToTree(edited));
        assertCondition(fixed, INFERENCE_ENABLED, "True", SERVICE_READY);
    }

    @Test
    void shouldServeNothingWhenTheReconcileStopsServing() {
        ExternalModelSpec spec = enabledSpec();
        ExternalModelStatus previous = atT0.build(model(spec, null), passed(1).servedThrough(SERVICE));

        ExternalModelStatus status = atT1.build(model(spec, copy(previous)), failed(2, false, null));

        assertThat(status.inference).isNull();
        assertCondition(status, INFERENCE_ENABLED, "False", TEST_FAILED);
    }

    @Test
    void shouldMarkNewModelPendingWhileTestRuns() {
        ExternalModelStatus status = atT0.build(model(spec(), null), running(1));

        assertThat(status.phase).isNull();
        assertThat(status.observedGeneration).isNull();
        assertCondition(status, READY, "Unknown", PENDING);
        assertCondition(status, TESTED, "Unknown", TEST_RUNNING);
        assertCondition(status, RECONCILING, "True", TEST_RUNNING);
        assertThat(condition(status, STALLED)).isNull();
    }

    @Test
    void shouldKeepPreviousReadyStateWhileRetestingNewGeneration() {
        ExternalModelSpec spec = enabledSpec();
        ExternalModelStatus previous = atT0.build(model(spec, null), passed(1).servedThrough(SERVICE));
        ExternalModelStatus status = atT1.build(model(spec, copy(previous)), running(2).servedThrough(SERVICE));

        assertThat(status.phase).isEqualTo(Phase.InferenceEnabled);
        assertThat(status.observedGeneration).isEqualTo(1L);
        assertThat(tree(status.inference)).isEqualTo(tree(previous.inference));
        for (ConditionType kept : List.of(READY, TESTED, INFERENCE_ENABLED)) {
            assertThat(condition(status, kept)).as(kept.value()).isEqualTo(condition(previous, kept));
        }
        assertCondition(status, RECONCILING, "True", TEST_RUNNING);
        assertThat(condition(status, RECONCILING).lastTransitionTime).isEqualTo(T1);
    }

    @Test
    void shouldRemoveStalledWhileRetestingAfterNonRetryableFailure() {
        ExternalModelStatus previous = atT0.build(model(spec(), null), failed(1, false, null));
        assertThat(condition(previous, STALLED)).isNotNull();

        ExternalModelStatus status = atT1.build(model(spec(), copy(previous)), running(2));

        assertThat(condition(status, STALLED)).isNull();
        assertCondition(status, RECONCILING, "True", TEST_RUNNING);
        assertThat(status.phase).isEqualTo(Phase.Failed);
        assertThat(tree(condition(status, TESTED))).isEqualTo(tree(condition(previous, TESTED)));
    }

    @Test
    void shouldBeDraftWhenTestPassedForDraft() {
        ExternalModelSpec spec = enabledSpec();
        spec.draft = true;
        ExternalModelStatus status = atT0.build(model(spec, null), passed(4));

        assertThat(status.phase).isEqualTo(Phase.Draft);
        assertThat(status.observedGeneration).isEqualTo(4L);
        assertCondition(status, READY, "True", DRAFT);
        assertCondition(status, INFERENCE_ENABLED, "False", DRAFT);
        assertCondition(status, TESTED, "True", TEST_PASSED);
        assertThat(condition(status, RECONCILING)).isNull();
        assertThat(condition(status, STALLED)).isNull();
    }

    @Test
    void shouldBeReadyWhenTestPassedAndInferenceDisabled() {
        ExternalModelStatus status = atT0.build(model(spec(), null), passed(1));

        assertThat(status.phase).isEqualTo(Phase.Ready);
        assertCondition(status, READY, "True", ConditionReasons.READY);
        assertCondition(status, INFERENCE_ENABLED, "False", DISABLED);
        assertThat(status.inference).isNull();
    }

    @Test
    void shouldPublishInferenceServiceWhenServing() {
        ExternalModelSpec spec = enabledSpec();
        ExternalModelStatus status = atT0.build(model(spec, null),
                passed(1).servedThrough(SERVICE));

        assertThat(status.phase).isEqualTo(Phase.InferenceEnabled);
        assertThat(status.inference.service).isEqualTo("m-inference");
        assertThat(status.inference.url).isEqualTo("http://m-inference.ns.svc:8080/v1");
        assertCondition(status, INFERENCE_ENABLED, "True", SERVICE_READY);
        assertCondition(status, READY, "True", ConditionReasons.READY);
        assertThat(condition(status, RECONCILING)).isNull();
    }

    @Test
    void shouldBeReconcilingWhileInferenceServicePending() {
        ExternalModelSpec spec = enabledSpec();
        ExternalModelStatus status = atT0.build(model(spec, null), passed(1));

        assertThat(status.phase).isEqualTo(Phase.Ready);
        assertThat(status.inference).isNull();
        assertCondition(status, READY, "False", SERVICE_PENDING);
        assertCondition(status, INFERENCE_ENABLED, "False", SERVICE_PENDING);
        assertCondition(status, RECONCILING, "True", SERVICE_PENDING);
    }

    @Test
    void shouldStallWithoutReconcilingWhenTestFailedNonRetryably() {
        ExternalModelStatus status = atT0.build(model(spec(), null), failed(1, false, null));

        assertThat(status.phase).isEqualTo(Phase.Failed);
        assertCondition(status, TESTED, "False", "HTTPStatus");
        assertCondition(status, READY, "False", TEST_FAILED);
        assertThat(condition(status, READY).message).isEqualTo("the connectivity test failed: endpoint answered HTTP 401");
        assertCondition(status, STALLED, "True", TEST_FAILED);
        assertThat(condition(status, RECONCILING)).isNull();
    }

    @Test
    void shouldScheduleRetryWithoutStallingWhenTestFailedRetryably() {
        Instant retryAt = T0.plusMillis(5_400);
        ExternalModelStatus status = atT0.build(model(spec(), null), failed(1, true, retryAt));

        assertThat(status.phase).isEqualTo(Phase.Failed);
        assertCondition(status, RECONCILING, "True", RETRY_SCHEDULED);
        assertThat(condition(status, RECONCILING).message).contains(T0.plusSeconds(5).toString());
        assertThat(condition(status, STALLED)).isNull();
    }

    @Test
    void shouldRecordInputsHashAndRetestRequestInLastTest() {
        ExternalModelStatus status = atT0.build(model(spec(), null), passed(1));

        assertThat(status.lastTest.inputsHash).isEqualTo("hash-1");
        assertThat(status.lastTest.retestRequest).isEqualTo("retest-1");
        assertThat(status.lastTest.time).isEqualTo(T0);
    }

    @Test
    void shouldKeepDetectedPathsWhenOutcomeHasNone() {
        ExternalModelStatus previous = new ExternalModelStatus();
        previous.detectedPaths = new DetectedPaths();
        previous.detectedPaths.outputPath = "$.choices[0].message.content";

        ExternalModelStatus status = atT0.build(model(spec(), previous), failed(1, false, null));

        assertThat(status.detectedPaths.outputPath).isEqualTo("$.choices[0].message.content");
    }

    @Test
    void shouldSortConditionsByType() {
        ExternalModelSpec spec = enabledSpec();
        for (Observation observation : List.of(passed(1), running(1), failed(1, true, T1), failed(1, false, null),
                Observation.invalid(1, List.of(new Violation("spec", "bad"))))) {
            ExternalModelStatus status = atT0.build(model(spec, null), observation);
            assertThat(status.conditions).extracting(c -> c.type.value()).isSorted();
        }
    }

    @Test
    void shouldKeepLastTransitionTimeWhenStatusUnchanged() {
        ExternalModelStatus previous = atT0.build(model(spec(), null), failed(1, true, T0.plusSeconds(5)));
        Observation differentFailure = Observation.checked(2, new TestInputs("hash-2", null), new TestOutcome(false,
                "Timeout", "no answer within 30s", true, lastTest(T1), null), T1.plusSeconds(5));

        ExternalModelStatus status = atT1.build(model(spec(), copy(previous)), differentFailure);

        assertThat(condition(status, TESTED).reason).isEqualTo("Timeout");
        assertThat(condition(status, TESTED).lastTransitionTime).isEqualTo(T0);
        assertThat(condition(status, READY).lastTransitionTime).isEqualTo(T0);
        assertThat(condition(status, RECONCILING).lastTransitionTime).isEqualTo(T0);
    }

    @Test
    void shouldUseNewLastTransitionTimeWhenStatusChanged() {
        ExternalModelStatus previous = atT0.build(model(spec(), null), failed(1, false, null));

        ExternalModelStatus status = atT1.build(model(spec(), copy(previous)), passed(2));

        assertThat(condition(status, TESTED).lastTransitionTime).isEqualTo(T1);
        assertThat(condition(status, READY).lastTransitionTime).isEqualTo(T1);
        assertThat(condition(status, ACCEPTED).lastTransitionTime).isEqualTo(T0);
    }

    @Test
    void shouldBuildEqualStatusFromSamePreviousStatusAndObservation() {
        ExternalModelSpec spec = enabledSpec();
        for (Observation observation : List.of(passed(1), running(1), failed(1, true, T0.plusSeconds(5)),
                passed(1).servedThrough(new Observation.InferenceService("svc", "http://svc/v1")))) {
            ExternalModelStatus first = atT0.build(model(spec, null), observation);
            ExternalModelStatus again = atT1.build(model(spec, copy(first)), observation);
            ExternalModelStatus twice = atT1.build(model(spec, copy(first)), observation);

            assertThat(twice).isEqualTo(again);
            assertThat(again).as("steady state").isEqualTo(first);
            assertThat(tree(again)).as("steady state, as JSON").isEqualTo(tree(first));
        }
    }

    @Test
    void shouldTruncateLongMessages() {
        String longMessage = "x".repeat(2000);
        ExternalModelStatus status = atT0.build(model(spec(), null),
                Observation.invalid(1, List.of(new Violation("spec.endpoint", longMessage))));

        for (Condition condition : status.conditions) {
            assertThat(condition.message).as(condition.type.value()).hasSizeLessThanOrEqualTo(1024);
        }
        assertThat(condition(status, ACCEPTED).message).hasSize(1024).endsWith("...");
    }

    @Test
    void shouldSetApiAndEndpointHost() {
        ExternalModelStatus status = atT0.build(model(spec(), null), running(1));

        assertThat(status.api).isEqualTo("OpenAIChatCompletions");
        assertThat(status.endpointHost).isEqualTo("api.example.com");
    }

    @Test
    void shouldKeepEverythingButReadyWhenAReconcileFailsAndClearTheErrorOnTheNextSuccess() {
        ExternalModelSpec spec = enabledSpec();
        ExternalModelStatus served = atT0.build(model(spec, null), passed(1)
                .servedThrough(SERVICE));

        ExternalModelStatus failing = atT1.reconcileFailed(model(spec, copy(served)), "HTTP 403", false);

        assertThat(failing.phase).isEqualTo(Phase.InferenceEnabled);
        assertThat(failing.inference).isEqualTo(served.inference);
        assertCondition(failing, READY, "Unknown", RECONCILE_ERROR);
        assertThat(condition(failing, READY).message).isEqualTo("HTTP 403");
        assertCondition(failing, RECONCILING, "True", RECONCILE_ERROR);
        assertThat(condition(failing, STALLED)).isNull();
        for (ConditionType kept : List.of(ACCEPTED, CREDENTIALS_RESOLVED, TESTED, INFERENCE_ENABLED)) {
            assertThat(condition(failing, kept)).as(kept.value()).isEqualTo(condition(served, kept));
        }

        ExternalModelStatus recovered = atT1.build(model(spec, copy(failing)), passed(1)
                .servedThrough(SERVICE));

        assertCondition(recovered, READY, "True", ConditionReasons.READY);
        assertThat(condition(recovered, RECONCILING)).isNull();
    }

    @Test
    void shouldFailAndStallWhenTheRetriesOfAFailingReconcileAreSpent() {
        ExternalModelStatus served = atT0.build(model(enabledSpec(), null), passed(1));

        ExternalModelStatus status = atT1.reconcileFailed(model(enabledSpec(), copy(served)), "HTTP 403", true);

        assertThat(status.phase).isEqualTo(Phase.Failed);
        assertCondition(status, READY, "False", RECONCILE_ERROR);
        assertCondition(status, STALLED, "True", RECONCILE_ERROR);
        assertThat(condition(status, RECONCILING)).isNull();
    }

    private static ExternalModelSpec spec() {
        ExternalModelSpec spec = new ExternalModelSpec();
        spec.endpoint = "https://api.example.com/v1/chat/completions";
        spec.configuration = new Configuration();
        spec.configuration.provider = new ProviderConfiguration();
        spec.configuration.provider.api = ProviderApi.OpenAIChatCompletions;
        spec.configuration.provider.model = "gpt-4o-mini";
        return spec;
    }

    private static ExternalModelSpec enabledSpec() {
        ExternalModelSpec spec = spec();
        spec.inference = new Inference();
        spec.inference.enabled = true;
        return spec;
    }

    private static ExternalModel model(ExternalModelSpec spec, ExternalModelStatus status) {
        ExternalModel model = new ExternalModel();
        model.setSpec(spec);
        model.setStatus(status);
        return model;
    }

    private static Observation running(long generation) {
        return Observation.checked(generation, new TestInputs("hash-" + generation, null), null, null);
    }

    private static Observation passed(long generation) {
        DetectedPaths paths = new DetectedPaths();
        paths.outputPath = "$.choices[0].message.content";
        TestOutcome outcome = new TestOutcome(true, TEST_PASSED, "HTTP 200 in 42 ms", false, lastTest(T0), paths);
        return Observation.checked(generation, new TestInputs("hash-" + generation, "retest-" + generation),
                outcome, null);
    }

    private static Observation failed(long generation, boolean retryable, Instant retryAt) {
        TestOutcome outcome = new TestOutcome(false, "HTTPStatus", "endpoint answered HTTP 401", retryable,
                lastTest(T0), null);
        return Observation.checked(generation, new TestInputs("hash-" + generation, null), outcome, retryAt);
    }

    private static LastTest lastTest(Instant time) {
        LastTest lastTest = new LastTest();
        lastTest.time = time;
        lastTest.durationMillis = 42L;
        lastTest.httpStatus = 200;
        return lastTest;
    }

    /** A deep copy, as the status read back from the API server would be. */
    private static ExternalModelStatus copy(ExternalModelStatus status) {
        return JSON.convertValue(status, ExternalModelStatus.class);
    }

    private static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    private static Condition condition(ExternalModelStatus status, ConditionType type) {
        return Conditions.find(status.conditions, type);
    }

    private static void assertCondition(ExternalModelStatus status, ConditionType type, String expected,
            String reason) {
        assertThat(condition(status, type)).as(type.value()).isNotNull()
                .extracting(c -> c.status.value() + "/" + c.reason).isEqualTo(expected + "/" + reason);
    }
}
