package dev.modelport.kube;

import static dev.modelport.testing.ModelAssert.assertThatModel;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.LastTest;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.gitops.ArgoCdHealth.Health;
import dev.modelport.gitops.ArgoCdHealth;
import dev.modelport.testing.Eventually;
import dev.modelport.testing.FakeUpstream;
import dev.modelport.testing.Kubectl;
import dev.modelport.testing.ModelAnswers;
import dev.modelport.testing.ModelAssert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What users see of models on a real API server through the tools they already run: kubectl (printer columns, wait,
 * explain) and Argo CD's health check (docs/argocd/externalmodel-health.lua) on the objects as the API server returns
 * them. The chart's operator writes the statuses.
 */
class KubectlAndArgoCdIT {

    static final String NAMESPACE = "tools-team";
    static FakeUpstream upstream;
    static ChartInstall install;
    static ClusterModels models;
    static Kubectl kubectl;

    @BeforeAll
    static void startOperator() throws Exception {
        upstream = new FakeUpstream();
        install = ChartInstall.forTests("tools", Map.of());
        install.startReady("operator", "operator-0", Map.of());
        models = ClusterModels.in(NAMESPACE);
        models.secret("creds", "tools-upstream-token");
        kubectl = new Kubectl(TestCluster.get().kubeconfig());
    }

    @AfterAll
    static void stop() throws Exception {
        TestCluster.get().deleteNamespacesThenClose(List.of(install, upstream), NAMESPACE);
    }

    @Test
    void shouldListModelsWithTheirPrinterColumns() throws Exception {
        models.apply(ClusterModels.customModel("listed", upstream.url("/custom"), "Reply with pong.", true));
        models.awaitPhase("listed", Phase.InferenceEnabled);

        String table = kubectl.run("get", "externalmodels", "-n", NAMESPACE);
        assertThat(table.lines().findFirst().orElseThrow())
                .matches("NAME\\s+PHASE\\s+API\\s+ENDPOINT\\s+INFERENCE\\s+LAST TEST\\s+AGE");
        assertThat(table).containsPattern("(?m)^listed\\s+InferenceEnabled\\s+Custom\\s+127\\.0\\.0\\.1\\s+true\\s+\\d+s"
                + "\\s+\\d+s$");
        assertThat(kubectl.run("get", "xm", "listed", "-n", NAMESPACE, "-o", "name"))
                .isEqualTo("externalmodel.modelport.dev/listed\n");
    }

    @Test
    void shouldShowTheLastTestsDurationAndTheServedUrlInTheWideListing() throws Exception {
        models.apply(ClusterModels.customModel("wide", upstream.url("/custom"), "Reply with pong.", true));
        models.awaitPhase("wide", Phase.InferenceEnabled);

        String table = kubectl.run("get", "xm", "wide", "-n", NAMESPACE, "-o", "wide");
        assertThat(table.lines().findFirst().orElseThrow()).matches(
                "NAME\\s+PHASE\\s+API\\s+ENDPOINT\\s+INFERENCE\\s+LAST TEST\\s+MODALITIES\\s+TEST MS\\s+URL\\s+AGE");
        String url = models.model("wide").get().getStatus().inference.url;
        assertThat(url).startsWith("http://wide-inference.");
        assertThat(table).containsPattern("(?m)^wide\\s+InferenceEnabled\\s+Custom\\s+127\\.0\\.0\\.1\\s+true\\s+\\d+s"
                + "\\s+\\[\"TextToText\"\\]\\s+\\d+\\s+" + Pattern.quote(url) + "\\s+\\d+s$");
    }

    @Test
    void shouldDescribeAModelWithItsEventsInTheOrderTheyHappened() throws Exception {
        models.apply(ClusterModels.customModel("described", upstream.url("/custom"), "Reply with pong.", true));
        models.awaitPhase("described", Phase.InferenceEnabled);
        String described = Eventually.eventually("the InferenceEnabled Event", Duration.ofSeconds(30), List.of(),
                () -> {
                    String out = describe("described");
                    return out.matches("(?s).*Normal\\s+InferenceEnabled.*") ? out : null;
                });

        String events = described.split("(?m)^Events:")[1];
        assertThat(events.lines().map(String::strip).filter(line -> line.startsWith("Normal"))
                .map(line -> line.split("\\s+")[1]).toList()).containsExactly("Tested", "InferenceEnabled");
    }

