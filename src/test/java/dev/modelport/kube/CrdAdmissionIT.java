package dev.modelport.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.validation.CelRules;
import dev.modelport.validation.CrdSchema;
import dev.modelport.validation.ManifestReader;
import dev.modelport.validation.ManifestValidator;
import dev.modelport.validation.SchemaValidator;
import dev.modelport.validation.Violation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRD of {@code crds/} on the real API server: accepted (CEL rules compiled by the API server's own compiler,
 * within its cost budget) and Established, every sample admitted, and every invalid fixture that admission can judge
 * refused with the messages {@code validate} prints for it. Server-side apply dry runs: nothing is stored.
 */
public class CrdAdmissionIT {

    static final Path SAMPLES = Path.of("samples");
    static final Path INVALID = Path.of("src/test/resources/invalid");
    static final ManifestValidator VALIDATE = ManifestValidator.fromBuiltInCrd();
    static final JsonNode OPEN_API = CrdSchema.openApiV3Schema(CrdSchema.crd());
    static final SchemaValidator SCHEMA = new SchemaValidator(OPEN_API);
    static final CelRules CEL = new CelRules(OPEN_API);
    static KubernetesClient admin;

    @BeforeAll
    static void cluster() {
        admin = TestCluster.get().admin();
    }

    static Stream<Path> samples() throws IOException {
        return ManifestReader.files(SAMPLES).stream().filter(file -> !file.toString().endsWith(".md"));
    }

    static Stream<Path> invalidFixtures() throws IOException {
        return ManifestReader.files(INVALID).stream();
    }

    @Test
    void shouldBeEstablishedWithTheCommittedSchema() {
        var crd = admin.apiextensions().v1().customResourceDefinitions().withName(TestCluster.CRD_NAME).get();
        assertThat(TestCluster.established(crd)).as("Established").isTrue();
        assertThat(crd.getStatus().getConditions()).noneMatch(c -> "NonStructuralSchema".equals(c.getType()));
        assertThat(crd.getStatus().getAcceptedNames().getShortNames()).contains("xm");
    }

    /** The URL rule in the API server's RE2 agrees with Java's: the scheme in any case, a port up to 65535. */
    @ParameterizedTest
    @ValueSource(strings = {"HTTPS://LLM.EXAMPLE.COM/v1", "Http://llm.example.com:65535/v1", "http://[::1]:1/x"})
    void shouldAdmitEveryFormOfAnAbsoluteUrl(String endpoint) throws IOException {
        JsonNode model = ManifestReader.read(SAMPLES.resolve("custom-detected-paths.yaml")).stream()
                .map(ManifestReader.Document::object).filter(ManifestValidator::isExternalModel).findFirst()
                .orElseThrow();
        ((ObjectNode) model.get("spec")).put("endpoint", endpoint);
        assertThat(VALIDATE.validate(model)).isEmpty();
        assertThat(dryRun(model).getMetadata().getUid()).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void shouldAdmitEverySample(Path file) throws IOException {
        for (ManifestReader.Document document : ManifestReader.read(file)) {
            GenericKubernetesResource object = dryRun(document.object());
            assertThat(object.getMetadata().getUid()).as("%s admitted", file).isNotNull();
        }
    }

    /**
     * A fixture with a schema or CEL problem is refused, and the refusal states each of its expected messages: the
     * same line, or for a CEL rule the same field and message with the rejected value between them (the API server
     * says "spec.endpoint: Invalid value: \"ftp://...\": must be ..."). A fixture with only problems no admission
     * rule can see (a body template, a JSON path, test values against declared types) is admitted: the operator
     * refuses it (ExternalModelOperatorIT), with the same messages.
     */
    @ParameterizedTest
    @MethodSource("invalidFixtures")
    void shouldRefuseEveryFixtureAdmissionCanJudgeWithTheMessagesValidatePrints(Path file) throws IOException {
        JsonNode model = ManifestReader.read(file).get(0).object();
        List<String> validate = VALIDATE.validate(model).stream().map(Violation::toString).toList();
        List<String> expected = expectations(file);
        assertThat(expected).as("# expect: lines in %s", file).isNotEmpty();
        for (String line : expected) {
            assertThat(validate).as("validate %s", file).anyMatch(problem -> problem.contains(line));
        }
        List<Violation> admission = admissionProblems(model);
        if (admission.isEmpty()) {
            assertThat(dryRun(model).getMetadata().getUid()).as("%s admitted", file).isNotNull();
            return;
        }
        KubernetesClientException refusal = catchThrowableOfType(KubernetesClientException.class,
                () -> dryRun(model));
        assertThat(refusal).as("%s refused by the API server", file).isNotNull();
        String message = refusal.getStatus().getMessage();
        for (Violation problem : admission) {
            assertThat(message).as("the API server's refusal of %s", file).satisfiesAnyOf(
                    refused -> assertThat(refused).contains(problem.toString()),
                    refused -> assertThat(refused).containsPattern(Pattern.quote(problem.field() + ": Invalid value: ")
                            + ".*" + Pattern.quote(problem.message())));
        }
    }

    /** What the API server's admission can see: the structural schema, and the CEL rules when the schema is met. */
    public static List<Violation> admissionProblems(JsonNode model) {
        List<Violation> schema = SCHEMA.validate(model);
        return schema.isEmpty() ? CEL.validate(model) : schema;
    }

    private GenericKubernetesResource dryRun(JsonNode object) {
        GenericKubernetesResource resource = admin.getKubernetesSerialization().unmarshal(object.toString(),
                GenericKubernetesResource.class);
        String namespace = resource.getMetadata().getNamespace();
        if (namespace != null) {
            TestCluster.get().namespaces(namespace);
        }
        return admin.resource(resource).dryRun().fieldManager("crd-admission-test").serverSideApply();
    }

    public static List<String> expectations(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .filter(line -> line.startsWith("# expect: "))
                .map(line -> line.substring("# expect: ".length()))
                .toList();
    }
}
