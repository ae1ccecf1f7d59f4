package dev.modelport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.api.v1alpha1.Rules;
import dev.modelport.testing.Eventually;
import dev.modelport.testing.FakeUpstream;
import dev.modelport.testing.ModelAssert;
import dev.modelport.testing.ModelYaml;
import dev.modelport.testing.RoleProcess;
import dev.modelport.testing.Secrets;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Modelport on a real cluster: k3s in a container (a real API server, with admission, CEL rules, server-side apply,
 * watches, RBAC and garbage collection), the CRD as users install it, and the packaged application's operator and
 * gateway roles running on this host against it, with the default caller authorization (TokenReview and
 * SubjectAccessReview answered by the real API server). The model endpoint is an HTTP server on 127.0.0.1, which the
 * roles reach because they run here. Every wait is bounded.
 *
 * <p>Needs Docker; without it the class is skipped before anything starts. The k3s image can be changed with
 * {@code -Dmodelport.e2e.k3s-image=rancher/k3s:<tag>}.
 */
@Testcontainers
@EnabledIf(value = "dev.modelport.e2e.K3sEndToEndIT$Docker#available", disabledReason = K3sEndToEndIT.Docker.MISSING)
class K3sEndToEndIT {

    static final String NAMESPACE = "e2e";
    static final String MODEL = "support";
    static final Duration WAIT = Duration.ofSeconds(90);
    static final Path WORK = Path.of("target", "e2e");
    static final Path CRD = Path.of("crds", "externalmodels.modelport.dev-v1.yml");
    static final String UPSTREAM_TOKEN = "e2e-upstream-token";

    @Container
    static final K3sContainer K3S = new K3sContainer(DockerImageName.parse(
            System.getProperty("modelport.e2e.k3s-image", "rancher/k3s:v1.34.1-k3s1")));

    /** Asked before the class is initialized: creating the container above already needs Docker. */
    static final class Docker {

        static final String MISSING = "K3sEndToEndIT skipped: no Docker environment. This suite starts a k3s cluster "
                + "in a container and runs only where Docker is available (README: End-to-end suite on a real cluster)";

        static boolean available() {
            boolean available = DockerClientFactory.instance().isDockerAvailable();
            if (!available) {
                // The skip reason otherwise shows only in the test report files.
                System.getLogger(K3sEndToEndIT.class.getName()).log(System.Logger.Level.WARNING, MISSING);
            }
            return available;
        }
    }

    static KubernetesClient client;
    static FakeUpstream upstream;
    static RoleProcess operator;
    static RoleProcess gateway;
    static URI gatewayUrl;

    @BeforeAll
    static void startModelport() throws Exception {
        Files.createDirectories(WORK);
        Path kubeconfig = WORK.resolve("kubeconfig");
        Files.deleteIfExists(kubeconfig);
        // The cluster's admin credentials: readable by this user only.
        Files.createFile(kubeconfig, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(kubeconfig, K3S.getKubeConfigYaml());
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml())).build();
        installCrd();
        upstream = new FakeUpstream();

