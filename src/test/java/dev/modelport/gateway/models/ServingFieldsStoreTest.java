package dev.modelport.gateway.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.Capabilities;
import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.LastTest;
import dev.modelport.api.v1alpha1.OpenCircuit;
import dev.modelport.api.v1alpha1.PathCandidate;
import dev.modelport.api.v1alpha1.PathCandidates;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.gateway.GatewayTestBase;
import dev.modelport.gateway.resilience.TestGuards;
import dev.modelport.gateway.telemetry.AccessLog;
import dev.modelport.gateway.telemetry.CallerLabels;
import dev.modelport.gateway.telemetry.GatewayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's model cache keeps what serving reads, and serving reads the same from it. */
class ServingFieldsStoreTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Its informers never start: the tests hand the store models as the watch would. */
    private final ModelRegistry registry = new ModelRegistry(null, null,
            new GatewayMetrics(meters, new CallerLabels(100), new AccessLog(false, Clock.systemUTC())),
            TestGuards.of(meters, Clock.systemUTC()));
    private final ServingFieldsStore store = new ServingFieldsStore(registry::compiles);

    /** A served model as the watch delivers it: every part of the status the operator and the gateways write. */
    private static ExternalModel watched() {
        ExternalModel model = ModelRegistryTest.model("uid-1", 1, Phase.InferenceEnabled);
        model.getMetadata().setLabels(Map.of("team", "a"));
        model.getMetadata().setAnnotations(Map.of("kubectl.kubernetes.io/last-applied-configuration", "{...}"));
        model.getStatus().observedGeneration = 1L;
        model.getStatus().conditions = new ArrayList<>(List.of(condition(ConditionType.ACCEPTED),
                condition(ConditionType.CREDENTIALS_RESOLVED), condition(ConditionType.TESTED)));
        model.getStatus().lastTest = new LastTest();
        model.getStatus().lastTest.outputSample = "pong";
        model.getStatus().capabilities = new Capabilities();
        model.getStatus().api = "Custom";
        model.getStatus().endpointHost = "models.example.com";
        model.getStatus().openCircuits = new ArrayList<>(List.of(new OpenCircuit()));
        model.getStatus().inference.detectedPaths.candidates = new PathCandidates();
        model.getStatus().inference.detectedPaths.candidates.outputPath =
                new ArrayList<>(List.of(PathCandidate.of("$.result.text", 0.9)));
        return model;
    }

    private static Condition condition(ConditionType type) {
        Condition condition = new Condition();
        condition.type = type;
        condition.status = ConditionStatus.TRUE;
        condition.reason = "Reason";
        condition.message = "A message of some length, as the operator writes them.";
        return condition;
    }

    @Test
    void shouldKeepOfAModelWhatServingReads() {
        ExternalModel model = watched();
        ExternalModel served = ModelRegistryTest.model("uid-1", 1, Phase.InferenceEnabled);

        store.put(store.getKey(model), model);

        ExternalModel cached = store.get("team-a/support");
        assertThat(cached.getMetadata().getUid()).isEqualTo("uid-1");
        assertThat(cached.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(cached.getMetadata().getLabels()).containsEntry("team", "a");
        assertThat(cached.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(cached.getSpec()).usingRecursiveComparison().isEqualTo(served.getSpec());
        assertThat(cached.getStatus().phase).isEqualTo(Phase.InferenceEnabled);
        assertThat(cached.getStatus().observedGeneration).isEqualTo(1L);
        assertThat(cached.getStatus().conditions).extracting(condition -> condition.type)
                .containsExactly(ConditionType.CREDENTIALS_RESOLVED);
        assertThat(cached.getStatus().inference.generation).isEqualTo(1L);
        assertThat(cached.getStatus().inference.spec).as("compiled, its tree not kept")
                .isSameAs(ServingFieldsStore.COMPILED);
        assertThat(registry.compiledCount()).isEqualTo(1);
        assertThat(cached.getStatus().inference.detectedPaths.outputPath).isEqualTo("$.result.text");
        assertThat(cached.getStatus().inference.detectedPaths.candidates).isNull();
        assertThat(cached.getStatus().lastTest).isNull();
        assertThat(cached.getStatus().capabilities).isNull();
        assertThat(cached.getStatus().detectedPaths).isNull();
        assertThat(cached.getStatus().openCircuits).isNull();
        assertThat(cached.getStatus().api).isNull();
        assertThat(cached.getStatus().endpointHost).isNull();
    }

    @Test
    void shouldServeFromTheCacheAsFromTheWholeObject() {
        ExternalModel model = watched();
        ServedModel whole = registry.served(watched()).orElseThrow();

        store.put(store.getKey(model), model);
        ServedModel cached = registry.served(store.get("team-a/support")).orElseThrow();

        assertThat(cached.spec()).usingRecursiveComparison().isEqualTo(whole.spec());
        assertThat(cached.created()).isEqualTo(whole.created());
        assertThat(cached.capabilities()).isEqualTo(whole.capabilities());
    }

    @Test
    void shouldKeepTheServedSpecOfAModelNotServedOrNotReadable() {
        ExternalModel off = ModelRegistryTest.model("uid-1", 1, Phase.InferenceEnabled);
        off.getSpec().inference.enabled = false;
        JsonNode tree = off.getStatus().inference.spec;
        ExternalModel unreadable = ModelRegistryTest.model("uid-2", 1, Phase.InferenceEnabled);
        unreadable.getMetadata().setName("other");
        unreadable.getStatus().inference.spec = TextNode.valueOf("a newer operator's spec");

        store.put(store.getKey(off), off);
        store.put(store.getKey(unreadable), unreadable);

        assertThat(store.get("team-a/support").getStatus().inference.spec).isSameAs(tree);
        assertThat(store.get("team-a/other").getStatus().inference.spec.asText()).isEqualTo("a newer operator's spec");
        assertThat(registry.served(store.get("team-a/other"))).isEmpty();
        assertThat(registry.compiledCount()).isZero();
    }

    /** A request may hold the object it found while the watch replaces it: it gets the uid's newest state, or none. */
    @Test
    void shouldServeAReplacedObjectAsTheNewestAndADeletedOneNotAtAll() {
        ExternalModel first = watched();
        store.put(store.getKey(first), first);
        ExternalModel edited = ModelRegistryTest.model("uid-1", 2, Phase.InferenceEnabled);
        edited.getSpec().endpoint = "https://edited.example.com/v1/generate";
        GatewayTestBase.asTheOperatorLeavesIt(edited, Phase.InferenceEnabled);

        store.put(store.getKey(edited), edited);

        assertThat(registry.served(first).orElseThrow().spec().endpoint)
                .isEqualTo("https://edited.example.com/v1/generate");
        registry.eviction().onDelete(store.remove("team-a/support"), false);
        assertThat(registry.served(edited)).isEmpty();
    }

    @Test
    void shouldStillTellAModelWhoseCredentialsFailed() {
        ExternalModel refused = ModelRegistryTest.failing("CredentialsRefused", true, false);
        refused.getStatus().conditions.addFirst(condition(ConditionType.ACCEPTED));
        ExternalModel missing = ModelRegistryTest.failing("CredentialsMissing", true, false);
        missing.getMetadata().setName("other");

        store.put(store.getKey(refused), refused);
        store.put(store.getKey(missing), missing);

        assertThat(ModelRegistry.credentialsFailure(store.get("team-a/support")))
                .contains(FailureCategory.CredentialsRefused);
        assertThat(ModelRegistry.credentialsFailure(store.get("team-a/other")))
                .contains(FailureCategory.CredentialsMissing);
    }

    @Test
    void shouldKeepAStatusWithoutConditionsOrServedGeneration() {
        ExternalModel model = ModelRegistryTest.model("uid-1", 1, Phase.Failed);
        model.getStatus().conditions = null;

        store.put(store.getKey(model), model);

        assertThat(store.get("team-a/support").getStatus().conditions).isEmpty();
        assertThat(store.get("team-a/support").getStatus().inference).isNull();
        assertThat(registry.served(store.get("team-a/support"))).isEmpty();
    }
}
