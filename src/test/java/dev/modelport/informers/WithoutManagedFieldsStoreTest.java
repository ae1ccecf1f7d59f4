package dev.modelport.informers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.operator.ExternalModelReconciler;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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

    /** An informer started by inform lists every object, and keeps those the watch brings, without managedFields. */
    @Test
    void shouldInformWithoutManagedFieldsListedOrWatched() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        try (KubernetesClient client = server.createClient()) {
            for (String name : List.of("a", "b", "c")) {
                client.resource(named(name)).create();
            }
            assertThat(client.resources(ExternalModel.class).inNamespace("team-a").withName("a").get().getMetadata()
                    .getManagedFields()).as("the server keeps them").isNotEmpty();
            List<String> added = new CopyOnWriteArrayList<>();
            SharedIndexInformer<ExternalModel> informer = WithoutManagedFieldsStore.inform(
                    client.resources(ExternalModel.class).inNamespace("team-a"), 2,
                    new ResourceEventHandler<>() {
                        @Override
                        public void onAdd(ExternalModel model) {
                            added.add(model.getMetadata().getName());
                        }

                        @Override
                        public void onUpdate(ExternalModel old, ExternalModel model) {
                        }

                        @Override
                        public void onDelete(ExternalModel model, boolean deletedFinalStateUnknown) {
                        }
                    });
            try {
                assertThat(informer.getIndexer().list()).extracting(model -> model.getMetadata().getName())
                        .containsExactlyInAnyOrder("a", "b", "c");
                assertThat(informer.getIndexer().list())
                        .allSatisfy(model -> assertThat(model.getMetadata().getManagedFields()).isNullOrEmpty());

                client.resource(named("d")).create();

                await().atMost(Duration.ofSeconds(10)).untilAsserted(
                        () -> assertThat(added).containsExactlyInAnyOrder("a", "b", "c", "d"));
                assertThat(informer.getIndexer().getByKey("team-a/d").getMetadata().getManagedFields())
                        .isNullOrEmpty();
            } finally {
                informer.close();
            }
        } finally {
            server.destroy();
        }
    }

    private static ExternalModel named(String name) {
        ExternalModel model = model();
        model.getMetadata().setName(name);
        model.getMetadata().setUid(null);
        model.getMetadata().setResourceVersion(null);
        return model;
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