        Map<String, String> common = Map.of("modelport.upstream.allow-loopback", "true");
        operator = RoleProcess.start("operator", kubeconfig, with(common, "quarkus.http.port", "0"), WORK);
        int gatewayPort = freePort();
        gateway = RoleProcess.start("gateway", kubeconfig, with(common, "quarkus.http.port",
                String.valueOf(gatewayPort)), WORK);
        gatewayUrl = URI.create("http://127.0.0.1:" + gatewayPort);
        gateway.awaitReady(gatewayPort, WAIT);
    }

    @AfterAll
    static void stopModelport() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {gateway, operator, upstream, client}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    /** As {@code kubectl apply -f crds/}, then {@code kubectl wait --for=condition=Established}. */
    static void installCrd() throws Exception {
        try (InputStream crd = Files.newInputStream(CRD)) {
            client.load(crd).serverSideApply();
        }
        client.apiextensions().v1().customResourceDefinitions().withName("externalmodels.modelport.dev")
                .waitUntilCondition(crd -> crd != null && crd.getStatus() != null && crd.getStatus().getConditions()
                        .stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())),
                        WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void shouldTestServeToggleAndDeleteAModel() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).serverSideApply();
        client.secrets().inNamespace(NAMESPACE).resource(Secrets.credentials("creds", UPSTREAM_TOKEN))
                .serverSideApply();
        String callerToken = callerAllowedToInvoke();
        OpenAIClient caller = OpenAIOkHttpClient.builder().baseUrl(gatewayUrl.resolve("/v1").toString())
                .apiKey(callerToken).maxRetries(0).build();

        apply(false);
        ExternalModel ready = awaitModel("Ready=True and phase Ready", m -> ModelAssert.is(m, "Ready", "True")
                && m.getStatus().phase == Phase.Ready);
        assertThat(ready.getStatus().detectedPaths.outputPath).isEqualTo("$.result.text");
        assertThat(ready.getStatus().lastTest.httpStatus).isEqualTo(200);
        assertThat(ready.getStatus().lastTest.outputSample).isEqualTo("pong");
        assertThat(upstream.last("/custom").getHeaders().get("Authorization")).isEqualTo("Bearer " + UPSTREAM_TOKEN);
        assertThat(service().get()).as("no inference Service while inference is off").isNull();

        apply(true);
        awaitModel("phase InferenceEnabled", m -> m.getStatus().phase == Phase.InferenceEnabled
                && ModelAssert.is(m, "InferenceEnabled", "True"));
        assertThat(service().get().getSpec().getType()).isEqualTo("ExternalName");
        ChatCompletion completion = eventually("the gateway to serve the model",
                () -> caller.chat().completions().create(chat()));
        assertThat(completion.choices().getFirst().message().content()).contains("pong");
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(18);
            assertThat(usage.completionTokens()).isEqualTo(1);
        });
        assertThat(upstream.last("/custom").getHeaders().toString()).doesNotContain(callerToken);

        apply(false);
        awaitModel("phase Ready again", m -> m.getStatus().phase == Phase.Ready);
        awaitServiceGone();
        assertThat(eventually("the gateway to stop serving the model", () -> notFound(caller)))
                .isEqualTo(404);

        apply(true);
        awaitModel("phase InferenceEnabled again", m -> m.getStatus().phase == Phase.InferenceEnabled);
        assertThat(service().get()).as("the inference Service before deletion").isNotNull();
        model().delete();
        model().waitUntilCondition(Objects::isNull, WAIT.toSeconds(), TimeUnit.SECONDS);
        awaitServiceGone();
        assertThat(eventually("the gateway to forget the deleted model", () -> notFound(caller)))
                .isEqualTo(404);
        assertThat(operator.isAlive()).as("%s still running", operator).isTrue();
        assertThat(gateway.isAlive()).as("%s still running", gateway).isTrue();
    }

    @Test
    void shouldRejectAnInvalidModelAtAdmissionWithTheCelRuleMessage() {
        ExternalModel invalid = Serialization.unmarshal("""
                apiVersion: modelport.dev/v1alpha1
                kind: ExternalModel
                metadata: {name: no-secret, namespace: default}
                spec:
                  endpoint: https://llm.example.com/v1/generate
                  authorization: {type: Bearer}
                  configuration:
                    custom: {body: '{"input": "{{prompt}}"}'}
                  test: {prompt: ping}
                """, ExternalModel.class);

        assertThatThrownBy(() -> client.resource(invalid).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, rejected -> {
                    assertThat(rejected.getCode()).isEqualTo(422);
                    assertThat(rejected.getMessage()).contains(Rules.SECRET_REF_REQUIRED_MESSAGE);
                });
    }

    /** A ServiceAccount allowed to invoke the models of the namespace (docs/gateway-client-rbac.md), and its token. */
    static String callerAllowedToInvoke() {
        client.serviceAccounts().inNamespace(NAMESPACE).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("caller").endMetadata().build()).serverSideApply();
        client.rbac().roles().inNamespace(NAMESPACE).resource(new RoleBuilder().withNewMetadata()
                .withName("invoke-models").endMetadata().addNewRule().withApiGroups("modelport.dev")
                .withResources("externalmodels/invoke").withVerbs("create").endRule().build()).serverSideApply();
        client.rbac().roleBindings().inNamespace(NAMESPACE).resource(new RoleBindingBuilder().withNewMetadata()
                .withName("caller-invokes-models").endMetadata().withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("invoke-models").endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName("caller").withNamespace(NAMESPACE).endSubject()
                .build()).serverSideApply();
        return client.serviceAccounts().inNamespace(NAMESPACE).withName("caller")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
    }

    /** As {@code kubectl apply --server-side} of the manifest a team keeps in Git, with the inference toggle. */
    static void apply(boolean inference) {
        client.resource(ModelYaml.custom(MODEL).namespace(NAMESPACE).endpoint(upstream.url("/custom"))
                .testTimeout("10s").inference(inference).model()).serverSideApply();
    }

    static Resource<ExternalModel> model() {
        return client.resources(ExternalModel.class).inNamespace(NAMESPACE).withName(MODEL);
    }

    static Resource<Service> service() {
        return client.services().inNamespace(NAMESPACE).withName(MODEL + "-inference");
    }

    /** As {@code kubectl wait}: watches the model until the condition holds. */
    static ExternalModel awaitModel(String what, Predicate<ExternalModel> condition) {
        try {
            return model().waitUntilCondition(m -> m != null && m.getStatus() != null && condition.test(m),
                    WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (KubernetesClientTimeoutException e) {
            ExternalModel last = model().get();
            throw new AssertionError("timed out after " + WAIT + " waiting for " + what + "; status: "
                    + (last == null ? "no model" : Serialization.asYaml(last.getStatus())) + "; logs: " + operator
                    + ", " + gateway, e);
        }
    }

    static void awaitServiceGone() {
        service().waitUntilCondition(s -> s == null, WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    static ChatCompletionCreateParams chat() {
        return ChatCompletionCreateParams.builder().model(NAMESPACE + "/" + MODEL).addUserMessage("Say pong").build();
    }

    /** The gateway's status for the model, or null (try again) while it still serves it. */
    static Integer notFound(OpenAIClient caller) {
        try {
            caller.chat().completions().create(chat());
            return null;
        } catch (OpenAIServiceException e) {
            return e.statusCode() == 404 ? 404 : null;
        }
    }

    /** Retries until the supplier returns a value without throwing; the informers of the gateway lag the API. */
    static <T> T eventually(String what, Supplier<T> attempt) {
        return Eventually.eventually(what, WAIT, List.of(operator, gateway), attempt);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> all = new HashMap<>(base);
        all.put(key, value);
        return all;
    }
}
