package dev.modelport.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;

/** helm/modelport rendered by the Helm engine (helm template, CRDs included) and parsed into objects. */
public record RenderedChart(List<JsonNode> objects) {

    static final Path CHART = Path.of("helm/modelport");
    static final String RELEASE = "modelport";
    static final String NAMESPACE = "modelport-system";
    /** helm template assumes Kubernetes 1.20 unless told; the chart needs 1.25 or newer. */
    static final String KUBE_VERSION = "1.33.0";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Rendered with the chart's default values. */
    static RenderedChart defaults() {
        return render(template -> template);
    }

    /** Rendered with src/test/resources/ChartTest/{@code name}.yaml on top of the defaults. */
    static RenderedChart withValues(String name) {
        return render(template -> template.withValuesFile(Path.of("src/test/resources/ChartTest", name + ".yaml")));
    }

    /** Rendered with --set key=value pairs on top of the defaults. */
    static RenderedChart withSet(Map<String, Object> values) {
        return render(template -> {
            values.forEach(template::set);
            return template;
        });
    }

    /** Rendered as a release of that name in that namespace, for that Kubernetes version, with --set values. */
    public static RenderedChart release(String release, String namespace, String kubeVersion,
            Map<String, Object> values) {
        return render(new Helm(CHART).template().withName(release).withNamespace(namespace)
                .withKubeVersion(kubeVersion), template -> {
                    values.forEach(template::set);
                    return template;
                });
    }

    static RenderedChart render(UnaryOperator<TemplateCommand> options) {
        return render(new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION), options);
    }

    private static RenderedChart render(TemplateCommand template, UnaryOperator<TemplateCommand> options) {
        String manifests = options.apply(template).call();
        try (var parser = YAML.createParser(manifests)) {
            List<JsonNode> objects = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(node -> {
                if (node != null && node.isObject()) {
                    objects.add(node);
                }
            });
            return new RenderedChart(List.copyOf(objects));
        } catch (IOException e) {
            throw new UncheckedIOException("helm template rendered invalid YAML", e);
        }
    }

    public List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    /** The object of that kind and name (and namespace, for a namespaced one), or an AssertionError. */
    JsonNode get(String kind, String name, String namespace) {
        return ofKind(kind).stream()
                .filter(o -> name.equals(o.at("/metadata/name").asText()))
                .filter(o -> namespace == null || namespace.equals(o.at("/metadata/namespace").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + namespace + "/" + name + " rendered"));
    }

    JsonNode deployment(String role) {
        return get("Deployment", RELEASE + "-" + role, NAMESPACE);
    }

    static JsonNode container(JsonNode deployment) {
        return deployment.at("/spec/template/spec/containers/0");
    }

    /** The value of a container's environment variable, or null when it is not set. */
    static String env(JsonNode deployment, String name) {
        return StreamSupport.stream(container(deployment).path("env").spliterator(), false)
                .filter(e -> name.equals(e.path("name").asText()))
                .map(e -> e.has("value") ? e.path("value").asText() : e.path("valueFrom").toString())
                .findFirst().orElse(null);
    }

    static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
