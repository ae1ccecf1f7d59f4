package dev.modelport.gateway.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.Structure;
import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.DetectedPaths;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.Inference;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.gateway.GatewayTestBase;
import dev.modelport.gateway.resilience.ModelGuard;
import dev.modelport.gateway.resilience.ModelGuards;
import dev.modelport.gateway.resilience.TestGuards;
import dev.modelport.gateway.telemetry.AccessLog;
import dev.modelport.gateway.telemetry.CallerLabels;
import dev.modelport.gateway.telemetry.GatewayMetrics;
import dev.modelport.testing.ModelYaml;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compiled-structure cache holds the models still served, never more. */
class ModelRegistryTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ModelGuards guards = TestGuards.of(meters, Clock.systemUTC());
    /** Its informers never start: the tests hand it models as the watch would. */
    private final ModelRegistry registry = new ModelRegistry(null, null,
            new GatewayMetrics(meters, new CallerLabels(100), new AccessLog(false, Clock.systemUTC())), guards);

    static ExternalModel model(String uid, long generation, Phase phase) {
        ExternalModel model = ModelYaml.custom("support").namespace("team-a").inference(true).model();
        model.getMetadata().setUid(uid);
        model.getMetadata().setGeneration(generation);
        model.setStatus(new ExternalModelStatus());
        model.getStatus().detectedPaths = new DetectedPaths();
        model.getStatus().detectedPaths.outputPath = "$.result.text";
        GatewayTestBase.asTheOperatorLeavesIt(model, phase);
        return model;
    }

    /** An edit of a served model: its spec is the new generation's, its status still serves the tested one. */
    @Test
    void shouldServeTheTestedGenerationsSpecUntilTheOperatorServesTheEdit() {
        ExternalModel edited = model("uid-1", 1, Phase.InferenceEnabled);
        edited.getMetadata().setGeneration(2L);
        edited.getSpec().endpoint = "https://typo.example.com/v1/generate";

        assertThat(registry.served(edited).orElseThrow().spec().endpoint)
                .isEqualTo("https://models.example.com/v1/generate");

        GatewayTestBase.asTheOperatorLeavesIt(edited, Phase.InferenceEnabled);
        assertThat(registry.served(edited).orElseThrow().spec().endpoint)
                .isEqualTo("https://typo.example.com/v1/generate");
    }

    @Test
    void shouldStopServingAtOnceWhenTheSpecSwitchesInferenceOffOrBecomesADraft() {
        ExternalModel off = model("uid-1", 1, Phase.InferenceEnabled);
        off.getSpec().inference.enabled = false;
        assertThat(registry.served(off)).as("switched off, before the operator reconciled").isEmpty();

        ExternalModel draft = model("uid-2", 1, Phase.InferenceEnabled);
        draft.getSpec().draft = true;
        assertThat(registry.served(draft)).as("a draft, before the operator reconciled").isEmpty();
    }

    private Structure structure(ExternalModel model) {
        return registry.served(model).orElseThrow().structure();
    }

    @Test
    void shouldCompileOncePerGenerationAndKeepOnlyTheNewest() {
        Structure first = structure(model("uid-1", 1, Phase.InferenceEnabled));

        assertThat(structure(model("uid-1", 1, Phase.InferenceEnabled))).isSameAs(first);
        Structure second = structure(model("uid-1", 2, Phase.InferenceEnabled));

        assertThat(second).isNotSameAs(first);
        assertThat(registry.compiledCount()).isEqualTo(1);
    }

    @Test
    void shouldEvictADeletedModel() {
        ExternalModel model = model("uid-1", 1, Phase.InferenceEnabled);
        structure(model);
        ExternalModel other = model("uid-2", 1, Phase.InferenceEnabled);
        Structure kept = structure(other);

        registry.eviction().onDelete(model, false);

        assertThat(registry.compiledCount()).isEqualTo(1);
        assertThat(structure(other)).as("the other model's structure is still cached").isSameAs(kept);
    }

    @Test
    void shouldEvictAModelNoLongerServedButKeepAServedOneOnUpdate() {
        ExternalModel served = model("uid-1", 1, Phase.InferenceEnabled);
        structure(served);

        registry.eviction().onUpdate(served, model("uid-1", 1, Phase.InferenceEnabled));
        assertThat(registry.compiledCount()).isEqualTo(1);

        ModelGuard guard = guards.guard("team-a", "support", served.getSpec());
        ExternalModel draft = model("uid-1", 2, Phase.Draft);
        registry.eviction().onUpdate(served, draft);
        assertThat(registry.compiledCount()).isZero();
        assertThat(registry.served(draft)).isEmpty();
        assertThat(guards.guard("team-a", "support", served.getSpec()))
                .as("a model served again starts with a new guard (a closed circuit)").isNotSameAs(guard);
    }

    @Test
    void shouldEvictAModelBeingDeleted() {
        ExternalModel served = model("uid-1", 1, Phase.InferenceEnabled);
        structure(served);
        ExternalModel deleting = model("uid-1", 1, Phase.InferenceEnabled);
        deleting.getMetadata().setDeletionTimestamp("2026-11-27T06:00:00Z");

        registry.eviction().onUpdate(served, deleting);

        assertThat(registry.compiledCount()).isZero();
    }

    @Test
    void shouldTellAModelThatAsksToBeServedButLacksCredentialsFromAnyOther() {
        assertThat(ModelRegistry.credentialsFailure(failing("CredentialsMissing", true, false)))
                .contains(FailureCategory.CredentialsMissing);
        assertThat(ModelRegistry.credentialsFailure(failing("CredentialsRefused", true, false)))
                .contains(FailureCategory.CredentialsRefused);
        assertThat(ModelRegistry.credentialsFailure(failing("CredentialsMissing", false, false)))
                .as("inference off").isEmpty();
        assertThat(ModelRegistry.credentialsFailure(failing("CredentialsMissing", true, true))).as("a draft").isEmpty();
        ExternalModel deleting = failing("CredentialsMissing", true, false);
        deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        assertThat(ModelRegistry.credentialsFailure(deleting)).as("being deleted").isEmpty();
        ExternalModel testFailed = failing("CredentialsMissing", true, false);
        testFailed.getStatus().conditions.getFirst().status = ConditionStatus.TRUE;
        assertThat(ModelRegistry.credentialsFailure(testFailed)).as("credentials resolved").isEmpty();
        assertThat(ModelRegistry.credentialsFailure(model("uid-1", 1, Phase.Failed))).as("no conditions").isEmpty();
    }

    /** A model in phase Failed because of its credentials, as the operator writes it. */
    static ExternalModel failing(String reason, boolean inference, boolean draft) {
        ExternalModel model = model("uid-1", 1, Phase.Failed);
        model.getSpec().inference = new Inference();
        model.getSpec().inference.enabled = inference;
        model.getSpec().draft = draft;
        Condition credentials = new Condition();
        credentials.type = ConditionType.CREDENTIALS_RESOLVED;
        credentials.status = ConditionStatus.FALSE;
        credentials.reason = reason;
        model.getStatus().conditions = new ArrayList<>(List.of(credentials));
        return model;
    }
}
