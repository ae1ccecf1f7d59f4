package dev.modelport.gitops;

import static dev.modelport.gitops.ArgoCdHealth.run;
import static dev.modelport.gitops.ArgoCdHealth.toLua;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.gitops.ArgoCdHealth.Health;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.modelport.gitops.ArgoCdHealth.Health;
import dev.modelport.validation.ManifestReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.luaj.vm2.LuaValue;

/**
 * Runs the Argo CD health check docs/argocd/externalmodel-health.lua in a real Lua engine (LuaJ) on objects shaped
 * as Argo CD hands them to the script: the live object turned into nested tables, JSON arrays 1-based, every
 * number a float.
 */
class ArgoCdHealthCheckTest {

    private static final Path README = Path.of("docs/argocd/README.md");
    private static final Path SAMPLES = Path.of("samples");
    private static final String CONFIG_MAP_KEY = "resource.customizations.health.modelport.dev_ExternalModel";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final String SCRIPT_TEXT = read(ArgoCdHealth.SCRIPT);
    private static final List<String> HEALTH_STATUSES = ArgoCdHealth.STATUSES;

    // ---- the mapping ----

    @Test
    void noStatusWaitsForTheOperator() {
        assertThat(health("""
                metadata: {name: m, generation: 3}
                spec: {endpoint: "http://x"}
                """)).isEqualTo(new Health("Progressing", "Waiting for the operator to observe generation 3"));
    }

    @Test
    void staleObservedGenerationWaitsEvenIfReady() {
        assertThat(health("""
                metadata: {generation: 5}
                status:
                  observedGeneration: 4
                  phase: Ready
                  conditions:
                    - {type: Ready, status: "True", reason: Ready, message: ok, observedGeneration: 4}
                """)).isEqualTo(new Health("Progressing", "Waiting for the operator to observe generation 5"));
    }

    @Test
    void observedGenerationAheadOfMetadataIsNotStale() {
        assertThat(health(status(2, "Ready", "{type: Ready, status: \"True\"}").replaceGeneration(1)))
                .isEqualTo(new Health("Healthy", "Ready"));
    }

    @Test
    void stalledIsDegradedWithReasonAndMessage() {
        assertThat(health(status(2, "Failed",
                "{type: Ready, status: \"False\", reason: SecretNotFound, message: not ready}",
                "{type: Stalled, status: \"True\", reason: SecretNotFound, "
                        + "message: Secret openai-credentials not found}")))
                .isEqualTo(new Health("Degraded", "SecretNotFound: Secret openai-credentials not found"));
    }