    @Test
    void shouldTestAModelFromThePluginAndPrintTheResult() throws Exception {
        models.apply(ClusterModels.customModel("plugged", upstream.url("/custom"), "Reply with pong.", true));
        models.awaitPhase("plugged", Phase.InferenceEnabled);
        Instant before = models.model("plugged").get().getStatus().lastTest.time;

        Kubectl.Result passed = kubectl.plugin("test", "plugged", "-n", NAMESPACE, "--timeout", "60");
        assertThat(passed.exitCode()).as(passed.output()).isZero();
        LastTest lastTest = models.model("plugged").get().getStatus().lastTest;
        assertThat(lastTest.retestRequest).isNotNull();
        assertThat(lastTest.time).isNotEqualTo(before);
        assertThat(passed.output()).contains("retestRequest: " + lastTest.retestRequest, "httpStatus: 200",
                "reason: TestPassed");

        models.apply(ClusterModels.customModel("unplugged", upstream.url("/openai-not-found"), "Reply with pong.",
                false));
        models.awaitPhase("unplugged", Phase.Failed);
        Kubectl.Result failed = kubectl.plugin("test", "unplugged", "-n", NAMESPACE, "--timeout", "60");
        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
        assertThat(failed.output()).contains("httpStatus: 404", "test failed: HTTPStatus");

        Kubectl.Result missing = kubectl.plugin("test", "no-such-model", "-n", NAMESPACE);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.output()).contains("externalmodel " + NAMESPACE + "/no-such-model not found");
    }

    @Test
    void shouldCopyAModelWithoutItsStatusAndIdentity() throws Exception {
        models.apply(ClusterModels.customModel("original", upstream.url("/custom"), "Reply with pong.", true));
        models.awaitPhase("original", Phase.InferenceEnabled);
        ExternalModel original = models.model("original").get();

        Kubectl.Result printed = kubectl.plugin("copy", "original", "printed", "-n", NAMESPACE, "-o", "yaml");
        assertThat(printed.exitCode()).as(printed.output()).isZero();
        assertThat(printed.output()).contains("name: \"printed\"").doesNotContain("status:", "uid:",
                "resourceVersion:", "last-applied-configuration");
        assertThat(models.model("printed").get()).isNull();

        Kubectl.Result copied = kubectl.plugin("copy", "original", "copied", "-n", NAMESPACE);
        assertThat(copied.exitCode()).as(copied.output()).isZero();
        models.awaitPhase("copied", Phase.InferenceEnabled);
        ExternalModel copy = models.model("copied").get();
        assertThat(copy.getMetadata().getUid()).isNotEqualTo(original.getMetadata().getUid());
        assertThat(copy.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(TestCluster.get().admin().getKubernetesSerialization().convertValue(copy.getSpec(), JsonNode.class))
                .isEqualTo(TestCluster.get().admin().getKubernetesSerialization()
                        .convertValue(original.getSpec(), JsonNode.class));

        Kubectl.Result again = kubectl.plugin("copy", "original", "copied", "-n", NAMESPACE);
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.output()).contains("externalmodel " + NAMESPACE + "/copied already exists");
    }

    @Test
    void shouldImportAnOpenApiOperationFromThePluginThatTheApiServerAdmitsAndTheOperatorTests() throws Exception {
        upstream.answer("/generate", ModelAnswers.json("""
                {"generated_text": "pong", "details": {"finish_reason": "eos_token", "generated_tokens": 1}}"""));
        Kubectl.Result imported = kubectl.plugin("import", "openapi", "-f",
                Path.of("src/test/resources/openapi/tgi.openapi.json").toAbsolutePath().toString(),
                "--operation", "generate", "--server", upstream.url(""), "--name", "imported", "-n", NAMESPACE);
        assertThat(imported.exitCode()).as(imported.output()).isZero();
        Path model = Files.createTempFile("imported", ".yaml");
        try {
            Files.writeString(model, imported.output());
            assertThat(kubectl.run("apply", "-f", model.toString()))
                    .isEqualTo("externalmodel.modelport.dev/imported created\n");
        } finally {
            Files.delete(model);
        }
        ExternalModel tested = models.await("imported", "tested", m -> m.getStatus().lastTest != null);
        assertThatModel(tested).hasPhase(Phase.Draft);
        assertThat(tested.getStatus().lastTest.outputSample).isEqualTo("pong");
        assertThat(tested.getStatus().lastTest.outputTokens).isEqualTo(1L);
    }

    @Test
    void shouldReturnFromKubectlWaitOnceTheModelIsReady() throws Exception {
        models.apply(ClusterModels.customModel("awaited", upstream.url("/slow"), "Reply with pong.", false));
        assertThat(kubectl.run("wait", "--for=condition=Ready", "xm/awaited", "-n", NAMESPACE, "--timeout=60s"))
                .isEqualTo("externalmodel.modelport.dev/awaited condition met\n");
        assertThatModel(models.model("awaited").get()).hasPhase(Phase.Ready);
    }

    @Test
    void shouldExplainAFieldWithItsDescription() throws Exception {
        assertThat(kubectl.run("explain", "externalmodel.spec.endpoint"))
                .contains("GROUP:      modelport.dev", "FIELD: endpoint <string>")
                .contains("Absolute http or https URL the model is called at");
    }

    @Test
    void shouldJudgeTheHealthOfObjectsReadFromTheApiServer() {
        models.apply(ClusterModels.customModel("testing", upstream.url("/slow"), "Reply with pong.", true));
        models.awaitStatus("testing", "running its test", m -> ModelAssert.is(m, "Reconciling", "True")
                && "TestRunning".equals(ModelAssert.condition(m, "Reconciling").reason));
        // The first test's outcome sets observedGeneration: until then Argo CD waits.
        assertThat(health("testing")).isEqualTo(new Health("Progressing",
                "Waiting for the operator to observe generation 1"));

        models.awaitPhase("testing", Phase.InferenceEnabled);
        assertThat(health("testing")).isEqualTo(new Health("Healthy", "InferenceEnabled"));

        models.apply(ClusterModels.customModel("orphan", upstream.url("/custom"), "Reply with pong.", true)
                .replace("name: creds", "name: no-such-secret"));
        models.awaitPhase("orphan", Phase.Failed);
        assertThat(health("orphan")).isEqualTo(new Health("Degraded", "CredentialsMissing: Secret no-such-secret not "
                + "found among the Secrets labelled modelport.dev/credentials=true: create it, or label it "
                + "modelport.dev/credentials=true"));
    }

    static String describe(String model) {
        try {
            return kubectl.run("describe", "xm", model, "-n", NAMESPACE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The script's verdict on the object as the API server returns it, as Argo CD reads it from the cluster. */
    static Health health(String model) {
        JsonNode live = TestCluster.get().admin().getKubernetesSerialization()
                .convertValue(models.model(model).get(), JsonNode.class);
        return ArgoCdHealth.of(live);
    }
}
