package dev.modelport.operator;

import dev.modelport.api.v1alpha1.ExternalModel;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * How the operator learns that a model is gone, without a finalizer: the Java Operator SDK tells every event source
 * that is {@link ResourceEventAware} of each change to a model, its deletion included. The model's inference Service
 * needs nothing from the operator then (its owner reference lets the garbage collector remove it); what goes here is
 * the operator's memory of the model ({@code forget}: its test run, its per-model meter). Without a finalizer a model
 * costs one write less, and its deletion never waits for the operator (before, it hung while the operator was down).
 * <p>
 * Models written by an earlier version carry that version's finalizer, which nothing would remove any more: their
 * deletion would hang for good. So this source takes it off each model it sees with it (once per such model).
 */
final class ModelDeletions extends AbstractEventSource<Void, ExternalModel>
        implements ResourceEventAware<ExternalModel> {

    /** The finalizer the Java Operator SDK put on each model while the reconciler was a Cleaner. */
    static final String LEGACY_FINALIZER = "externalmodels.modelport.dev/finalizer";
    private static final Logger LOG = Logger.getLogger(ModelDeletions.class);

    private final KubernetesClient client;
    private final Consumer<ExternalModel> forget;

    ModelDeletions(KubernetesClient client, Consumer<ExternalModel> forget) {
        super(Void.class, "model-deletions");
        this.client = client;
        this.forget = forget;
    }

    @Override
    public Set<Void> getSecondaryResources(ExternalModel primary) {
        return Set.of();
    }

    @Override
    public void onResourceCreated(ExternalModel model) {
        dropLegacyFinalizer(model);
    }

    @Override
    public void onResourceUpdated(ExternalModel model, ExternalModel previous) {
        dropLegacyFinalizer(model);
    }

    @Override
    public void onResourceDeleted(ExternalModel model) {
        forget.accept(model);
    }

    /** A JSON patch that removes the finalizer at its index, and fails (to be tried on the next event) if it moved. */
    private void dropLegacyFinalizer(ExternalModel model) {
        int index = model.getFinalizers().indexOf(LEGACY_FINALIZER);
        if (index < 0) {
            return;
        }
        String path = "/metadata/finalizers/" + index;
        try {
            client.resources(ExternalModel.class).inNamespace(model.getMetadata().getNamespace())
                    .withName(model.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"test\",\"path\":\"" + path + "\",\"value\":\""
                            + LEGACY_FINALIZER + "\"},{\"op\":\"remove\",\"path\":\"" + path + "\"}]");
            LOG.infof("%s/%s: finalizer %s of an earlier operator version removed", model.getMetadata().getNamespace(),
                    model.getMetadata().getName(), LEGACY_FINALIZER);
        } catch (KubernetesClientException e) {
            LOG.warnf("%s/%s: could not remove the finalizer %s of an earlier operator version, retried on its next "
                    + "change: %s", model.getMetadata().getNamespace(), model.getMetadata().getName(), LEGACY_FINALIZER,
                    ReconcileErrors.describe(e));
        }
    }
}
