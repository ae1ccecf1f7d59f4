package dev.modelport.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.ExternalModel;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The inference Service's match without managedFields: what the operator sets is compared, nothing else. */
class InferenceServiceMatchTest {

    private static final String GATEWAY = "modelport-gateway.modelport.svc.cluster.local";

    @Test
    void shouldMatchTheServiceAsTheApiServerStoredIt() {
        assertThat(InferenceServiceDependentResource.sameOwnedFields(stored(b -> b), desired())).isTrue();
    }

    @Test
    void shouldIgnoreWhatOthersAddedToIt() {
        Service withMore = stored(b -> b.editMetadata().addToLabels("team", "a")
                .addToAnnotations("note", "kept").endMetadata().editSpec().withSessionAffinity("None").endSpec());

        assertThat(InferenceServiceDependentResource.sameOwnedFields(withMore, desired())).isTrue();
    }

    @Test
    void shouldNotMatchWhenAFieldItSetsDiffers() {
        assertMismatch(b -> b.editSpec().withExternalName("elsewhere.example.com").endSpec());
        assertMismatch(b -> b.editSpec().withType("ClusterIP").endSpec());
        assertMismatch(b -> b.editSpec().editFirstPort().withPort(9090).endPort().endSpec());
        assertMismatch(b -> b.editSpec().editFirstPort().withName("web").endPort().endSpec());
        assertMismatch(b -> b.editSpec().editFirstPort().withProtocol("UDP").endPort().endSpec());
        assertMismatch(b -> b.editSpec().addNewPort().withName("extra").withPort(9091).endPort().endSpec());
        assertMismatch(b -> b.editMetadata().addToLabels(InferenceServiceDependentResource.MODEL_LABEL, "other")
                .endMetadata());
        assertMismatch(b -> b.editMetadata().removeFromLabels(InferenceServiceDependentResource.MANAGED_BY)
                .endMetadata());
        assertMismatch(b -> b.editMetadata().withOwnerReferences().endMetadata());
    }

    private static void assertMismatch(UnaryOperator<ServiceBuilder> change) {
        assertThat(InferenceServiceDependentResource.sameOwnedFields(stored(change), desired())).isFalse();
    }

    private static ExternalModel model() {
        ExternalModel model = new ExternalModel();
        model.setMetadata(new ObjectMetaBuilder().withNamespace("team-a").withName("support-llm").withUid("uid-1")
                .build());
        return model;
    }

    /** What the operator applies: the desired Service with the owner reference the SDK adds. */
    private static Service desired() {
        return new ServiceBuilder(InferenceServiceDependentResource.desired(model(), GATEWAY)).editMetadata()
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("modelport.dev/v1alpha1")
                        .withKind("ExternalModel").withName("support-llm").withUid("uid-1").withController(true)
                        .build())
                .endMetadata().build();
    }

    /** The applied Service as the informer gets it back: server fields filled in, managedFields dropped. */
    private static Service stored(UnaryOperator<ServiceBuilder> change) {
        ServiceBuilder builder = new ServiceBuilder(desired()).editMetadata().withUid("uid-svc")
                .withResourceVersion("7").withCreationTimestamp("2026-12-06T10:00:00Z").endMetadata()
                .editSpec().editFirstPort().withTargetPort(new IntOrString(8080)).endPort().endSpec();
        return change.apply(builder).build();
    }
}
