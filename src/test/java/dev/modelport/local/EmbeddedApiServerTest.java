package dev.modelport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.Header;
import dev.modelport.api.v1alpha1.Phase;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
    private static final String EXTERNAL_MODELS = "/apis/modelport.dev/v1alpha1/namespaces/default/externalmodels";
    /** What kubectl v1.32 sends for {@code kubectl create secret generic x --from-literal=token=y}. */
    private static final String SECRET_X = "6b3873000a0c0a027631120653656372657412210a110a017812001a0022002a00320038"
            + "004200120a0a05746f6b656e1201791a001a002200";
    /** What kubectl v1.32 sends for {@code kubectl create service clusterip web --tcp=80:8080 --tcp=443:https}. */
    private static final String SERVICE_WEB = "6b3873000a0d0a027631120753657276696365128d010a1f0a037765621200"
            + "1a0022002a003200380042005a0a0a03617070120377656212660a1b0a0738302d38303830120354435018502207080010903f"
            + "1a0028000a220a093434332d6874747073120354435018bb03220b080110001a0568747470732800120a0a0361707012037765"
            + "621a002209436c757374657249503a00420052005a00600068001a020a001a002200";
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

    /** As a cluster's garbage collector does: a deleted model's inference Service goes with it, another's stays. */
    @Test
    void shouldDeleteTheServicesADeletedObjectOwns() {
        var models = client.resources(ExternalModel.class).inNamespace("default");
        ExternalModel owner = models.resource(model("owner")).create();
        var services = client.services().inNamespace("default");
        for (String name : List.of("owned", "other")) {
            services.resource(new ServiceBuilder().withNewMetadata().withName(name).addNewOwnerReference()
                    .withApiVersion("modelport.dev/v1alpha1").withKind("ExternalModel").withName("owner")
                    .withUid(name.equals("owned") ? owner.getMetadata().getUid() : "another-uid").endOwnerReference()
                    .endMetadata().withNewSpec().withType("ExternalName").withExternalName("gateway").endSpec()
                    .build()).create();
        }

        models.withName("owner").delete();

        assertThat(models.withName("owner").get()).isNull();
        assertThat(services.withName("owned").get()).isNull();
        assertThat(services.withName("other").get()).isNotNull();
        services.withName("other").delete();
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
    void shouldCreateASecretKubectlSendsAsProtobufAndAnswerInJson() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/namespaces/default/secrets?fieldManager=kubectl-create",
                PROTOBUF, HexFormat.of().parseHex(SECRET_X));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(response.body()).path("data").path("token").asText()).isEqualTo("eQ==");
        Secret stored = client.secrets().inNamespace("default").withName("x").get();
        assertThat(stored.getData()).containsExactly(Map.entry("token", "eQ=="));
        assertThat(stored.getType()).as("an empty string on the wire, left out as in JSON").isNull();
    }

    @Test
    void shouldReadAServiceKubectlSendsAsProtobufFieldByField() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/namespaces/default/services", PROTOBUF,
                HexFormat.of().parseHex(SERVICE_WEB));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode service = JSON.readTree(response.body());
        assertThat(service.path("metadata").path("labels")).isEqualTo(JSON.readTree("{\"app\": \"web\"}"));
        assertThat(service.path("spec")).isEqualTo(JSON.readTree("""
                {"ports": [{"name": "80-8080", "protocol": "TCP", "port": 80, "targetPort": 8080},
                           {"name": "443-https", "protocol": "TCP", "port": 443, "targetPort": "https"}],
                 "selector": {"app": "web"}, "type": "ClusterIP"}"""));
        assertThat(service.has("status")).as("an empty status is left out").isFalse();
    }

    @Test
    void shouldRefuseAProtobufBodyItCannotReadWith415AtOnce() throws Exception {
        byte[] secret = HexFormat.of().parseHex(SECRET_X);
        byte[] truncated = Arrays.copyOf(secret, secret.length - 10);
        // k8s\0, then a runtime.Unknown of typeMeta {apiVersion: v1, kind: Event} and an empty raw object.
        byte[] event = HexFormat.of().parseHex("6b3873000a0b0a0276311205" + HexFormat.of().formatHex("Event"
                .getBytes(StandardCharsets.US_ASCII)) + "1200");

        for (byte[] body : List.of(truncated, event)) {
            HttpResponse<String> response = send("POST", "/api/v1/namespaces/default/secrets", PROTOBUF, body);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
            JsonNode status = JSON.readTree(response.body());
            assertThat(status.path("kind").asText()).isEqualTo("Status");
            assertThat(status.path("reason").asText()).isEqualTo("UnsupportedMediaType");
            assertThat(status.path("message").asText()).contains("application/json");
        }
    }

    @Test
    void shouldAnswerAGetAcceptingProtobufWithJsonItLabelsAsJson() throws Exception {
        client.resource(new SecretBuilder().withNewMetadata().withName("listed").withNamespace("default").endMetadata()
                .addToData("token", "eQ==").build()).create();
        for (String path : List.of("/api/v1/namespaces/default/secrets/listed", "/api/v1/namespaces/default/secrets")) {
            HttpResponse<String> response = send("GET", path, null, null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/json");
            assertThat(response.body()).contains("\"listed\"");
        }
    }

    @Test
    void shouldApplyASecretWithTheStrategicMergePatchKubectlSends() throws Exception {
        client.resource(new SecretBuilder().withNewMetadata().withName("applied").withNamespace("default")
                .addToLabels("app", "demo").endMetadata().addToStringData("token", "one").build()).create();
        // kubectl apply -f of the same Secret with another token (no OpenAPI: its patch is built from Go types).
        String patch = """
                {"metadata": {"annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"}},
                 "stringData": {"token": "two"}}""";

        HttpResponse<String> response = send("PATCH", "/api/v1/namespaces/default/secrets/applied"
                + "?fieldManager=kubectl-client-side-apply", "application/strategic-merge-patch+json",
                patch.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Secret stored = client.secrets().inNamespace("default").withName("applied").get();
        assertThat(stored.getStringData()).containsExactly(Map.entry("token", "two"));
        assertThat(stored.getMetadata().getLabels()).containsExactly(Map.entry("app", "demo"));
        assertThat(stored.getMetadata().getAnnotations())
                .containsKey("kubectl.kubernetes.io/last-applied-configuration");
    }

    @Test
    void shouldMergeServicePortsByPortInAStrategicMergePatch() throws Exception {
        client.resource(new ServiceBuilder().withNewMetadata().withName("ports").withNamespace("default")
                .endMetadata().withNewSpec()
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString(8080)).endPort()
                .addNewPort().withName("https").withPort(443).endPort()
                .endSpec().build()).create();
        String patch = """
                {"spec": {"$setElementOrder/ports": [{"port": 80}],
                          "ports": [{"port": 80, "targetPort": 9090}, {"port": 443, "$patch": "delete"}]}}""";

        HttpResponse<String> response = send("PATCH", "/api/v1/namespaces/default/services/ports",
                "application/strategic-merge-patch+json", patch.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("spec").path("ports")).isEqualTo(JSON.readTree("""
                [{"name": "http", "port": 80, "targetPort": 9090}]"""));
    }

    @Test
    void shouldRemoveNullsAndReplaceListsInAJsonMergePatch() throws Exception {
        ExternalModel labelled = model("merged");
        labelled.getMetadata().setLabels(Map.of("team", "a", "stage", "dev"));
        labelled.getSpec().headers = List.of(header("X-A"));
        client.resource(labelled).create();
        // kubectl label xm merged stage- ; kubectl patch xm merged --type merge -p '{"spec":{"headers":[...]}}'
        String patch = """
                {"metadata": {"labels": {"stage": null}}, "spec": {"headers": [{"name": "X-B", "value": "b"}]}}""";

        HttpResponse<String> response = send("PATCH", EXTERNAL_MODELS + "/merged", "application/merge-patch+json",
                patch.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ExternalModel stored = client.resources(ExternalModel.class).inNamespace("default").withName("merged").get();
        assertThat(stored.getMetadata().getLabels()).containsExactly(Map.entry("team", "a"));
        assertThat(stored.getSpec().headers).extracting(h -> h.name).containsExactly("X-B");
    }

    @Test
    void shouldRefuseAStrategicMergePatchOfACustomResourceAsTheApiServerDoes() throws Exception {
        client.resource(model("strategic")).create();
        byte[] patch = "{\"spec\": {\"draft\": true}}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = send("PATCH", EXTERNAL_MODELS + "/strategic",
                "application/strategic-merge-patch+json", patch);

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(response.body()).path("message").asText())
                .contains("application/merge-patch+json");
    }

    @Test
    void shouldAnswerABodyItCannotParseInsteadOfLeavingTheRequestOpen() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                "{\"kind\": \"ConfigMap\", \"apiVersion\": ".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(response.body()).path("kind").asText()).isEqualTo("Status");
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

    private static Header header(String name) {
        Header header = new Header();
        header.name = name;
        header.value = "a";
        return header;
    }

    /** A request as kubectl's typed clients send it; an unanswered one fails the test after 5 s instead of hanging. */
    private static HttpResponse<String> send(String method, String path, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .timeout(Duration.ofSeconds(5)).header("Accept", PROTOBUF + ",application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
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
