package dev.modelport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.modelport.testing.FakeUpstream;
import dev.modelport.testing.ModelAnswers;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test command against real HTTP servers on 127.0.0.1: a custom model (paths detected), an OpenAI model and an
 * Anthropic model, failures, and the canary credential appearing nowhere in what the command prints.
 */
@QuarkusMainTest
class TestCommandTest {

    private static final String CANARY = "canary-secret-7f3a9c";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static FakeUpstream upstream;

    @TempDir
    Path dir;

    /** Each path answers only a request that carries the canary as its Bearer token or API key. */
    @BeforeAll
    static void startUpstream() {
        upstream = new FakeUpstream();
        upstream.answer("/custom", keyChecked(ModelAnswers.json("""
                {"id": "req-81", "echo": {"prompt": "Reply with pong."},
                 "result": {"text": "pong", "model": "inhouse-7b"},
                 "meta": {"tokens": {"in": 18, "out": 1}}}""")));
        upstream.answer("/v1/chat/completions", keyChecked(ModelAnswers.json("""
                {"id": "chatcmpl-1", "object": "chat.completion", "created": 1764200000,
                 "model": "gpt-4o-mini", "choices": [{"index": 0, "message": {"role": "assistant",
                 "content": "pong", "refusal": null}, "logprobs": null, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 21, "completion_tokens": 1, "total_tokens": 22}}""")));
        upstream.answer("/v1/messages", keyChecked(ModelAnswers.json("""
                {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
                 "content": [{"type": "text", "text": "pong"}], "stop_reason": "end_turn",
                 "stop_sequence": null, "usage": {"input_tokens": 19, "output_tokens": 2}}""")));
        upstream.answer("/echo", keyChecked(ModelAnswers.json("""
                {"result": {"text": "pong"}, "note": "Pong, as asked.",
                 "debug": {"authorization": "Bearer %s", "padding": "%s"}}"""
                .formatted(CANARY, "x".repeat(5000)))));
        upstream.answer("/slow", keyChecked(ModelAnswers.delayed(ModelAnswers.json("{}"), Duration.ofSeconds(3))));
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    private static FakeUpstream.Answer keyChecked(MockResponse answer) {
        return request -> ("Bearer " + CANARY).equals(request.getHeaders().get("Authorization"))
                || CANARY.equals(request.getHeaders().get("x-api-key")) ? answer
                : new MockResponse.Builder().code(401).body("{\"error\": \"bad key " + CANARY + "\"}").build();
    }

    private Path model(String name, String authorization, String configuration, String timeout) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                apiVersion: modelport.dev/v1alpha1
                kind: ExternalModel
                metadata: {name: %s, namespace: team-a}
                spec:
                  endpoint: %s
                  authorization: %s
                  configuration: %s
                  test: {prompt: Reply with pong., timeout: %s}
                """.formatted(name, upstream.url(pathOf(name)), authorization, configuration, timeout));
        return file;
    }

    private static String pathOf(String name) {
        return switch (name) {
            case "openai" -> "/v1/chat/completions";
            case "anthropic" -> "/v1/messages";
            case "slow" -> "/slow";
            case "echo" -> "/echo";
            default -> "/custom";
        };
    }

    private Path secrets(String value) throws IOException {
        Path file = dir.resolve("secrets.yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Secret
                metadata: {name: creds, namespace: team-a}
                stringData: {token: %s, apiKey: %s}
                """.formatted(value, value));
        return file;
    }

    private static final String BEARER = "{type: Bearer, secretRef: {name: creds}}";
    private static final String CUSTOM = "{custom: {body: '{\"prompt\": \"{{prompt}}\"}'}}";

    @Test
    void shouldDetectPathsOfACustomModelAndPrintStatusAsYaml(QuarkusMainLauncher launcher) throws IOException {
        LaunchResult result = launcher.launch("test", "-f", model("custom", BEARER, CUSTOM, "5s").toString(),
                "--secrets", secrets(CANARY).toString(), "--allow-loopback");
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput())
                .contains("passed: true")
                .contains("detectedPaths:\n  outputPath: $.result.text\n  inputTokensPath: $.meta.tokens.in\n"
                        + "  outputTokensPath: $.meta.tokens.out\n")
                .contains("httpStatus: 200", "outputSample: pong", "inputTokens: 18", "outputTokens: 1")
                .contains("effectivePaths:\n  outputPath: $.result.text\n");
        assertNoCanary(result);
    }

    /** For path authors: the raw answer, secrets redacted, cut to 4 KiB; and the detection's runner-ups. */
    @Test
    void shouldShowTheRawAnswerWithTheSecretsRedactedAndTheRunnerUps(QuarkusMainLauncher launcher)
            throws IOException {
        LaunchResult result = launcher.launch("test", "-f", model("echo", BEARER, CUSTOM, "5s").toString(),
                "--secrets", secrets(CANARY).toString(), "--allow-loopback", "--show-response");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        JsonNode report = YAML.readTree(result.getOutput());
        assertThat(report.path("response").asText()).startsWith("{\"result\": {\"text\": \"pong\"}, \"note\": ")
                .contains("{\"authorization\": \"Bearer [redacted]\", \"padding\": \"xxx").hasSize(4096);
        assertThat(report.at("/detectedPaths/outputPath").asText()).isEqualTo("$.result.text");
        assertThat(report.at("/detectedPaths/candidates/outputPath/0/path").asText()).as(result.getOutput())
                .isEqualTo("$.note");
        assertThat(report.at("/detectedPaths/candidates/outputPath/0/confidence").asDouble()).isBetween(0.0, 0.5);
        assertThat(report.at("/detectedPaths/candidates")).as("only the three paths' lists")
                .allSatisfy(list -> assertThat(list.isArray()).isTrue());
        assertNoCanary(result);

        LaunchResult quiet = launcher.launch("test", "-f", model("echo", BEARER, CUSTOM, "5s").toString(),
                "--secrets", secrets(CANARY).toString(), "--allow-loopback");
        assertThat(quiet.getOutput()).doesNotContain("response:", "padding");
    }

    @Test
    void shouldTestAnOpenAiModelWithBearerAuthorization(QuarkusMainLauncher launcher) throws IOException {
        String provider = "{provider: {api: OpenAIChatCompletions, model: gpt-4o-mini, features: {streaming: true}}}";
        LaunchResult result = launcher.launch("test", "-f", model("openai", BEARER, provider, "5s").toString(),
                "--secrets", secrets(CANARY).toString(), "--allow-loopback");
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("outputPath: \"$.choices[0].message.content\"", "outputSample: pong",
                "inputTokens: 21", "outputTokens: 1");
        assertNoCanary(result);
    }

    @Test
    void shouldTestAnAnthropicModelWithAnApiKeyHeader(QuarkusMainLauncher launcher) throws IOException {
        String provider = "{provider: {api: AnthropicMessages, model: claude-sonnet-4-5, features: {streaming: true}}}";
        LaunchResult result = launcher.launch("test", "-f", model("anthropic",
                "{type: ApiKey, header: x-api-key, secretRef: {name: creds}}", provider, "5s").toString(),
                "--secrets", secrets(CANARY).toString(), "--allow-loopback");
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("outputPath: \"$.content[0].text\"", "outputSample: pong",
                "inputTokens: 19", "outputTokens: 2");
        assertNoCanary(result);
    }

    @Test
    void shouldFailWithTheHttpStatusWhenTheEndpointRefusesTheKey(QuarkusMainLauncher launcher) throws IOException {
        LaunchResult result = launcher.launch("test", "-f", model("custom", BEARER, CUSTOM, "5s").toString(),
                "--secrets", secrets("wrong-" + CANARY).toString(), "--allow-loopback");
        assertThat(result.exitCode()).isEqualTo(TestCommand.FAILED);
        assertThat(result.getOutput()).contains("passed: false", "httpStatus: 401");
        assertThat(result.getErrorOutput()).contains("test failed: HTTPStatus: endpoint answered HTTP 401");
        assertNoCanary(result);
    }

    @Test
    void shouldRefuseLoopbackEndpointsUnlessAllowed(QuarkusMainLauncher launcher) throws IOException {
        int before = upstream.requests().size();
        LaunchResult result = launcher.launch("test", "-f", model("custom", BEARER, CUSTOM, "5s").toString(),
                "--secrets", secrets(CANARY).toString());
        assertThat(result.exitCode()).isEqualTo(TestCommand.FAILED);
        assertThat(result.getErrorOutput()).contains("test failed: EndpointNotAllowed");
        assertThat(upstream.requests().size()).isEqualTo(before);
    }

    @Test
    void shouldTimeOutWithTheTestTimeout(QuarkusMainLauncher launcher) throws IOException {
        LaunchResult result = launcher.launch("test", "-f", model("slow", BEARER, CUSTOM, "500ms").toString(),
                "--secrets", secrets(CANARY).toString(), "--allow-loopback");
        assertThat(result.exitCode()).isEqualTo(TestCommand.FAILED);
        assertThat(result.getErrorOutput()).contains("test failed: Timeout");
    }

    @Test
    void shouldReportAMissingSecretKeyAsAFailure(QuarkusMainLauncher launcher) throws IOException {
        LaunchResult result = launcher.launch("test", "-f", model("custom",
                "{type: Basic, secretRef: {name: creds}}", CUSTOM, "5s").toString(),
                "--secrets", secrets(CANARY).toString(), "--allow-loopback");
        assertThat(result.exitCode()).isEqualTo(TestCommand.FAILED);
        assertThat(result.getErrorOutput()).contains("test failed: CredentialsMissing: Secret creds has no key");
        assertNoCanary(result);
    }

    @Test
    void shouldStripTheTrailingNewlineOfAValueAndRefuseAnEmptyOne(QuarkusMainLauncher launcher) throws IOException {
        Path fromFile = dir.resolve("from-file.yaml");
        Files.writeString(fromFile, """
                apiVersion: v1
                kind: Secret
                metadata: {name: creds}
                data: {token: %s}
                """.formatted(Base64.getEncoder().encodeToString((CANARY + "\n").getBytes(StandardCharsets.UTF_8))));
        LaunchResult passed = launcher.launch("test", "-f", model("custom", BEARER, CUSTOM, "5s").toString(),
                "--secrets", fromFile.toString(), "--allow-loopback");
        assertThat(passed.exitCode()).as(passed.getErrorOutput()).isZero();

        int before = upstream.requests().size();
        LaunchResult refused = launcher.launch("test", "-f", model("custom", BEARER, CUSTOM, "5s").toString(),
                "--secrets", secrets("").toString(), "--allow-loopback");
        assertThat(refused.exitCode()).isEqualTo(TestCommand.FAILED);
        assertThat(refused.getErrorOutput()).contains("test failed: CredentialsRefused: Secret creds key token is "
                + "empty");
        assertThat(upstream.requests().size()).as("nothing sent upstream").isEqualTo(before);
        assertNoCanary(passed);
    }

    @Test
    void shouldUseASecretOfTheModelsFileOnlyWhenLabelledAsOnACluster(QuarkusMainLauncher launcher)
            throws IOException {
        String secret = """
                apiVersion: v1
                kind: Secret
                metadata: {name: creds, namespace: team-a%s}
                stringData: {token: %s}
                ---
                """;
        Path model = model("custom", BEARER, CUSTOM, "5s");
        Path unlabelled = dir.resolve("unlabelled.yaml");
        Files.writeString(unlabelled, secret.formatted("", CANARY) + Files.readString(model));
        int before = upstream.requests().size();
        LaunchResult refused = launcher.launch("test", "-f", unlabelled.toString(), "--allow-loopback");
        assertThat(refused.exitCode()).isEqualTo(TestCommand.FAILED);
        assertThat(refused.getErrorOutput()).contains("test failed: CredentialsRefused: Secret creds is not labelled "
                + "modelport.dev/credentials=true: label it modelport.dev/credentials=true");
        assertThat(upstream.requests().size()).as("nothing sent upstream").isEqualTo(before);

        Path labelled = dir.resolve("labelled.yaml");
        Files.writeString(labelled, secret.formatted(", labels: {modelport.dev/credentials: \"true\"}", CANARY)
                + Files.readString(model));
        LaunchResult passed = launcher.launch("test", "-f", labelled.toString(), "--allow-loopback");
        assertThat(passed.exitCode()).as(passed.getErrorOutput()).isZero();
        assertNoCanary(refused);
        assertNoCanary(passed);
    }

    @Test
    void shouldRefuseAServiceAccountTokenEvenFromTheSecretsFile(QuarkusMainLauncher launcher) throws IOException {
        Path token = dir.resolve("token.yaml");
        Files.writeString(token, """
                apiVersion: v1
                kind: Secret
                metadata: {name: creds, annotations: {kubernetes.io/service-account.name: default}}
                type: kubernetes.io/service-account-token
                stringData: {token: %s}
                """.formatted(CANARY));
        int before = upstream.requests().size();
        LaunchResult result = launcher.launch("test", "-f", model("custom", BEARER, CUSTOM, "5s").toString(),
                "--secrets", token.toString(), "--allow-loopback");
        assertThat(result.exitCode()).isEqualTo(TestCommand.FAILED);
        assertThat(result.getErrorOutput()).contains("test failed: CredentialsRefused: Secret creds is of type "
                + "kubernetes.io/service-account-token, which Modelport never reads");
        assertThat(upstream.requests().size()).isEqualTo(before);
        assertNoCanary(result);
    }

    @Test
    void shouldExitTwoForAnInvalidModel(QuarkusMainLauncher launcher) throws IOException {
        LaunchResult result = launcher.launch("test", "-f", model("custom", BEARER,
                "{custom: {body: '{\"p\": \"{{promt}}\"}'}}", "5s").toString(), "--allow-loopback");
        assertThat(result.exitCode()).isEqualTo(TestCommand.INVALID_INPUT);
        assertThat(result.getErrorOutput()).contains("spec.configuration.custom.body: unknown variable {{promt}}");
    }

    private static void assertNoCanary(LaunchResult result) {
        assertThat(result.getOutput()).doesNotContain(CANARY);
        assertThat(result.getErrorOutput()).doesNotContain(CANARY);
    }
}
