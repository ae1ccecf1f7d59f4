package dev.modelport.operator;

import dev.modelport.api.v1alpha1.ExternalModel;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * The per-model inference Service, <name>-inference in the model's namespace: an ExternalName Service that points
 * at the gateway Service, so in-cluster clients call http://<name>-inference.<namespace>.svc:8080/v1 and the
 * gateway picks the model from that host name. Owned by the model, so it also goes when the model goes.
 */
@KubernetesDependent(informer = @Informer(labelSelector = InferenceServiceDependentResource.SELECTOR))
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
        String gatewayHost = InferenceServicePlan.of(context).orElseThrow().gatewayHost();
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
}
