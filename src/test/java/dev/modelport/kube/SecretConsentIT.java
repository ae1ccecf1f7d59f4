package dev.modelport.kube;

import static dev.modelport.testing.ModelAssert.assertThatModel;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.testing.Eventually;
import dev.modelport.testing.FakeUpstream;
import dev.modelport.testing.ModelAssert;
import dev.modelport.testing.RoleProcess;
import dev.modelport.testing.Secrets;
import dev.modelport.upstream.CredentialSecrets;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Credentials by consent on the real control plane, with the chart's roles of a namespaced install (whose RBAC lets
 * both read every Secret of the namespace: RBAC cannot grant by label). Hundreds of unlabelled 4 KiB Secrets are
 * there before the roles start, and a labelled one in a namespace they do not watch; the API server's audit log
 * shows what the roles asked for, a model uses its Secret only once it is labelled, and the gateway answers 503
 * while a served model's Secret is gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretConsentIT {

    static final String NAMESPACE = "consent-team";
    static final String UNWATCHED = "consent-unwatched";
    static final int UNRELATED = 300;
    static final String TOKEN = "consent-upstream-token";

    static FakeUpstream upstream;
    static ChartInstall install;
    static RoleProcess operator;
    static RoleProcess gateway;
    static int gatewayPort;
    static ClusterModels models;
    static Instant started;

    @BeforeAll
    static void install() throws Exception {
        upstream = new FakeUpstream();
        models = ClusterModels.in(NAMESPACE);
        KubernetesClient admin = TestCluster.get().admin();
        String fourKib = "x".repeat(4096);
        for (int i = 0; i < UNRELATED; i++) {
            admin.secrets().inNamespace(NAMESPACE).resource(Secrets.unlabelled("unrelated-" + i,
                    Map.of("blob", fourKib))).create();
        }
        ClusterModels.in(UNWATCHED).secret("creds", "unwatched-token");
        started = Instant.now();
        install = ChartInstall.forTests("consent", Map.of("watchNamespaces[0]", NAMESPACE));
        operator = install.startReady("operator", "operator-0", Map.of()).process();
        ChartInstall.Running running = install.startReady("gateway", "gateway-0", Map.of());
        gateway = running.process();
        gatewayPort = running.port();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            // Before the namespace: its deletion would take the operator's RoleBinding, and with it the finalizer's
            // removal, before the models.
            models.client().resources(ExternalModel.class).inNamespace(NAMESPACE).delete();
            models.client().resources(ExternalModel.class).inNamespace(NAMESPACE).informOnCondition(List::isEmpty)
                    .get(ClusterModels.WAIT.toSeconds(), TimeUnit.SECONDS);
            TestCluster.get().deleteNamespaces(NAMESPACE, UNWATCHED);
        } finally {
            install.close();
            upstream.close();
        }
    }

    @Test
    @Order(1)
    void shouldListAndWatchOnlyTheLabelledSecretsOfTheWatchedNamespace() {
        for (String component : List.of("operator", "gateway")) {
            assertOnlyLabelledSecretsRead(install, component, started, "/api/v1/namespaces/" + NAMESPACE + "/secrets",
                    List.of(operator, gateway));
        }
    }

    @Test
    @Order(2)
    void shouldUseASecretOnlyOnceLabelledAndWithoutTheTrailingNewlineOfItsFile() {
        // As kubectl create secret generic creds --from-file=token=token.txt leaves it: not labelled, with the
        // file's last newline in the value.
        var secrets = TestCluster.get().admin().secrets().inNamespace(NAMESPACE);
        secrets.resource(Secrets.unlabelled("creds", Map.of("token", TOKEN + "\n"))).create();
        models.apply(ClusterModels.customModel("support", upstream.url("/custom"), "Reply with pong.", false));
        ExternalModel refused = models.awaitPhase("support", Phase.Failed);
        assertThatModel(refused).hasCondition("CredentialsResolved", "False", "CredentialsMissing");
        assertThat(ModelAssert.condition(refused, "CredentialsResolved").message)
                .contains("label it modelport.dev/credentials=true");
        assertThat(upstream.count("/custom")).as("calls with an unlabelled Secret").isZero();

        secrets.withName("creds").edit(s -> new SecretBuilder(s).editMetadata()
                .addToLabels(CredentialSecrets.CONSENT_LABEL, "true").endMetadata().build());
        models.awaitPhase("support", Phase.Ready);
        assertThat(upstream.last("/custom").getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(install.forbidden()).as("refusals in the logs").isEmpty();
    }

    /**
     * The Secret of a served model deleted: the operator marks the model Failed (CredentialsMissing), and the
     * gateway answers 503 in OpenAI's error shape, not 404, until the Secret is back.
     */
    @Test
    @Order(3)
    void shouldAnswer503WhileAServedModelsSecretIsGone() {
        OpenAIClient caller = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gatewayPort + "/v1")
                .apiKey(models.callerAllowedToInvoke("caller", "support")).maxRetries(0).build();
        ChatCompletionCreateParams chat = ChatCompletionCreateParams.builder().model(NAMESPACE + "/support")
                .addUserMessage("Say pong").build();
        models.apply(ClusterModels.customModel("support", upstream.url("/custom"), "Reply with pong.", true));
        models.awaitPhase("support", Phase.InferenceEnabled);
        Eventually.eventually("the gateway to serve the model", ClusterModels.WAIT, List.of(operator, gateway),
                () -> caller.chat().completions().create(chat));

        TestCluster.get().admin().secrets().inNamespace(NAMESPACE).withName("creds").delete();
        ExternalModel failed = models.awaitPhase("support", Phase.Failed);
        assertThatModel(failed).hasCondition("CredentialsResolved", "False", "CredentialsMissing");
        long calls = upstream.count("/custom");
        OpenAIServiceException unavailable = Eventually.eventually("the gateway to see the Failed model",
                ClusterModels.WAIT, List.of(operator, gateway), () -> {
                    try {
                        caller.chat().completions().create(chat);
                        return null;
                    } catch (OpenAIServiceException e) {
                        return e.statusCode() == 503 ? e : null;
                    }
                });
        assertThat(unavailable.code()).contains("CredentialsMissing");
        assertThat(unavailable.getMessage()).contains("the model's credentials are not available");
        assertThat(upstream.count("/custom")).as("calls without credentials").isEqualTo(calls);

        models.secret("creds", TOKEN);
        models.awaitPhase("support", Phase.InferenceEnabled);
        Eventually.eventually("the gateway to serve the model again", ClusterModels.WAIT, List.of(operator, gateway),
                () -> caller.chat().completions().create(chat));
    }

    /**
     * Every request the component made on Secrets since the moment is a list or a watch of {@code path} with the
     * consent label selector, and there was at least one of each: its informer listed and watched.
     */
    static void assertOnlyLabelledSecretsRead(ChartInstall install, String component, Instant since, String path,
            List<RoleProcess> processes) {
        String account = install.serviceAccount(component);
        List<JsonNode> requests = Eventually.eventually(component + " to list and watch Secrets", ClusterModels.WAIT,
                processes, () -> {
                    List<JsonNode> all = AuditLog.read().by(install.namespace(), account, since).on("secrets");
                    List<String> verbs = all.stream().map(e -> e.path("verb").asText()).toList();
                    return verbs.contains("list") && verbs.contains("watch") ? all : null;
                });
        assertThat(requests).as("%s's requests on Secrets", component).allSatisfy(event -> {
            URI uri = URI.create(event.path("requestURI").asText());
            assertThat(event.path("verb").asText()).isIn("list", "watch");
            assertThat(uri.getPath()).isEqualTo(path);
            assertThat(query(uri).get("labelSelector")).isEqualTo(CredentialSecrets.CONSENT_SELECTOR);
        });
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0],
                        pair -> URLDecoder.decode(pair.length > 1 ? pair[1] : "", StandardCharsets.UTF_8),
                        (a, b) -> b));
    }
}
