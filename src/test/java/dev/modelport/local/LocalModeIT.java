package dev.modelport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.testing.Kubectl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first run, as a user does it: the packaged application's {@code local} command in its own JVM, the
 * real kubectl binary against the kubeconfig it writes, an HTTP call through the gateway, and Ctrl-C (SIGINT).
 * The shipped samples/local manifests are used as they are, with the demo upstream on a free port (so that parallel
 * runs and busy machines do not collide on 8090): local mode moves their endpoints to it.
 */
class LocalModeIT {

    private static final Path APPLICATION = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private Process process;
    private final List<String> output = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldBringUpTheWholeSystemForKubectlAndTheGatewayAndStopOnCtrlC() throws Exception {
        int port = freePort();
        int demoPort = freePort();
        Path manifests = Path.of("samples", "local");
        Path kubeconfig = folder.resolve("local/kubeconfig");
        start("local", "--port", Integer.toString(port), "--kubeconfig", kubeconfig.toString(),
                "--manifests", manifests.toString(), "--demo-port", Integer.toString(demoPort));

        String ready = awaitLine(line -> line.contains("ready"), STARTUP);
        assertThat(kubeconfig).as("written before the ready line").isRegularFile();
        assertThat(ready).contains("http://127.0.0.1:" + port + "/v1", kubeconfig.toString());
        Kubectl kubectl = new Kubectl(kubeconfig);

        // The served demo model: tested, enabled, visible to kubectl with its status.
        awaitPhase(kubectl, "demo-chat", "InferenceEnabled");
        JsonNode chat = JSON.readTree(kubectl.run("get", "externalmodel", "demo-chat", "-o", "json"));
        assertThat(chat.at("/status/lastTest/httpStatus").asInt()).isEqualTo(200);
        assertThat(chat.at("/status/inference/service").asText()).isEqualTo("demo-chat-inference");
        assertThat(kubectl.run("get", "externalmodels")).contains("demo-chat", "demo-generate");

        // The curl of the README, through the gateway.
        JsonNode answer = chat(port, "default/demo-chat", "Hello");
        assertThat(answer.at("/choices/0/message/content").asText())
                .isEqualTo("Hello from the Modelport demo upstream. You said: Hello");
        assertThat(answer.at("/usage/prompt_tokens").asLong()).isEqualTo(1);
        assertThat(answer.at("/usage/completion_tokens").asLong()).isEqualTo(9);

        // The draft custom model: detected paths in status, then walked to Ready and InferenceEnabled with kubectl.
        awaitPhase(kubectl, "demo-generate", "Draft");
        await(kubectl, "demo-generate", "{.status.detectedPaths.outputPath}", "$.result.text");
        String yaml = kubectl.run("get", "externalmodels", "-o", "yaml");
        assertThat(yaml).contains("detectedPaths:", "outputPath: $.result.text",
                "inputTokensPath: $.usage.promptTokens", "outputTokensPath: $.usage.generatedTokens");
        assertThat(chatStatus(port, "default/demo-generate", "Hi")).isEqualTo(404);
        kubectl.run("patch", "externalmodel", "demo-generate", "--type", "merge", "-p", "{\"spec\":{\"draft\":false}}");
        awaitPhase(kubectl, "demo-generate", "Ready");
        kubectl.run("patch", "externalmodel", "demo-generate", "--type", "merge",
                "-p", "{\"spec\":{\"inference\":{\"enabled\":true}}}");
        awaitPhase(kubectl, "demo-generate", "InferenceEnabled");
        assertThat(chat(port, "default/demo-generate", "Hi").at("/choices/0/message/content").asText())
                .contains("Hi");

        // A model of the user's own, applied and deleted with kubectl.
        Path mine = folder.resolve("my-model.yaml");
        Files.writeString(mine, """
                apiVersion: modelport.dev/v1alpha1
                kind: ExternalModel
                metadata:
                  name: my-model
                spec:
                  endpoint: http://127.0.0.1:%d/v1/generate
                  configuration:
                    custom:
                      body: '{"input": "{{prompt}}"}'
                  test:
                    prompt: ping
                  inference:
                    enabled: true
                """.formatted(demoPort));
        assertThat(kubectl.run("apply", "--validate=false", "-f", mine.toString()))
                .contains("externalmodel.modelport.dev/my-model created");
        awaitPhase(kubectl, "my-model", "InferenceEnabled");
        assertThat(chat(port, "default/my-model", "Mine").at("/choices/0/message/content").asText())
                .contains("Mine");
        assertThat(kubectl.run("delete", "-f", mine.toString())).contains("deleted");
        assertThat(kubectl.run("get", "externalmodels", "-o", "name")).doesNotContain("my-model");
        assertThat(chatStatus(port, "default/my-model", "Mine")).isEqualTo(404);

        // Secrets with kubectl: created from a literal (kubectl sends it as protobuf), used by a model once labelled.
        assertThat(kubectl.run("create", "secret", "generic", "my-token", "--from-literal=token=demo-token"))
                .contains("secret/my-token created");
        assertThat(kubectl.run("get", "secret", "my-token", "-o", "jsonpath={.data.token}"))
                .isEqualTo("ZGVtby10b2tlbg==");
        Path chatModel = folder.resolve("my-chat.yaml");
        Files.writeString(chatModel, """
                apiVersion: modelport.dev/v1alpha1
                kind: ExternalModel
                metadata:
                  name: my-chat
                spec:
                  endpoint: http://127.0.0.1:%d/v1/chat/completions
                  authorization:
                    type: Bearer
                    secretRef:
                      name: my-token
                  configuration:
                    provider:
                      api: OpenAIChatCompletions
                      model: demo
                      features:
                        streaming: true
                  test:
                    prompt: ping
                """.formatted(demoPort));
        kubectl.run("apply", "--validate=false", "-f", chatModel.toString());
        awaitPhase(kubectl, "my-chat", "Failed");
        assertThat(kubectl.run("get", "externalmodel", "my-chat", "-o",
                "jsonpath={.status.conditions[?(@.type==\"CredentialsResolved\")].message}"))
                .contains("label it modelport.dev/credentials=true");
        assertThat(kubectl.run("label", "secret", "my-token", "modelport.dev/credentials=true"))
                .contains("secret/my-token labeled");
        awaitPhase(kubectl, "my-chat", "Ready");

        // A Secret applied from a file, changed and applied again (a strategic merge patch), labelled, applied
        // server-side, deleted.
        Path secret = folder.resolve("my-secret.yaml");
        String secretYaml = """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: my-secret
                stringData:
                  token: %s
                """;
        Files.writeString(secret, secretYaml.formatted("one"));
        assertThat(kubectl.run("apply", "--validate=false", "-f", secret.toString()))
                .contains("secret/my-secret created");
        Files.writeString(secret, secretYaml.formatted("two"));
        assertThat(kubectl.run("apply", "--validate=false", "-f", secret.toString()))
                .contains("secret/my-secret configured");
        assertThat(kubectl.run("label", "secret", "my-secret", "team=a")).contains("secret/my-secret labeled");
        assertThat(kubectl.run("get", "secret", "my-secret", "-o", "jsonpath={.stringData.token} {.metadata.labels}"))
                .isEqualTo("two {\"team\":\"a\"}");
        Files.writeString(secret, secretYaml.formatted("three"));
        assertThat(kubectl.run("apply", "--server-side", "--validate=false", "-f", secret.toString()))
                .contains("secret/my-secret serverside-applied");
        assertThat(kubectl.run("get", "secret", "my-secret", "-o", "yaml")).contains("token: three", "team: a");
        assertThat(kubectl.run("delete", "-f", secret.toString())).contains("deleted");

        // The console table followed the models.
        assertThat(String.join("\n", snapshot())).contains("NAMESPACE   NAME", "InferenceEnabled",
                "passed");

        // Ctrl-C.
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        assertThat(process.exitValue()).isEqualTo(130);
        assertThat(snapshot()).anyMatch(line -> line.contains("Modelport local mode stopped"));
        assertThat(snapshot()).noneMatch(line -> line.contains("ERROR"));
    }

