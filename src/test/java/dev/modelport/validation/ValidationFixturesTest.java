package dev.modelport.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.upstream.CredentialResolver;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample validates; every invalid fixture fails with the messages its "# expect:" lines state. Where a
 * message is a CEL rule's, both the CEL engine (evaluating the generated CRD) and the Java validator must report
 * it, and on every fixture the CEL verdict must be one the Java validator agrees with.
 */
class ValidationFixturesTest {

    private static final Path SAMPLES = Path.of("samples");
    private static final Path INVALID = Path.of("src/test/resources/invalid");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final JsonNode SCHEMA = CrdSchema.openApiV3Schema(CrdSchema.crd());
    private static final CelRules CEL = new CelRules(SCHEMA);
    private static final ManifestValidator MANIFESTS = new ManifestValidator(new SchemaValidator(SCHEMA), CEL);
    private static final ExternalModelValidator JAVA = new ExternalModelValidator();

    static Stream<Path> samples() throws IOException {
        return ManifestReader.files(SAMPLES).stream();
    }

    static Stream<Path> invalidFixtures() throws IOException {
        return ManifestReader.files(INVALID).stream();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void shouldAcceptEverySample(Path file) throws IOException {
        List<JsonNode> models = externalModels(file);
        assertThat(models).as("ExternalModels in %s", file).isNotEmpty();
        for (JsonNode model : models) {
            assertThat(MANIFESTS.validate(model)).as("problems in %s", file).isEmpty();
            assertThat(CEL.validate(model)).isEmpty();
            assertThat(JAVA.validate(spec(model))).isEmpty();
        }
    }

    static Stream<Path> samplesAndBenchModels() throws IOException {
        return Stream.concat(samples(), ManifestReader.files(Path.of("bench/manifests")).stream());
    }

    /** What a user who applies the file gets: the credentials resolve from its own Secrets, labelled for Modelport. */
    @ParameterizedTest
    @MethodSource("samplesAndBenchModels")
    void shouldResolveEveryModelsCredentialsFromTheSecretsOfItsOwnFile(Path file) throws Exception {
        Map<String, Secret> secrets = new HashMap<>();
        for (ManifestReader.Document document : ManifestReader.read(file)) {
            if ("Secret".equals(document.object().path("kind").asText())) {
                Secret secret = MAPPER.treeToValue(document.object(), Secret.class);
                secrets.put(secret.getMetadata().getName(), secret);
            }
        }
        for (JsonNode model : externalModels(file)) {
            assertThat(CredentialResolver.resolve(spec(model), secrets::get)).as("credentials of %s", file)
                    .isNotNull();
        }
    }

    @ParameterizedTest
    @MethodSource("invalidFixtures")
    void shouldRejectInvalidFixtureWithItsStatedMessages(Path file) throws IOException {
        List<String> expected = expectations(file);
        assertThat(expected).as("# expect: lines in %s", file).isNotEmpty();
        JsonNode model = single(file);
        List<String> all = strings(MANIFESTS.validate(model));
        Set<String> celMessages = celMessages();
        for (String expectation : expected) {
            assertThat(all).as("all problems of %s", file).anyMatch(line -> line.contains(expectation));
            if (celMessages.stream().anyMatch(expectation::endsWith)) {
                assertThat(strings(CEL.validate(model))).as("CEL problems of %s", file).contains(expectation);
                assertThat(strings(JAVA.validate(spec(model)))).as("Java problems of %s", file).contains(expectation);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("allFixtures")
    void shouldGiveTheSameVerdictInCelAndJava(Path file) throws IOException {
        for (JsonNode model : externalModels(file)) {
            List<Violation> cel = CEL.validate(model);
            ExternalModelSpec spec;
            try {
                spec = spec(model);
            } catch (IOException shapeError) {
                // Wrong types and unknown enum values are the schema's to reject; the Java types cannot hold them.
                continue;
            }
            assertThat(JAVA.validate(spec)).as("Java problems of %s", file).containsAll(cel);
            assertThat(cel).allSatisfy(violation -> assertThat(celMessages()).contains(violation.message()));
        }
    }

    static Stream<Path> allFixtures() throws IOException {
        return Stream.concat(samples(), invalidFixtures());
    }

    @Test
    void shouldCoverEveryCelRuleWithAnInvalidFixture() throws IOException {
        Set<String> stated = new HashSet<>();
        for (Path file : ManifestReader.files(INVALID)) {
            stated.addAll(expectations(file));
        }
        assertThat(CEL.size()).isGreaterThanOrEqualTo(20);
        for (String message : celMessages()) {
            assertThat(stated).as("an invalid fixture for the rule \"%s\"", message)
                    .anyMatch(line -> line.endsWith(": " + message));
        }
    }

    private static Set<String> celMessages() {
        Set<String> messages = new HashSet<>();
        collectMessages(SCHEMA, messages);
        return messages;
    }

    private static void collectMessages(JsonNode node, Set<String> messages) {
        node.path("x-kubernetes-validations").forEach(rule -> messages.add(rule.path("message").asText()));
        node.forEach(child -> {
            if (child.isContainerNode()) {
                collectMessages(child, messages);
            }
        });
    }

    static List<String> expectations(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .filter(line -> line.startsWith("# expect: "))
                .map(line -> line.substring("# expect: ".length()))
                .toList();
    }

    private static List<JsonNode> externalModels(Path file) throws IOException {
        return ManifestReader.read(file).stream()
                .map(ManifestReader.Document::object)
                .filter(ManifestValidator::isExternalModel)
                .toList();
    }

    private static JsonNode single(Path file) throws IOException {
        List<JsonNode> models = externalModels(file);
        assertThat(models).as("ExternalModels in %s", file).hasSize(1);
        return models.get(0);
    }

    private static ExternalModelSpec spec(JsonNode model) throws IOException {
        return MAPPER.treeToValue(model, ExternalModel.class).getSpec();
    }

    private static List<String> strings(List<Violation> violations) {
        return violations.stream().map(Violation::toString).toList();
    }
}
