package dev.modelport.operator;

import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.informers.WithoutManagedFieldsStore;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The per-model inference Service, <name>-inference in the model's namespace: an ExternalName Service that points
 * at the gateway Service, so in-cluster clients call http://<name>-inference.<namespace>.svc:8080/v1 and the
 * gateway picks the model from that host name. Owned by the model, so it also goes when the model goes.
 * Cached without managedFields, like the models: whether a Service is as desired is decided field by field
 * ({@link #sameOwnedFields}), not by the SDK's server-side apply matcher, which reads them.
 */
@KubernetesDependent(informer = @Informer(labelSelector = InferenceServiceDependentResource.SELECTOR,
        itemStore = WithoutManagedFieldsStore.class, informerListLimit = ExternalModelReconciler.LIST_PAGE))
public class InferenceServiceDependentResource extends CRUDKubernetesDependentResource<Service, ExternalModel> {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String SELECTOR = MANAGED_BY + "=modelport";
    public static final String MODEL_LABEL = "modelport.dev/model";
    public static final int PORT = 8080;

    public InferenceServiceDependentResource() {
        super(Service.class);
    }

    public static String serviceName(ExternalModel model) {
        return model.getMetadata().getName() + "-inference";
    }

    public static String url(ExternalModel model) {
        return "http://" + serviceName(model) + "." + model.getMetadata().getNamespace() + ".svc:" + PORT + "/v1";
    }

    static Observation.InferenceService of(ExternalModel model) {
        return new Observation.InferenceService(serviceName(model), url(model));
    }

    @Override
    protected Service desired(ExternalModel model, Context<ExternalModel> context) {
        return desired(model, InferenceServicePlan.of(context).orElseThrow().gatewayHost());
    }

    /** The model's Service, pointing at this gateway host (without its owner reference, which the SDK adds). */
    static Service desired(ExternalModel model, String gatewayHost) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(serviceName(model))
                .withNamespace(model.getMetadata().getNamespace())
                .withLabels(Map.of(MANAGED_BY, "modelport", MODEL_LABEL, model.getMetadata().getName()))
                .endMetadata()
                .withNewSpec()
                .withType("ExternalName")
                .withExternalName(gatewayHost)
                .addNewPort().withName("http").withPort(PORT).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    /**
     * Matches when the Service has what this operator sets; only a mismatch is applied again, so a model at rest
     * causes no write. The owner reference is added to the desired Service first, as the SDK's own matcher does.
     */
    @Override
    public Matcher.Result<Service> match(Service actual, Service desired, ExternalModel model,
            Context<ExternalModel> context) {
        addMetadata(true, actual, desired, model, context);
        return Matcher.Result.computed(sameOwnedFields(actual, desired), desired);
    }

    /**
     * Whether {@code actual} holds every field {@code desired} sets: its labels and annotations, its owners, type,
     * external name and ports (name, port, protocol). What the API server fills in (a port's targetPort,
     * sessionAffinity) or another manager adds is not compared, as server-side apply leaves it alone.
     */
    static boolean sameOwnedFields(Service actual, Service desired) {
        ObjectMeta has = actual.getMetadata();
        ObjectMeta wants = desired.getMetadata();
        ServiceSpec spec = actual.getSpec() == null ? new ServiceSpec() : actual.getSpec();
        return containsAll(has.getLabels(), wants.getLabels())
                && containsAll(has.getAnnotations(), wants.getAnnotations())
                && owners(has).containsAll(owners(wants))
                && Objects.equals(spec.getType(), desired.getSpec().getType())
                && Objects.equals(spec.getExternalName(), desired.getSpec().getExternalName())
                && samePorts(spec.getPorts(), desired.getSpec().getPorts());
    }

    private static boolean containsAll(Map<String, String> has, Map<String, String> wants) {
        return wants == null || wants.isEmpty() || has != null && has.entrySet().containsAll(wants.entrySet());
    }

    private static List<String> owners(ObjectMeta metadata) {
        return metadata.getOwnerReferences() == null ? List.of()
                : metadata.getOwnerReferences().stream().map(OwnerReference::getUid).toList();
    }

    private static boolean samePorts(List<ServicePort> has, List<ServicePort> wants) {
        List<ServicePort> actual = has == null ? List.of() : has;
        return actual.size() == wants.size() && IntStream.range(0, wants.size()).allMatch(i ->
                Objects.equals(actual.get(i).getName(), wants.get(i).getName())
                        && Objects.equals(actual.get(i).getPort(), wants.get(i).getPort())
                        && Objects.equals(actual.get(i).getProtocol(), wants.get(i).getProtocol()));
    }
}