    /**
     * As a new user tries the real control plane: local mode on it, kubectl get -w in another shell, a model applied
     * (admission checks it), watched to Ready, an invalid one refused by the CEL rules, then Ctrl-C: nothing left.
     */
    @Test
    void shouldRunOnTheRealControlPlaneAndLeaveNothingRunningOnCtrlC() throws Exception {
        int port = freePort();
        int demoPort = freePort();
        Path kubeconfig = folder.resolve("local/kubeconfig");
        start("local", "--control-plane", "kube", "--port", Integer.toString(port), "--kubeconfig",
                kubeconfig.toString(), "--manifests", "samples/local", "--demo-port",
                Integer.toString(demoPort));
        String ready = awaitLine(line -> line.contains("ready"), STARTUP);
        assertThat(ready).contains("kube-apiserver v1.37", "http://127.0.0.1:" + port + "/v1");
        Path controlPlaneFolder = Path.of(ready.replaceFirst(".* and etcd in (\\S+):.*", "$1"));
        assertThat(controlPlaneFolder).isDirectory();
        List<ProcessHandle> children = process.descendants().toList();
        assertThat(children).as("the control plane runs as a child").isNotEmpty();

        Path watched = folder.resolve("watch.out");
        Process watch = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "get", "xm", "-w")
                .redirectErrorStream(true).redirectOutput(watched.toFile()).start();
        try {
            Kubectl kubectl = new Kubectl(kubeconfig);
            Path mine = folder.resolve("my-model.yaml");
            Files.writeString(mine, """
                    apiVersion: modelport.dev/v1alpha1
                    kind: ExternalModel
                    metadata: {name: my-model}
                    spec:
                      endpoint: http://127.0.0.1:%d/v1/generate
                      configuration: {custom: {body: '{"input": "{{prompt}}"}'}}
                      test: {prompt: ping}
                    """.formatted(demoPort));
            assertThat(kubectl.run("apply", "-f", mine.toString()))
                    .contains("externalmodel.modelport.dev/my-model created");
            assertThat(kubectl.run("wait", "--for=condition=Ready", "xm/my-model", "--timeout=60s"))
                    .contains("condition met");
            assertThat(kubectl.run("get", "xm", "my-model")).containsPattern("my-model\\s+Ready\\s+Custom");
            Files.writeString(mine, Files.readString(mine).replace("http://127.0.0.1", "ftp://127.0.0.1"));
            Kubectl.Result refused = kubectl.attempt("apply", "-f", mine.toString());
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.output()).contains("spec.endpoint: Invalid value",
                    "must be an absolute http or https URL");
            Awaitility.await("kubectl get -w to show my-model Ready").atMost(SETTLE)
                    .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(Files.readString(watched))
                            .as("kubectl get -w").containsPattern("my-model\\s+Ready"));
        } finally {
            watch.destroy();
        }

        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
        assertThat(snapshot()).anyMatch(line -> line.contains("Modelport local mode stopped"));
        for (ProcessHandle child : children) {
            child.onExit().get(10, TimeUnit.SECONDS);
        }
        assertThat(controlPlaneFolder).as("the control plane's folder is removed").doesNotExist();
    }

    private void start(String... arguments) throws IOException {
        assertThat(APPLICATION).as("run with mvn verify, which packages the application first").isRegularFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", APPLICATION.toString()));
        command.addAll(List.of(arguments));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (IOException e) {
                // The process ended; what it printed is in output.
            }
        });
    }

    private List<String> snapshot() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    private String awaitLine(Predicate<String> wanted, Duration timeout) {
        try {
            return Awaitility.await("the line").atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .failFast("local mode exited", () -> !process.isAlive())
                    .until(() -> snapshot().stream().filter(wanted).findFirst(), Optional::isPresent).get();
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "; output:\n" + String.join("\n", snapshot()), e);
        }
    }

    private void awaitPhase(Kubectl kubectl, String model, String phase) {
        await(kubectl, model, "{.status.phase}", phase);
    }

    private void await(Kubectl kubectl, String model, String jsonPath, String expected) {
        try {
            Awaitility.await(model + " " + jsonPath).atMost(SETTLE).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(kubectl.run("get", "externalmodel", model, "-o",
                            "jsonpath=" + jsonPath)).as("%s: %s", model, jsonPath).isEqualTo(expected));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; output:\n" + String.join("\n", snapshot()), e);
        }
    }

    private static JsonNode chat(int port, String model, String prompt) throws Exception {
        HttpResponse<String> response = post(port, model, prompt);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int chatStatus(int port, String model, String prompt) throws Exception {
        return post(port, model, prompt).statusCode();
    }

    private static HttpResponse<String> post(int port, String model, String prompt) throws Exception {
        String body = JSON.createObjectNode().put("model", model).set("messages", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("role", "user").put("content", prompt))).toString();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
