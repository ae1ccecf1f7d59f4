package dev.modelport.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CRD generated from the Java types at build: its committed copies, and the contract it must carry. */
class CrdTest {

    private static final Path GENERATED = Path.of("target/kubernetes", GenerateCrd.FILE_NAME);
    private static final String REGENERATE = "the committed CRD differs from the one generated from the Java types; "
            + "run: mvn process-test-classes -Pcrds, then commit crds/ and helm/modelport/crds/";

    @ParameterizedTest
    @ValueSource(strings = {"crds", "helm/modelport/crds"})
    void shouldCommitExactlyTheGeneratedCrd(String folder) throws IOException {
        Path committed = Path.of(folder, GenerateCrd.FILE_NAME);
        assertThat(committed).as(REGENERATE).exists();
        assertThat(Files.readString(committed)).as(REGENERATE).isEqualTo(Files.readString(GENERATED));
    }

    @Test
    void shouldNameTheResourceAndShowTheContractColumns() throws IOException {
        JsonNode crd = crd();
        assertThat(crd.at("/spec/group").asText()).isEqualTo("modelport.dev");
        assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
        assertThat(crd.at("/spec/names/kind").asText()).isEqualTo("ExternalModel");
        assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo("xm");
        JsonNode version = crd.at("/spec/versions/0");
        assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
        assertThat(version.at("/subresources/status").isObject()).isTrue();
        List<String> columns = new ArrayList<>();
        version.path("additionalPrinterColumns").forEach(c -> columns.add(c.path("name").asText()));
        assertThat(columns).containsExactly("Phase", "Api", "Endpoint", "Inference", "Last Test", "Modalities",
                "Test ms", "URL", "Age");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "spec.displayName", "spec.endpoint", "spec.authorization.type", "spec.authorization.secretRef.name",
        "spec.authorization.header", "spec.authorization.tokenUrl", "spec.authorization.scopes",
        "spec.headers[].name", "spec.headers[].value", "spec.headers[].valueFrom.secretKeyRef.name",
        "spec.headers[].valueFrom.secretKeyRef.key",
        "spec.configuration.custom.variables.systemPrompt", "spec.configuration.custom.variables.examples",
        "spec.configuration.custom.variables.custom[].name", "spec.configuration.custom.variables.custom[].displayName",
        "spec.configuration.custom.variables.custom[].type", "spec.configuration.custom.variables.custom[].default",
        "spec.configuration.custom.variables.custom[].required", "spec.configuration.custom.body",
        "spec.configuration.custom.response.outputPath", "spec.configuration.custom.response.inputTokensPath",
        "spec.configuration.custom.response.outputTokensPath", "spec.configuration.custom.response.imagePath",
        "spec.configuration.provider.api",
        "spec.configuration.provider.model", "spec.configuration.provider.features.structuredResponse",
        "spec.configuration.provider.features.dataGeneration", "spec.configuration.provider.features.streaming",
        "spec.configuration.provider.features.modalities", "spec.test.prompt", "spec.test.systemPrompt",
        "spec.test.examples[].input", "spec.test.examples[].output", "spec.test.variables", "spec.test.timeout",
        "spec.test.retestInterval", "spec.draft", "spec.inference.enabled",
        "spec.inference.timeout", "spec.inference.retry.attempts", "spec.inference.retry.on",
        "spec.inference.retry.backoff.initial", "spec.inference.retry.backoff.max",
        "spec.inference.circuitBreaker.consecutiveFailures", "spec.inference.circuitBreaker.openFor",
        "spec.inference.fallbacks", "spec.inference.maxConcurrentRequests",
        "status.phase", "status.observedGeneration", "status.conditions[].type", "status.conditions[].status",
        "status.conditions[].reason", "status.conditions[].message", "status.conditions[].lastTransitionTime",
        "status.conditions[].observedGeneration", "status.capabilities.streaming",
        "status.capabilities.structuredOutput", "status.capabilities.dataGeneration", "status.capabilities.tools",
        "status.capabilities.modalities", "status.detectedPaths.outputPath",
        "status.detectedPaths.inputTokensPath", "status.detectedPaths.outputTokensPath", "status.lastTest.time",
        "status.lastTest.durationMillis", "status.lastTest.httpStatus", "status.lastTest.outputSample",
        "status.lastTest.inputTokens", "status.lastTest.outputTokens", "status.inference.service",
        "status.inference.url", "status.openCircuits[].replica", "status.openCircuits[].since",
        "status.openCircuits[].retryAt", "status.openCircuits[].reason", "status.openCircuits[].message"})
    void shouldDescribeEveryContractField(String path) throws IOException {
        JsonNode node = schema();
        for (String part : path.split("\\.")) {
            boolean list = part.endsWith("[]");
            node = node.path("properties").path(list ? part.substring(0, part.length() - 2) : part);
            assertThat(node.isObject()).as("%s in the schema (at %s)", path, part).isTrue();
            if (list) {
                node = node.path("items");
            }
        }
        assertThat(node.path("description").asText()).as("description of %s", path).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/properties/spec/properties/authorization/properties/type",
        "/properties/spec/properties/configuration/properties/provider/properties/api",
        "/properties/spec/properties/configuration/properties/custom/properties/variables/properties/custom/items"
            + "/properties/type",
        "/properties/spec/properties/inference/properties/retry/properties/on/items",
        "/properties/status/properties/phase"})
    void shouldDeclareEnums(String pointer) throws IOException {
        assertThat(schema().at(pointer).path("enum").size()).as("enum at %s", pointer).isGreaterThan(1);
    }

    /**
     * Each gateway replica server-side applies its own entry; only a list keyed by replica keeps the others' entries
     * (an atomic list would be replaced whole by each writer).
     */
    @Test
    void shouldKeyTheOpenCircuitsByReplicaSoThatEachGatewayOwnsItsEntry() throws IOException {
        JsonNode list = schema().at("/properties/status/properties/openCircuits");
        assertThat(list.path("x-kubernetes-list-type").asText()).isEqualTo("map");
        assertThat(list.path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"replica\"]");
        assertThat(list.at("/items/required").toString()).isEqualTo("[\"replica\"]");
    }

    @Test
    void shouldBoundEveryStringAndListOfTheSpec() throws IOException {
        List<String> unbounded = new ArrayList<>();
        List<String> undescribed = new ArrayList<>();
        walk("spec", schema().at("/properties/spec"), unbounded, undescribed);
        assertThat(unbounded).as("strings without maxLength or enum, lists without maxItems").isEmpty();
        assertThat(undescribed).as("properties without a description").isEmpty();
    }

    private static void walk(String path, JsonNode node, List<String> unbounded, List<String> undescribed) {
        String type = node.path("type").asText("");
        if (type.equals("string") && !node.has("maxLength") && !node.has("enum")) {
            unbounded.add(path);
        }
        if (type.equals("array") && !node.has("maxItems")) {
            unbounded.add(path);
        }
        if (type.equals("object") && node.has("additionalProperties") && !node.has("maxProperties")) {
            unbounded.add(path);
        }
        node.path("properties").fields().forEachRemaining(field -> {
            if (!field.getValue().has("description")) {
                undescribed.add(path + "." + field.getKey());
            }
            walk(path + "." + field.getKey(), field.getValue(), unbounded, undescribed);
        });
        if (node.has("items")) {
            walk(path + "[]", node.get("items"), unbounded, undescribed);
        }
    }

    private static JsonNode crd() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(GENERATED.toFile());
    }

    private static JsonNode schema() throws IOException {
        return crd().at("/spec/versions/0/schema/openAPIV3Schema");
    }
}
