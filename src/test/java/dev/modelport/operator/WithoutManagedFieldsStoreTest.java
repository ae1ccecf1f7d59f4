package dev.modelport.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.Phase;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WithoutManagedFieldsStoreTest {

    @Test
    void shouldKeepTheObjectWithoutItsManagedFields() {
        WithoutManagedFieldsStore<ExternalModel> store = new WithoutManagedFieldsStore<>();
        ExternalModel model = model();

        String key = store.getKey(model);
        store.put(key, model);

        ExternalModel cached = store.get("team-a/support-llm");
        assertThat(key).isEqualTo("team-a/support-llm");
        assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(cached.getMetadata().getGeneration()).isEqualTo(3L);
        assertThat(cached.getMetadata().getUid()).isEqualTo("uid-1");
        assertThat(cached.getMetadata().getLabels()).containsEntry("team", "a");
        assertThat(cached.getMetadata().getAnnotations()).containsEntry(ExternalModelReconciler.RETEST_ANNOTATION, "1");
        assertThat(cached.getMetadata().getFinalizers()).containsExactly("externalmodels.modelport.dev/finalizer");
        assertThat(cached.getSpec().endpoint).isEqualTo("https://llm.example.com/v1");
        assertThat(cached.getStatus().phase).isEqualTo(Phase.InferenceEnabled);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void shouldReplaceAndRemoveByKey() {
        WithoutManagedFieldsStore<ExternalModel> store = new WithoutManagedFieldsStore<>();
        ExternalModel first = model();
        store.put(store.getKey(first), first);
        ExternalModel second = model();
        second.getMetadata().setResourceVersion("43");

        ExternalModel replaced = store.put(store.getKey(second), second);

        assertThat(replaced).isSameAs(first);
        assertThat(store.get("team-a/support-llm").getMetadata().getResourceVersion()).isEqualTo("43");
        assertThat(store.remove("team-a/support-llm")).isSameAs(second);
        assertThat(store.size()).isZero();
    }

    private static FieldsV1 statusFields() {
        FieldsV1 fields = new FieldsV1();
        fields.setAdditionalProperty("f:status", Map.of("f:phase", Map.of()));
        return fields;
    }

    private static ExternalModel model() {
        ExternalModel model = new ExternalModel();
        model.setMetadata(new ObjectMetaBuilder().withNamespace("team-a").withName("support-llm").withUid("uid-1")
                .withResourceVersion("42").withGeneration(3L).withLabels(Map.of("team", "a"))
                .withAnnotations(Map.of(ExternalModelReconciler.RETEST_ANNOTATION, "1"))
                .withFinalizers("externalmodels.modelport.dev/finalizer")
                .withManagedFields(List.of(new ManagedFieldsEntry("modelport.dev/v1alpha1", "FieldsV1",
                        statusFields(), "externalmodelreconciler",
                        "Apply", "status", "2026-12-06T10:00:00Z")))
                .build());
        ExternalModelSpec spec = new ExternalModelSpec();
        spec.endpoint = "https://llm.example.com/v1";
        model.setSpec(spec);
        ExternalModelStatus status = new ExternalModelStatus();
        status.phase = Phase.InferenceEnabled;
        model.setStatus(status);
        return model;
    }
}
