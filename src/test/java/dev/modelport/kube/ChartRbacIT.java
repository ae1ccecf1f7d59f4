package dev.modelport.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.testing.Eventually;
import dev.modelport.testing.FakeUpstream;
import dev.modelport.testing.ModelAssert;
import dev.modelport.testing.RoleProcess;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC, not the admin's: helm/modelport rendered and applied, its operator and gateway run as the packaged
 * application with nothing but their ServiceAccounts' tokens and the chart's environment, through a model's whole
 * life (test, Ready, inference on, a call through the gateway, Secret rotation, an edit, inference off, deletion).
 * Any "forbidden" in either log fails the test. Once for a cluster-wide install, once for a namespaced one.
 */
class ChartRbacIT {

    static final String MODEL = "support";
    static FakeUpstream upstream;

    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = new FakeUpstream();
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    /**
     * With the settings of a cloud install: the chart's NetworkPolicies on, which the API server admits and stores
     * (nothing here enforces them), and the endpoint policy refusing private ranges and the Service CIDR (the model's
     * endpoint on 127.0.0.1 is allow-listed).
     */
    @Test
    void shouldRunAModelsWholeLifeWithTheClusterWideInstallsPermissionsOnly() throws Exception {
        URL api = TestCluster.get().admin().getMasterUrl();
        Map<String, Object> cloud = Map.of("networkPolicy.enabled", true,
                "networkPolicy.apiServer.cidrs[0]", api.getHost() + "/32",
                "networkPolicy.apiServer.ports[0]", api.getPort(),
                "networkPolicy.gateway.callerNamespaces[0]", "rbac-cluster-team",
                "upstream.refusePrivate", true,
                "upstream.serviceCidrs[0]", "10.96.0.0/16");
        try (ChartInstall install = ChartInstall.forTests("rbac-cluster", cloud)) {
            assertStoredAsRendered(install, "NetworkPolicy");
            lifecycle(install, "rbac-cluster-team", "/api/v1/secrets");
        }
    }

    @Test
    void shouldRunAModelsWholeLifeWithANamespacedInstallsPermissionsOnly() throws Exception {
        try (ChartInstall install = ChartInstall.forTests("rbac-ns", Map.of("watchNamespaces[0]", "rbac-ns-team"))) {
            ClusterModels elsewhere = ClusterModels.in("rbac-ns-unwatched");
            elsewhere.secret("creds", "unwatched-token");
            elsewhere.apply(ClusterModels.customModel("ignored", upstream.url("/custom"), "Reply with pong.", false));
            lifecycle(install, "rbac-ns-team", "/api/v1/namespaces/rbac-ns-team/secrets");
            assertThat(elsewhere.model("ignored").get().getStatus())
                    .as("a model outside the watched namespaces is left alone").isNull();
            TestCluster.get().deleteNamespaces("rbac-ns-unwatched");
        }
    }

    /**
     * The lifecycle, then no Forbidden in either log, and both roles read only the labelled Secrets of {@code
     * secretsPath}.
     */
    static void lifecycle(ChartInstall install, String namespace, String secretsPath) throws Exception {
        Instant started = Instant.now();
        RoleProcess operator = install.start("operator", "operator-0", TestPorts.free());
        ChartInstall.Running gateway = install.startReady("gateway", "gateway-0", Map.of());
        int gatewayPort = gateway.port();
        ClusterModels models = ClusterModels.in(namespace);
        models.secret("creds", namespace + "-token-1");
        OpenAIClient caller = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gatewayPort + "/v1")
                .apiKey(models.callerAllowedToInvoke("caller", MODEL)).maxRetries(0).build();

        models.apply(ClusterModels.customModel(MODEL, upstream.url("/custom"), "Reply with pong.", false));
        ExternalModel ready = models.awaitPhase(MODEL, Phase.Ready);
        assertThat(ready.getStatus().detectedPaths.outputPath).isEqualTo("$.result.text");
        assertThat(upstream.last("/custom").getHeaders().get("Authorization"))
                .isEqualTo("Bearer " + namespace + "-token-1");

        models.apply(ClusterModels.customModel(MODEL, upstream.url("/custom"), "Reply with pong.", true));
        models.awaitPhase(MODEL, Phase.InferenceEnabled);
        assertThat(models.service(MODEL).get().getSpec().getType()).isEqualTo("ExternalName");
        ChatCompletion completion = eventually("the gateway to serve the model", operator, gateway.process(),
                () -> caller.chat().completions().create(chat(namespace)));
        assertThat(completion.choices().getFirst().message().content()).contains("pong");

