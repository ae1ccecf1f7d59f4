package dev.modelport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.testing.FakeUpstream;
import dev.modelport.testing.ModelAnswers;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * import openapi as users run it: the printed model goes to validate as it is, then to test against a loopback
 * upstream that answers as the document describes (TGI generate, Cohere chat v2 behind a Bearer token); refusals exit
 * 2. The fixtures always, the real documents of ../shared/openapi when it exists (a fresh clone has none).
 */
@QuarkusMainTest
class ImportOpenApiCommandTest {

    private static final Path TGI = Path.of("src/test/resources/openapi/tgi.openapi.json");
    private static final Path COHERE = Path.of("src/test/resources/openapi/cohere.openapi.yaml");
    private static final Path SHARED = Path.of("../shared/openapi");
    private static final String TOKEN = "canary-token-51c2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeUpstream upstream;

    @TempDir
    Path dir;

    /** TGI's GenerateResponse and Cohere's ChatResponseV2, as the documents describe them. */
    @BeforeAll
    static void startUpstream() {
        upstream = new FakeUpstream();
        upstream.answer("/generate", ModelAnswers.json("""
                {"generated_text": "pong", "details": {"finish_reason": "eos_token", "generated_tokens": 2,
                 "seed": null, "prefill": [], "tokens": [{"id": 12, "logprob": -0.2, "special": false,
                 "text": "pong"}]}}"""));
        upstream.answer("/v2/chat", request -> ("Bearer " + TOKEN).equals(request.getHeaders().get("Authorization"))
                ? ModelAnswers.json("""
                {"id": "c14c80c3", "finish_reason": "COMPLETE", "message": {"role": "assistant",
                 "content": [{"type": "text", "text": "pong"}]},
                 "usage": {"billed_units": {"input_tokens": 9, "output_tokens": 2},
                           "tokens": {"input_tokens": 75, "output_tokens": 3}}}""")
                : new MockResponse.Builder().code(401).body("{\"message\": \"invalid api token\"}").build());
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    private static Path real(String name) {
        Assumptions.assumeTrue(Files.isDirectory(SHARED), SHARED.toAbsolutePath().normalize()
                + " does not exist (a fresh clone): only the fixtures' tests run");
        Path file = SHARED.resolve(name);
        assertThat(file).as("a document of " + SHARED).isRegularFile();
        return file;
    }

    @Test
    void shouldImportTgiGenerateThatValidatesAndPassesItsTest(QuarkusMainLauncher launcher) throws IOException {
        importValidateAndTestTgi(launcher, TGI);
    }

    @Test
    void shouldImportTgiGenerateFromTheRealDocument(QuarkusMainLauncher launcher) throws IOException {
        importValidateAndTestTgi(launcher, real("text-generation-inference.openapi.json"));
    }

    @Test
    void shouldImportCohereChatV2ThroughTheKubectlPlugin(QuarkusMainLauncher launcher) throws IOException {
        importValidateAndTestCohereChat(launcher, COHERE);
    }

    @Test
    void shouldImportCohereChatV2FromTheRealDocument(QuarkusMainLauncher launcher) throws IOException {
        importValidateAndTestCohereChat(launcher, real("cohere.openapi.yaml"));
    }

    @Test
    void shouldPrintTheSampleImportedFromTheRealTgiDocument(QuarkusMainLauncher launcher) throws IOException {
        LaunchResult imported = launcher.launch("import", "openapi", "-f",
                real("text-generation-inference.openapi.json").toString(), "--operation", "generate", "--server",
                "https://tgi.example.com", "--name", "tgi-generate", "--namespace", "team-a");
        assertThat(imported.exitCode()).as(imported.getErrorOutput()).isZero();
        assertThat(imported.getOutput() + "\n")
                .isEqualTo(Files.readString(Path.of("samples/imported-tgi-generate.yaml")));
    }

    private void importValidateAndTestTgi(QuarkusMainLauncher launcher, Path document) throws IOException {
        LaunchResult imported = launcher.launch("import", "openapi", "-f", document.toString(), "--operation",
                "generate", "--server", upstream.url(""), "--name", "tgi", "--namespace", "team-a");
        assertThat(imported.exitCode()).as(imported.getErrorOutput()).isZero();
        Path model = write(imported);
        validate(launcher, model);

        LaunchResult tested = launcher.launch("test", "-f", model.toString(), "--allow-loopback");
        assertThat(tested.exitCode()).as(tested.getOutput() + tested.getErrorOutput()).isZero();
        assertThat(tested.getOutput()).contains("passed: true", "outputSample: pong", "outputTokens: 2");
        JsonNode sent = JSON.readTree(upstream.last("/generate").getBody().utf8());
        assertThat(sent.path("inputs").asText()).isEqualTo("Reply with the single word pong.");
        assertThat(sent.path("parameters").path("max_new_tokens").asInt()).isEqualTo(1024);
    }

    private void importValidateAndTestCohereChat(QuarkusMainLauncher launcher, Path document) throws IOException {
        LaunchResult imported = launcher.launch("kubectl", "import", "openapi", "-f", document.toString(),
                "--path", "/v2/chat", "--server", upstream.url(""), "--name", "cohere-chat", "-n", "team-a");
        assertThat(imported.exitCode()).as(imported.getErrorOutput()).isZero();
        assertThat(imported.getOutput()).contains("# stringData:\n#   token: replace-with-the-token\n");
        Path model = write(imported);
        validate(launcher, model);

        Path secrets = dir.resolve("secrets.yaml");
        Files.writeString(secrets, """
                apiVersion: v1
                kind: Secret
                metadata: {name: cohere-chat-credentials, namespace: team-a}
                stringData: {token: %s}
                """.formatted(TOKEN));
        LaunchResult tested = launcher.launch("test", "-f", model.toString(), "--secrets", secrets.toString(),
                "--allow-loopback");
        assertThat(tested.exitCode()).as(tested.getOutput() + tested.getErrorOutput()).isZero();
        assertThat(tested.getOutput()).contains("passed: true", "outputSample: pong", "inputTokens: 75",
                "outputTokens: 3");
        JsonNode sent = JSON.readTree(upstream.last("/v2/chat").getBody().utf8());
        assertThat(sent.path("messages").toString())
                .isEqualTo("[{\"role\":\"user\",\"content\":\"Reply with the single word pong.\"}]");
        assertThat(sent.path("model").asText()).as("the placeholder of the required variable").isEqualTo("replace-me");
        assertThat(tested.getOutput() + tested.getErrorOutput()).doesNotContain(TOKEN);
    }

    private Path write(LaunchResult imported) throws IOException {
        Path model = Files.createTempFile(dir, "model", ".yaml");
        Files.writeString(model, imported.getOutput() + "\n");
        return model;
    }

    private static void validate(QuarkusMainLauncher launcher, Path model) {
        LaunchResult validated = launcher.launch("validate", "-f", model.toString());
        assertThat(validated.exitCode()).as(validated.getOutput()).isZero();
        assertThat(validated.getOutput()).contains("1 ExternalModel checked: 1 valid, 0 invalid");
    }

    @Test
    void shouldExitTwoWithTheReasonForADocumentItCannotImport(QuarkusMainLauncher launcher) throws IOException {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "openapi: 3.0.3\npaths: {/generate: [\n");
        LaunchResult result = launcher.launch("import", "openapi", "-f", broken.toString(), "--operation",
                "generate", "--name", "m");
        assertThat(result.exitCode()).isEqualTo(TestCommand.INVALID_INPUT);
        assertThat(result.getErrorOutput()).contains(broken + ": not valid YAML or JSON");
        assertThat(result.getOutput()).isEmpty();
    }

    @Test
    void shouldExitTwoForAnUnknownOperationOrABadName(QuarkusMainLauncher launcher) {
        LaunchResult unknown = launcher.launch("import", "openapi", "-f", TGI.toString(), "--operation", "chat",
                "--name", "m");
        assertThat(unknown.exitCode()).isEqualTo(TestCommand.INVALID_INPUT);
        assertThat(unknown.getErrorOutput()).contains("--operation: no operation chat in the document (operations: "
                + "generate, generate_stream, chat_completions)");
        LaunchResult badName = launcher.launch("import", "openapi", "-f", TGI.toString(), "--operation",
                "generate", "--name", "Not_A_Name");
        assertThat(badName.exitCode()).isEqualTo(TestCommand.INVALID_INPUT);
        assertThat(badName.getErrorOutput()).contains("--name: Not_A_Name is not a Kubernetes name");
        LaunchResult neither = launcher.launch("import", "openapi", "-f", TGI.toString(), "--name", "m");
        assertThat(neither.exitCode()).isEqualTo(TestCommand.INVALID_INPUT);
        assertThat(neither.getErrorOutput()).contains("--operation", "--path");
    }
}