    @Test
    void stalledWinsOverReadyAndReconciling() {
        assertThat(health(status(2, "Ready",
                "{type: Ready, status: \"True\"}",
                "{type: Reconciling, status: \"True\", reason: Testing}",
                "{type: Stalled, status: \"True\", reason: InvalidSpec, message: spec.endpoint is not a URL}")))
                .isEqualTo(new Health("Degraded", "InvalidSpec: spec.endpoint is not a URL"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ready", "InferenceEnabled", "Draft"})
    void readyIsHealthyWithThePhase(String phase) {
        assertThat(health(status(2, phase,
                "{type: Accepted, status: \"True\", reason: Valid}",
                "{type: Ready, status: \"True\", reason: " + phase + ", message: whatever}",
                "{type: Reconciling, status: \"False\"}",
                "{type: Stalled, status: \"False\"}")))
                .isEqualTo(new Health("Healthy", phase));
    }

    @Test
    void reconcilingIsProgressingWithItsMessage() {
        assertThat(health(status(2, "Draft",
                "{type: Ready, status: \"Unknown\", reason: Testing}",
                "{type: Reconciling, status: \"True\", reason: Testing, message: Running the connectivity test}")))
                .isEqualTo(new Health("Progressing", "Testing: Running the connectivity test"));
    }

    @Test
    void aRetestOfAReadyModelStaysHealthy() {
        assertThat(health(status(2, "InferenceEnabled",
                "{type: Reconciling, status: \"True\", reason: Retesting, message: Periodic re-test}",
                "{type: Ready, status: \"True\"}")))
                .isEqualTo(new Health("Healthy", "InferenceEnabled"));
    }

    @Test
    void aRetryOfAFailedModelIsProgressing() {
        assertThat(health(status(2, "Failed",
                "{type: Ready, status: \"False\", reason: TestFailed, message: connection refused}",
                "{type: Reconciling, status: \"True\", reason: Retrying, message: Retrying the connectivity test}")))
                .isEqualTo(new Health("Progressing", "Retrying: Retrying the connectivity test"));
    }

    @Test
    void readyUnknownOnTheFirstReconcileIsProgressing() {
        assertThat(health(status(1, null, "{type: Ready, status: \"Unknown\", reason: Reconciling}")))
                .isEqualTo(new Health("Progressing", "Waiting for the Ready condition"));
        assertThat(health(status(1, null,
                "{type: Ready, status: \"Unknown\", reason: Reconciling, message: First reconcile}")))
                .isEqualTo(new Health("Progressing", "Waiting for the Ready condition: First reconcile"));
    }

    @Test
    void readyFalseWithPhaseFailedIsDegraded() {
        assertThat(health(status(2, "Failed",
                "{type: Tested, status: \"False\", reason: TestFailed, message: upstream answered 401}",
                "{type: Ready, status: \"False\", reason: TestFailed, message: upstream answered 401}")))
                .isEqualTo(new Health("Degraded", "TestFailed: upstream answered 401"));
    }

    @Test
    void readyFalseInAnotherPhaseIsProgressing() {
        assertThat(health(status(2, "Draft",
                "{type: Ready, status: \"False\", reason: UpstreamUnavailable, message: will retry}")))
                .isEqualTo(new Health("Progressing", "UpstreamUnavailable: will retry"));
        assertThat(health(status(2, null, "{type: Ready, status: \"False\"}")))
                .isEqualTo(new Health("Progressing", "Not ready yet"));
    }

    @Test
    void noReadyConditionWaitsForIt() {
        assertThat(health(status(2, "Draft", "{type: Accepted, status: \"True\"}")))
                .isEqualTo(new Health("Progressing", "Waiting for the Ready condition"));
        assertThat(health("""
                metadata: {generation: 2}
                status: {observedGeneration: 2, phase: Ready}
                """)).isEqualTo(new Health("Progressing", "Waiting for the Ready condition"));
    }

    @Test
    void conditionsWithoutObservedGenerationWait() {
        assertThat(health("""
                metadata: {generation: 2}
                status:
                  phase: Ready
                  conditions:
                    - {type: Ready, status: "True"}
                """)).isEqualTo(new Health("Progressing", "Waiting for the operator to observe generation 2"));
    }

    @Test
    void withoutMetadataGenerationTheStatusIsTakenAsCurrent() {
        assertThat(health("""
                status:
                  observedGeneration: 1
                  phase: Ready
                  conditions: [{type: Ready, status: "True"}]
                """)).isEqualTo(new Health("Healthy", "Ready"));
        assertThat(health("kind: ExternalModel"))
                .isEqualTo(new Health("Progressing", "Waiting for the operator to observe the current generation"));
    }

    static Stream<String> malformed() {
        return Stream.of(
                "status: {observedGeneration: 1, conditions: [{}, {type: Ready}, {status: \"True\"}]}",
                "status: {observedGeneration: 1, conditions: [junk, 7, [1, 2], null, {type: Ready, status: \"True\"}]}",
                "status: {observedGeneration: 1, conditions: {type: Ready, status: \"True\"}}",
                "status: {observedGeneration: 1, conditions: nonsense, phase: 3}",
                "status: {observedGeneration: 1, conditions: [{type: Stalled, status: \"True\"}]}",
                "status: {observedGeneration: 1, conditions: [{type: Stalled, status: \"True\", reason: '', "
                        + "message: 5}]}",
                "status: {observedGeneration: 1, phase: Failed, conditions: [{type: Ready, status: \"False\"}]}",
                "status: {observedGeneration: 1, conditions: [{type: Reconciling, status: \"True\"}]}",
                "status: {observedGeneration: 1, conditions: [{type: Ready, status: \"Unknown\", message: {a: b}}]}",
                "status: {observedGeneration: banana, conditions: [{type: Ready, status: \"True\"}]}",
                "status: [1, 2]",
                "status: ''",
                "metadata: nope\nstatus: {observedGeneration: 1}",
                "metadata: {generation: [1]}\nstatus: {observedGeneration: 1, conditions: []}",
                "{}");
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedStatusNeverFails(String yaml) {
        Health result = health(yaml);
        assertThat(HEALTH_STATUSES).contains(result.status());
        assertThat(result.message()).isNotBlank();
    }

    @Test
    void conditionsMissingFieldsFallBackToDefaults() {
        assertThat(health("status: {observedGeneration: 1, conditions: [{}, {type: Ready}, {status: \"True\"}]}"))
                .isEqualTo(new Health("Progressing", "Waiting for the Ready condition"));
        assertThat(health("status: {observedGeneration: 1, conditions: [{type: Stalled, status: \"True\"}]}"))
                .isEqualTo(new Health("Degraded", "Stalled"));
        assertThat(health("status: {observedGeneration: 1, conditions: [{type: Stalled, status: \"True\", "
                + "message: only a message}]}"))
                .isEqualTo(new Health("Degraded", "only a message"));
        assertThat(health("status: {observedGeneration: 1, conditions: [{type: Ready, status: \"True\"}]}"))
                .isEqualTo(new Health("Healthy", "Ready"));
        assertThat(health("status: {observedGeneration: 1, phase: Failed, conditions: [{type: Ready, "
                + "status: \"False\"}]}"))
                .isEqualTo(new Health("Degraded", "Failed"));
        assertThat(health("status: {observedGeneration: 1, conditions: [{type: Reconciling, status: \"True\"}]}"))
                .isEqualTo(new Health("Progressing", "Reconciling"));
    }

    @Test
    void theFirstConditionOfATypeCounts() {
        assertThat(health(status(1, "Ready", "{type: Ready, status: \"True\"}", "{type: Ready, status: \"False\"}")))
                .isEqualTo(new Health("Healthy", "Ready"));
    }

    @Test
    void noObjectIsUnknown() {
        assertThat(run(LuaValue.NIL)).isEqualTo(new Health("Unknown", "No object to assess"));
    }

    // ---- the samples ----

    static Stream<JsonNode> sampleModels() throws IOException {
        List<JsonNode> models = new ArrayList<>();
        for (Path file : ManifestReader.files(SAMPLES)) {
            for (ManifestReader.Document document : ManifestReader.read(file)) {
                if ("ExternalModel".equals(document.object().path("kind").asText())) {
                    models.add(document.object());
                }
            }
        }
        return models.stream();
    }

    @Test
    void everySampleModelIsChecked() throws IOException {
        // ten scenario models (the custom image and structured-output sample holds two) and the two local mode demo
        // models
        assertThat(sampleModels().count()).isEqualTo(12);
    }

    @ParameterizedTest
    @MethodSource("sampleModels")
    void sampleWithASyntheticStatus(JsonNode sample) throws IOException {
        ObjectNode model = sample.deepCopy();
        ((ObjectNode) model.get("metadata")).put("generation", 2);
        assertThat(run(toLua(model)))
                .isEqualTo(new Health("Progressing", "Waiting for the operator to observe generation 2"));

        model.set("status", YAML.readTree("""
                observedGeneration: 2
                phase: InferenceEnabled
                api: OpenAIChatCompletions
                endpointHost: api.example.com
                lastTest: {time: "2026-01-01T00:00:00Z", durationMillis: 350, httpStatus: 200, outputSample: pong}
                detectedPaths: {outputPath: "$.choices[0].message.content", confidence: 0.9}
                inference: {service: modelport-gateway, url: "http://modelport-gateway.modelport-system.svc/v1"}
                conditions:
                  - {type: Accepted, status: "True", reason: Valid, message: ok, observedGeneration: 2}
                  - {type: CredentialsResolved, status: "True", reason: Resolved, observedGeneration: 2}
                  - {type: Tested, status: "True", reason: TestPassed, observedGeneration: 2}
                  - {type: InferenceEnabled, status: "True", reason: Serving, observedGeneration: 2}
                  - {type: Ready, status: "True", reason: Ready, observedGeneration: 2}
                  - {type: Reconciling, status: "False", reason: Idle, observedGeneration: 2}
                  - {type: Stalled, status: "False", reason: Idle, observedGeneration: 2}
                """));
        assertThat(run(toLua(model))).isEqualTo(new Health("Healthy", "InferenceEnabled"));
    }

    // ---- the script file and its copy in the README ----

    @Test
    void theScriptUsesNothingBeyondLua51() {
        assertThat(SCRIPT_TEXT).endsWith("\n").doesNotContain("\t").doesNotContain("\r");
        String code = SCRIPT_TEXT.lines()
                .map(line -> line.contains("--") ? line.substring(0, line.indexOf("--")) : line)
                .reduce("", (a, b) -> a + b + "\n");
        // goto and labels are Lua 5.2; integer division and bitwise operators are Lua 5.3.
        assertThat(code).doesNotContainPattern("\\bgoto\\b").doesNotContain("::").doesNotContain("//")
                .doesNotContain("&").doesNotContain("|").doesNotContain("<<").doesNotContain(">>")
                .doesNotContainPattern("~[^=]");
        assertThat(code).doesNotContainPattern("\\b(os|io|debug|require|load|loadstring|dofile)\\b");
        assertThat(SCRIPT_TEXT.lines()).noneMatch(line -> line.endsWith(" "));
    }

    @Test
    void theReadmeInlinesTheScriptVerbatim() throws IOException {
        Matcher block = Pattern.compile("```yaml\n(apiVersion: v1\nkind: ConfigMap\n.*?)```", Pattern.DOTALL)
                .matcher(read(README));
        assertThat(block.find()).as("the argocd-cm ConfigMap block in " + README).isTrue();
        JsonNode configMap = YAML.readTree(block.group(1));
        assertThat(configMap.path("metadata").path("name").asText()).isEqualTo("argocd-cm");
        assertThat(configMap.path("data").path(CONFIG_MAP_KEY).asText()).isEqualTo(SCRIPT_TEXT);
    }

    // ---- the JSON-to-Lua conversion itself ----

    @Test
    void arraysAreOneBasedAndObjectsNest() throws IOException {
        LuaValue value = toLua(YAML.readTree("""
                a: [{b: 1}, {b: two, c: [true, 2.5]}]
                n: {deep: {deeper: x}}
                """));
        LuaValue a = value.get("a");
        assertThat(a.length()).isEqualTo(2);
        assertThat(a.get(0).isnil()).isTrue();
        assertThat(a.get(1).get("b").todouble()).isEqualTo(1.0);
        assertThat(a.get(2).get("b").tojstring()).isEqualTo("two");
        assertThat(a.get(2).get("c").get(1).toboolean()).isTrue();
        assertThat(a.get(2).get("c").get(2).todouble()).isEqualTo(2.5);
        assertThat(value.get("n").get("deep").get("deeper").tojstring()).isEqualTo("x");
    }

    // ---- helpers ----

    /** A status observed at the given generation (metadata.generation the same) with the given conditions. */
    private static StatusYaml status(int generation, String phase, String... conditions) {
        StringBuilder yaml = new StringBuilder("metadata: {name: m, namespace: team-a, generation: ")
                .append(generation).append("}\nstatus:\n  observedGeneration: ").append(generation).append('\n');
        if (phase != null) {
            yaml.append("  phase: ").append(phase).append('\n');
        }
        yaml.append("  conditions:\n");
        for (String condition : conditions) {
            yaml.append("    - ").append(condition).append('\n');
        }
        return new StatusYaml(yaml.toString());
    }

    /** YAML text of a test object; replaceGeneration sets metadata.generation apart from observedGeneration. */
    record StatusYaml(String yaml) {
        StatusYaml replaceGeneration(int generation) {
            return new StatusYaml(yaml.replaceFirst("generation: \\d+}", "generation: " + generation + "}"));
        }
    }

    private static Health health(StatusYaml object) {
        return health(object.yaml());
    }

    private static Health health(String yaml) {
        try {
            return ArgoCdHealth.of(YAML.readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
