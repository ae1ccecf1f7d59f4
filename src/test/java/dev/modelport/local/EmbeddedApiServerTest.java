package dev.modelport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.Phase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PatchContext APPLY = new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager("test").withForce(true).build();

    private static EmbeddedApiServer server;
    private static KubernetesClient client;

    @TempDir
    static Path folder;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedApiServer.start(0);
        Path kubeconfig = folder.resolve("nested/kubeconfig");
        server.writeKubeconfig(kubeconfig);
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void shouldListenOnLoopbackAndWriteAKubeconfigPointingAtIt() {
        assertThat(server.url()).startsWith("http://127.0.0.1:");
        assertThat(client.getConfiguration().getMasterUrl()).startsWith(server.url());
        assertThat(client.getConfiguration().getNamespace()).isEqualTo("default");
    }

    @Test
    void shouldServeTheDiscoveryDocumentsKubectlReads() throws Exception {
        assertThat(get("/version").path("gitVersion").asText()).startsWith("v1.");
        assertThat(get("/api").path("versions").toString()).isEqualTo("[\"v1\"]");
        assertThat(get("/apis").path("groups").findValuesAsText("name")).contains("modelport.dev");
        JsonNode modelport = get("/apis/modelport.dev/v1alpha1");
        assertThat(modelport.path("groupVersion").asText()).isEqualTo("modelport.dev/v1alpha1");
        JsonNode externalModels = modelport.path("resources").get(0);
        assertThat(externalModels.path("name").asText()).isEqualTo("externalmodels");
        assertThat(externalModels.path("kind").asText()).isEqualTo("ExternalModel");
        assertThat(externalModels.path("shortNames").toString()).isEqualTo("[\"xm\"]");
        assertThat(externalModels.path("namespaced").asBoolean()).isTrue();
        assertThat(get("/api/v1").path("resources").findValuesAsText("name"))
                .contains("secrets", "services", "events");
    }

    @Test
    void shouldHaveTheCrdInstalledAndStoreExternalModels() {
        assertThat(client.apiextensions().v1().customResourceDefinitions()
                .withName("externalmodels.modelport.dev").get()).isNotNull();
        client.resource(model("stored")).create();
        assertThat(client.resources(ExternalModel.class).inNamespace("default").withName("stored").get())
                .isNotNull();
    }

    @Test
    void shouldCreateOnServerSideApplyAndMergeOnTheNextOneWithoutDuplicatingFinalizers() {
        var models = client.resources(ExternalModel.class).inNamespace("default");
        ExternalModel created = models.resource(model("applied")).patch(APPLY);
        assertThat(created.getMetadata().getUid()).isNotBlank();

        ExternalModel finalizer = model("applied");
        finalizer.setSpec(null);
        finalizer.getMetadata().setFinalizers(List.of("externalmodels.modelport.dev/finalizer"));
        models.resource(finalizer).patch(APPLY);
        models.resource(finalizer).patch(APPLY);

        ExternalModel stored = models.withName("applied").get();
        assertThat(stored.getMetadata().getFinalizers()).containsExactly("externalmodels.modelport.dev/finalizer");
        assertThat(stored.getSpec().endpoint).isEqualTo("http://127.0.0.1:1/v1/chat/completions");
    }

    @Test
    void shouldApplyStatusThroughTheStatusSubresource() {
        var models = client.resources(ExternalModel.class).inNamespace("default");
        models.resource(model("with-status")).create();
        ExternalModel status = model("with-status");
        status.setStatus(new ExternalModelStatus());
        status.getStatus().phase = Phase.Ready;
        models.resource(status).subresource("status").patch(APPLY);

        assertThat(models.withName("with-status").get().getStatus().phase).isEqualTo(Phase.Ready);
    }

    @Test
    void shouldMergePatchAsRfc7386Says() throws IOException {
        JsonNode target = JSON.readTree("""
                {"a": 1, "b": {"c": 2, "d": 3}, "list": [1, 2], "gone": true}""");
        JsonNode patch = JSON.readTree("""
                {"b": {"d": 4, "e": 5}, "list": [3], "gone": null, "new": "x"}""");

        assertThat(EmbeddedApiServer.mergePatch(target, patch)).isEqualTo(JSON.readTree("""
                {"a": 1, "b": {"c": 2, "d": 4, "e": 5}, "list": [3], "new": "x"}"""));
        assertThat(target.has("gone")).as("the target is not modified").isTrue();
        assertThat(EmbeddedApiServer.mergePatch(target, null)).isSameAs(target);
    }

    private static ExternalModel model(String name) {
        ExternalModel model = new ExternalModel();
        model.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        model.setSpec(new dev.modelport.api.v1alpha1.ExternalModelSpec());
        model.getSpec().endpoint = "http://127.0.0.1:1/v1/chat/completions";
        return model;
    }

    private static JsonNode get(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return JSON.readTree(response.body());
        }
    }
}
