package dev.modelport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.api.v1alpha1.ExternalModel;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifests folder applied to the embedded API server; --demo-port moves the samples' models with it. */
class LocalManifestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private static String model(String name, String namespace, String endpoint) {
        return """
                ---
                apiVersion: modelport.dev/v1alpha1
                kind: ExternalModel
                metadata: {name: %s, namespace: %s}
                spec:
                  endpoint: %s
                  configuration: {custom: {body: '{"input": "{{prompt}}"}'}}
                  test: {prompt: ping}
                """.formatted(name, namespace, endpoint);
    }

    /**
     * Objects go out several at a time, a Namespace (cluster-scoped: given no namespace) before the objects after
     * it, a namespaced object without a namespace to default; the refused ones are reported in the files' order
     * with their fields, and the others are applied.
     */
    @Test
    void shouldApplyEveryValidObjectAndReportTheRefusedInOrder() throws Exception {
        StringBuilder many = new StringBuilder("apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n");
        for (int i = 0; i < 40; i++) {
            many.append(model("m-" + i, "team-a", "http://127.0.0.1:8090/v1/generate"));
        }
        many.append(model("bad-endpoint", "team-a", "ftp://example.com/v1"));
        Files.writeString(folder.resolve("a.yaml"), many);
        Files.writeString(folder.resolve("b.yaml"), model("late", "team-a", "https://example.com/v1")
                + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n");
        StringWriter err = new StringWriter();

        try (EmbeddedApiServer server = EmbeddedApiServer.start(0);
                KubernetesClient client = new KubernetesClientBuilder()
                        .withConfig(new ConfigBuilder().withMasterUrl(server.url()).build()).build()) {
            int applied = LocalManifests.apply(client, folder, "http://127.0.0.1:43121", new PrintWriter(err));

            assertThat(applied).as(err.toString()).isEqualTo(43);
            assertThat(client.resources(ExternalModel.class).inNamespace("team-a").list().getItems()).hasSize(41)
                    .filteredOn(m -> m.getMetadata().getName().startsWith("m-"))
                    .allSatisfy(m -> assertThat(m.getSpec().endpoint).isEqualTo("http://127.0.0.1:43121/v1/generate"));
            assertThat(client.configMaps().inNamespace("default").withName("settings").get()).isNotNull();
        }
        assertThat(err.toString().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith(folder.resolve("a.yaml") + " (document 42): not applied: ").contains("spec.endpoint"));
    }

    private static String moved(String endpoint, String demoUrl) throws Exception {
        JsonNode model = JSON.readTree("{\"kind\": \"ExternalModel\", \"spec\": {\"endpoint\": \"" + endpoint + "\"}}");
        LocalManifests.moveToDemo(model, demoUrl);
        return model.path("spec").path("endpoint").asText();
    }

    @Test
    void shouldMoveAnEndpointOnTheSamplesDemoAddressKeepingItsPathAndQuery() throws Exception {
        assertThat(moved("http://127.0.0.1:8090/v1/generate?v=2", "http://127.0.0.1:43121"))
                .isEqualTo("http://127.0.0.1:43121/v1/generate?v=2");
    }

    @Test
    void shouldLeaveEveryOtherEndpointAsItIs() throws Exception {
        assertThat(moved("http://127.0.0.1:8090/v1/generate", "http://127.0.0.1:8090"))
                .isEqualTo("http://127.0.0.1:8090/v1/generate");
        assertThat(moved("http://127.0.0.1:80901/v1/generate", "http://127.0.0.1:43121"))
                .isEqualTo("http://127.0.0.1:80901/v1/generate");
        assertThat(moved("https://api.example.com/v1/chat/completions", "http://127.0.0.1:43121"))
                .isEqualTo("https://api.example.com/v1/chat/completions");
    }
}