        String firstTest = models.model(MODEL).get().getStatus().lastTest.inputsHash;
        models.secret("creds", namespace + "-token-2");
        models.await(MODEL, "re-tested with the rotated Secret",
                m -> !firstTest.equals(m.getStatus().lastTest.inputsHash) && m.getStatus().phase == Phase.InferenceEnabled);
        assertThat(upstream.last("/custom").getHeaders().get("Authorization"))
                .isEqualTo("Bearer " + namespace + "-token-2");
        eventually("the gateway to use the rotated Secret", operator, gateway.process(), () -> {
            caller.chat().completions().create(chat(namespace));
            return ("Bearer " + namespace + "-token-2").equals(upstream.last("/custom").getHeaders()
                    .get("Authorization")) ? true : null;
        });

        models.apply(ClusterModels.customModel(MODEL, upstream.url("/custom"), "Reply with ping.", true));
        ExternalModel edited = models.awaitPhase(MODEL, Phase.InferenceEnabled);
        assertThat(edited.getStatus().observedGeneration).isEqualTo(edited.getMetadata().getGeneration())
                .isGreaterThan(ready.getMetadata().getGeneration());

        // An edit that breaks the endpoint fails its test; the generation that passed stays served meanwhile.
        models.apply(ClusterModels.customModel(MODEL, upstream.url("/broken"), "Reply with ping.", true));
        ExternalModel broken = models.await(MODEL, "failed, its previous generation served",
                m -> m.getStatus().phase == Phase.Failed && "PreviousGenerationServed"
                        .equals(ModelAssert.condition(m, "InferenceEnabled").reason));
        assertThat(broken.getStatus().inference.generation).isEqualTo(edited.getMetadata().getGeneration());
        long tested = upstream.count("/custom");
        assertThat(caller.chat().completions().create(chat(namespace)).choices().getFirst().message().content())
                .contains("pong");
        assertThat(upstream.count("/custom")).as("the gateway called the tested endpoint").isEqualTo(tested + 1);
        models.apply(ClusterModels.customModel(MODEL, upstream.url("/custom"), "Reply with ping.", true));
        models.awaitPhase(MODEL, Phase.InferenceEnabled);

        models.apply(ClusterModels.customModel(MODEL, upstream.url("/custom"), "Reply with ping.", false));
        models.awaitPhase(MODEL, Phase.Ready);
        models.awaitGone(models.service(MODEL));
        assertThat(eventually("the gateway to stop serving the model", operator, gateway.process(),
                () -> notFound(caller, namespace))).isEqualTo(404);

        models.apply(ClusterModels.customModel(MODEL, upstream.url("/custom"), "Reply with ping.", true));
        models.awaitPhase(MODEL, Phase.InferenceEnabled);
        models.model(MODEL).delete();
        models.awaitGone(models.model(MODEL));
        models.awaitGone(models.service(MODEL));
        assertThat(models.eventReasons()).contains("Tested", "InferenceEnabled", "InferenceDisabled");
        assertThat(operator.isAlive() && gateway.process().isAlive()).as("%s and %s still running", operator,
                gateway.process()).isTrue();
        assertThat(install.forbidden()).as("refusals in the logs").isEmpty();
        for (String component : List.of("operator", "gateway")) {
            SecretConsentIT.assertOnlyLabelledSecretsRead(install, component, started, secretsPath,
                    List.of(operator, gateway.process()));
        }
        TestCluster.get().deleteNamespaces(namespace);
    }

    /** Every rendered object of the kind is stored in the release namespace with the spec it was rendered with. */
    static void assertStoredAsRendered(ChartInstall install, String kind) {
        KubernetesClient admin = TestCluster.get().admin();
        List<JsonNode> rendered = install.ofKind(kind);
        assertThat(rendered).as("rendered %s", kind).isNotEmpty();
        for (JsonNode object : rendered) {
            GenericKubernetesResource stored = admin.genericKubernetesResources(object.path("apiVersion").asText(),
                    kind).inNamespace(install.namespace()).withName(object.at("/metadata/name").asText()).get();
            assertThat(stored).as("stored %s %s", kind, object.at("/metadata/name").asText()).isNotNull();
            assertThat(admin.getKubernetesSerialization().convertValue(stored.getAdditionalProperties().get("spec"),
                    JsonNode.class)).as("%s %s", kind, stored.getMetadata().getName()).isEqualTo(object.path("spec"));
        }
    }

    static ChatCompletionCreateParams chat(String namespace) {
        return ChatCompletionCreateParams.builder().model(namespace + "/" + MODEL).addUserMessage("Say pong").build();
    }

    /** 404 once the gateway no longer serves the model, null (try again) while it does. */
    static Integer notFound(OpenAIClient caller, String namespace) {
        try {
            caller.chat().completions().create(chat(namespace));
            return null;
        } catch (OpenAIServiceException e) {
            return e.statusCode() == 404 ? 404 : null;
        }
    }

    /** Retries until the attempt returns a value without throwing: the gateway's informers lag the API a little. */
    static <T> T eventually(String what, RoleProcess operator, RoleProcess gateway, Supplier<T> attempt) {
        return Eventually.eventually(what, ClusterModels.WAIT, List.of(operator, gateway), attempt);
    }
}
