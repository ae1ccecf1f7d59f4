package dev.modelport.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/gitops.md: its YAML parses, its objects are named, and the chart installs with the values it shows. */
class GitOpsDocTest {

    private static final Path DOC = Path.of("docs/gitops.md");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void shouldShowOnlyWellFormedKubernetesObjects() throws IOException {
        List<JsonNode> objects = objects();

        assertThat(objects).extracting(o -> o.path("kind").asText()).contains("Application", "HelmRelease",
                "Kustomization", "GitRepository");
        for (JsonNode object : objects) {
            assertThat(object.path("apiVersion").asText()).as(object.toString()).contains("/");
            assertThat(object.at("/metadata/name").asText()).as(object.toString()).isNotBlank();
            assertThat(object.at("/metadata/namespace").asText()).as(object.toString()).isNotBlank();
        }
    }

    @Test
    void shouldPointArgoCdAndFluxAtTheChart() throws IOException {
        for (JsonNode object : objects()) {
            switch (object.path("kind").asText()) {
                case "Application" -> {
                    String path = object.at("/spec/source/path").asText();
                    if (object.at("/spec/source/helm").isObject()) {
                        assertThat(Path.of(path, "Chart.yaml")).exists();
                    }
                }
                case "HelmRelease" ->
                    assertThat(Path.of(object.at("/spec/chart/spec/chart").asText(), "Chart.yaml")).exists();
                default -> {
                }
            }
        }
    }

    /** The values of the Argo CD Application and of the HelmRelease render, with the names the comments promise. */
    @Test
    void shouldInstallTheChartWithTheValuesShown(@TempDir Path dir) throws IOException {
        List<JsonNode> releases = objects().stream().filter(o -> o.at("/spec/source/helm").isObject()
                || o.path("kind").asText().equals("HelmRelease")).toList();

        assertThat(releases).hasSize(2);
        for (JsonNode release : releases) {
            boolean argo = release.path("kind").asText().equals("Application");
            JsonNode values = argo ? release.at("/spec/source/helm/valuesObject") : release.at("/spec/values");
            String name = argo ? release.at("/spec/source/helm/releaseName").asText()
                    : release.at("/spec/releaseName").asText();
            Path file = dir.resolve(release.path("kind").asText() + ".yaml");
            YAML.writeValue(file.toFile(), values);

            String rendered = new Helm(Path.of("helm/modelport")).template().withName(name)
                    .withNamespace("modelport").withKubeVersion("1.33.0").withValuesFile(file).call();

            assertThat(rendered).contains("name: modelport-operator\n", "name: modelport-gateway\n",
                    "value: \"team-a\"");
        }
    }

    private static List<JsonNode> objects() throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        Matcher block = YAML_BLOCK.matcher(Files.readString(DOC));
        int blocks = 0;
        while (block.find()) {
            blocks++;
            YAML.readValues(YAML.createParser(block.group(1)), JsonNode.class).forEachRemaining(document -> {
                // The CI workflow is YAML too, but not a Kubernetes object.
                if (document.has("apiVersion")) {
                    objects.add(document);
                }
            });
        }
        assertThat(blocks).as("YAML blocks in %s", DOC).isGreaterThan(5);
        return objects;
    }
}
