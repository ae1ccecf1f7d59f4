package dev.modelport.kube;

import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.testing.ModelYaml;
import dev.modelport.testing.Secrets;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What a platform team does with models in one namespace of the test cluster, as the admin: Secrets, models applied
 * from YAML with server-side apply (as {@code kubectl apply --server-side} and Flux do), waits on the API's watch (as
 * {@code kubectl wait}), Events, and callers allowed to invoke models.
 */
public record ClusterModels(KubernetesClient client, String namespace) {

    public static final Duration WAIT = Duration.ofSeconds(60);

    public static ClusterModels in(String namespace) {
        TestCluster.get().namespaces(namespace);
        return new ClusterModels(TestCluster.get().admin(), namespace);
    }

    /** A Secret {@code name} for Modelport (labelled) with one key, {@code token}. */
    public void secret(String name, String token) {
        client.secrets().inNamespace(namespace).resource(Secrets.credentials(name, token))
                .fieldManager("platform-team").forceConflicts().serverSideApply();
    }

    /** A custom model calling {@code endpoint} with the Bearer token of Secret {@code creds}. */
    public static String customModel(String name, String endpoint, String testPrompt, boolean inference) {
        return ModelYaml.custom(name).endpoint(endpoint).testPrompt(testPrompt).testTimeout("10s")
                .inference(inference).yaml();
    }

    /** An OpenAI chat model that streams, calling {@code endpoint} with the Bearer token of Secret {@code creds}. */
    public static String streamingModel(String name, String endpoint) {
        return ModelYaml.provider(name, "OpenAIChatCompletions").endpoint(endpoint).streaming(true)
                .testTimeout("10s").inference(true).yaml();
    }

    public ExternalModel apply(String yaml) {
        ExternalModel model = Serialization.unmarshal(yaml, ExternalModel.class);
        model.getMetadata().setNamespace(namespace);
        return client.resource(model).fieldManager("platform-team").forceConflicts().serverSideApply();
    }

    public Resource<ExternalModel> model(String name) {
        return client.resources(ExternalModel.class).inNamespace(namespace).withName(name);
    }

    public Resource<Service> service(String model) {
        return client.services().inNamespace(namespace).withName(model + "-inference");
    }

    /** Watches the model until the condition holds on a status for its current generation. */
    public ExternalModel await(String name, String what, Predicate<ExternalModel> condition) {
        return awaitStatus(name, what, m -> Objects.equals(m.getMetadata().getGeneration(),
                m.getStatus().observedGeneration) && condition.test(m));
    }

    /** Watches the model until the condition holds on its status, whichever generation that status observed. */
    public ExternalModel awaitStatus(String name, String what, Predicate<ExternalModel> condition) {
        try {
            return model(name).waitUntilCondition(m -> m != null && m.getStatus() != null && condition.test(m),
                    WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (KubernetesClientTimeoutException e) {
            ExternalModel last = model(name).get();
            throw new AssertionError("timed out after " + WAIT + " waiting for " + namespace + "/" + name + " to be "
                    + what + "; last seen: " + (last == null ? "no model" : Serialization.asYaml(last)), e);
        }
    }

    public ExternalModel awaitPhase(String name, Phase phase) {
        return await(name, "phase " + phase, m -> m.getStatus().phase == phase);
    }

    public void awaitGone(Resource<?> resource) {
        resource.waitUntilCondition(Objects::isNull, WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    public List<String> eventReasons() {
        return client.v1().events().inNamespace(namespace).list().getItems().stream().map(Event::getReason).toList();
    }

    /**
     * A ServiceAccount allowed to invoke exactly these models (create on externalmodels/invoke, by name), and a token
     * for it from the TokenRequest API.
     */
    public String callerAllowedToInvoke(String serviceAccount, String... models) {
        String role = serviceAccount + "-invokes";
        client.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata().withName(role)
                .endMetadata().addNewRule().withApiGroups("modelport.dev").withResources("externalmodels/invoke")
                .withResourceNames(models).withVerbs("create").endRule().build()).serverSideApply();
        client.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
                .withName(role).endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role").withName(role).endRoleRef().addNewSubject().withKind("ServiceAccount")
                .withName(serviceAccount).withNamespace(namespace).endSubject().build()).serverSideApply();
        return TestCluster.get().token(namespace, serviceAccount, Duration.ofHours(1));
    }
}
