package dev.modelport.operator;

import static dev.modelport.testing.ModelAssert.assertThatModel;
import static dev.modelport.testing.ModelAssert.condition;
import static dev.modelport.testing.ModelAssert.is;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.api.v1alpha1.Capabilities;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.kube.ClusterModels;
import dev.modelport.kube.CrdAdmissionIT;
import dev.modelport.kube.TestCluster;
import dev.modelport.testing.FakeUpstream;
import dev.modelport.testing.LogCapture;
import dev.modelport.testing.ModelAnswers;
import dev.modelport.testing.ModelYaml;
import dev.modelport.testing.PrometheusText;
import dev.modelport.testing.Secrets;
import dev.modelport.upstream.CredentialSecrets;
import dev.modelport.validation.ManifestReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator end to end: the real reconciler, with its production settings (server-side apply), against the test
 * run's real control plane, and a real model endpoint on 127.0.0.1. Every wait is bounded.
 */
@QuarkusTest
@TestProfile(OperatorTestProfile.class)
class ExternalModelOperatorIT {

    static final String CANARY = "canary-token-5e1d77";
    /** The endpoint's path: a custom model's answer that repeats the prompt beside the text. */
    static final String PATH = "/generate";
    static FakeUpstream upstream;
    static LogCapture logs;

    @Inject
    KubernetesClient client;

    @Inject
    Operator operator;

    @TestHTTPResource("/q/metrics")
    URL metricsEndpoint;

    /** Starts the operator once, as the operator command does (the extension does not start it by itself). */
    @BeforeEach
    void startOperator() {
        synchronized (ExternalModelOperatorIT.class) {
            if (!operatorStarted) {
                operator.start();
                operatorStarted = true;
            }
        }
    }

    static boolean operatorStarted;

    @BeforeAll
    static void start() {
        upstream = new FakeUpstream();
        logs = LogCapture.start();
    }

    @AfterAll
    static void stop() {
        logs.close();
        upstream.close();
    }

    static ModelYaml model(String name, boolean inference) {
        return ModelYaml.custom(name).endpoint(upstream.url(PATH)).testTimeout("10s").inference(inference);
    }

    ExternalModel create(String namespace, ModelYaml yaml) {
        TestCluster.get().namespaces(namespace);
        return client.resources(ExternalModel.class).inNamespace(namespace).resource(yaml.model()).create();
    }

    void secret(String namespace, String token) {
        TestCluster.get().namespaces(namespace);
        client.secrets().inNamespace(namespace).resource(Secrets.credentials("creds", token))
                .createOr(s -> s.update());
    }

    ExternalModel get(String namespace, String name) {
        return client.resources(ExternalModel.class).inNamespace(namespace).withName(name).get();
    }

    /** Waits on the API's watch until the model reached the phase for its current generation. */
    static ExternalModel await(String namespace, String name, Phase phase) {
        return models(namespace).awaitPhase(name, phase);
    }

    /** Waits on the API's watch until the model's status, for whichever generation, shows what the test expects. */
    static ExternalModel await(String namespace, String name, String what, Predicate<ExternalModel> condition) {
        return models(namespace).awaitStatus(name, what, condition);
    }

    static ClusterModels models(String namespace) {
        return new ClusterModels(TestCluster.get().admin(), namespace);
    }

    static Predicate<ExternalModel> testRunning() {
        return m -> is(m, "Reconciling", "True") && "TestRunning".equals(condition(m, "Reconciling").reason);
    }

    void edit(String namespace, String name, java.util.function.UnaryOperator<ExternalModel> change) {
        client.resources(ExternalModel.class).inNamespace(namespace).withName(name).edit(change);
    }

    Service service(String namespace, String name) {
        return client.services().inNamespace(namespace).withName(name + "-inference").get();
    }

    @Test
    void shouldReachReadyWithDetectedPathsThenServeAndStopServing() {
        secret("op-ready", CANARY);
        create("op-ready", model("support", false));
        ExternalModel ready = await("op-ready", "support", Phase.Ready);
        assertThat(ready.getStatus().detectedPaths.outputPath).isEqualTo("$.result.text");
        assertThat(ready.getStatus().detectedPaths.inputTokensPath).isEqualTo("$.meta.tokens.in");
        assertThat(ready.getStatus().lastTest.httpStatus).isEqualTo(200);
        assertThat(ready.getStatus().lastTest.outputSample).isEqualTo("pong");
        assertThat(ready.getStatus().lastTest.outputTokens).isEqualTo(1L);
        assertThat(ready.getStatus().api).isEqualTo("Custom");
        assertThat(ready.getStatus().endpointHost).isEqualTo("127.0.0.1");
        assertThat(ready.getStatus().capabilities).as("kept by the API server's schema")
                .isEqualTo(Capabilities.of(ready.getSpec()));
        assertThatModel(ready).hasCondition("Ready", "True").hasCondition("Accepted", "True")
                .hasCondition("Tested", "True").hasNoCondition("Stalled");
        assertThat(service("op-ready", "support")).isNull();
        assertThat(ready.getMetadata().getManagedFields()).as("status written by server-side apply")
                .anyMatch(fields -> "Apply".equals(fields.getOperation()) && "status".equals(fields.getSubresource()));

        edit("op-ready", "support", m -> {
            m.getSpec().inference = new dev.modelport.api.v1alpha1.Inference();
            m.getSpec().inference.enabled = true;
            return m;
        });
        ExternalModel served = await("op-ready", "support", Phase.InferenceEnabled);
        for (String unchanged : List.of("Accepted", "CredentialsResolved", "Tested")) {
            assertThat(condition(served, unchanged).lastTransitionTime).as("%s kept its lastTransitionTime", unchanged)
                    .isEqualTo(condition(ready, unchanged).lastTransitionTime);
        }
        assertThat(served.getStatus().inference.url).isEqualTo("http://support-inference.op-ready.svc:8080/v1");
        Service service = service("op-ready", "support");
        assertThat(service.getSpec().getType()).isEqualTo("ExternalName");
        assertThat(service.getSpec().getExternalName()).isEqualTo("modelport-gateway.modelport-system.svc.cluster.local");
        assertThat(service.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(served.getMetadata().getUid()));

        edit("op-ready", "support", m -> {
            m.getSpec().inference.enabled = false;
            return m;
        });
        ExternalModel disabled = await("op-ready", "support", Phase.Ready);
        assertThat(disabled.getStatus().inference).isNull();
        assertThat(service("op-ready", "support")).isNull();
        assertThat(eventReasons("op-ready")).contains("Tested", "InferenceEnabled", "InferenceDisabled");
        assertNoCanary("op-ready");
    }

    @Test
    void shouldReportEveryBadFieldAndRecoverWhenTheSpecIsFixed() {
        // Problems admission cannot see (the API server refuses the rest before the operator is involved).
        secret("op-invalid", CANARY);
        create("op-invalid", model("broken", false).body("{\"prompt\": \"{{promt}}\"}")
                .customLine("response: {outputPath: result.text}"));
        ExternalModel failed = await("op-invalid", "broken", Phase.Failed);
        assertThatModel(failed).hasCondition("Accepted", "False").hasCondition("Stalled", "True", "InvalidSpec");
        assertThat(condition(failed, "Accepted").message)
                .contains("spec.configuration.custom.response.outputPath: must be a JSON path starting with $")
                .contains("spec.configuration.custom.body: unknown variable {{promt}}");
        edit("op-invalid", "broken", m -> {
            m.getSpec().configuration.custom.response = null;
            m.getSpec().configuration.custom.body = "{\"prompt\": \"{{prompt}}\"}";
            return m;
        });
        ExternalModel fixed = await("op-invalid", "broken", Phase.Ready);
        assertThatModel(fixed).hasNoCondition("Stalled");
        assertThat(eventReasons("op-invalid")).contains("InvalidSpec", "Tested");
    }

    @Test
    void shouldWaitForAMissingSecretAndUseARotatedKeyInTheNextTest() {
        create("op-secrets", model("needs-secret", false));
        ExternalModel missing = await("op-secrets", "needs-secret", Phase.Failed);
        assertThatModel(missing).hasCondition("CredentialsResolved", "False", "CredentialsMissing")
                .hasCondition("Stalled", "True");
        assertThat(condition(missing, "CredentialsResolved").message).isEqualTo("Secret creds not found among the "
                + "Secrets labelled modelport.dev/credentials=true: create it, or label it "
                + "modelport.dev/credentials=true");

        secret("op-secrets", CANARY);
        ExternalModel ready = await("op-secrets", "needs-secret", Phase.Ready);
        String firstTest = ready.getStatus().lastTest.inputsHash;

        secret("op-secrets", CANARY + "-rotated");
        models("op-secrets").await("needs-secret", "re-tested with the rotated Secret",
                m -> m.getStatus().phase == Phase.Ready && !firstTest.equals(m.getStatus().lastTest.inputsHash));
        assertThat(upstream.bearerTokens(PATH)).contains(CANARY + "-rotated");
        assertNoCanary("op-secrets");
    }

    /**
     * Consent, as an install upgraded to it meets it: a Secret that is there but not labelled, then labelled (its
     * value written by kubectl create secret --from-file, with the file's newline); a labelled service-account
     * token and an empty value are refused. Nothing of them reaches the endpoint, the status, an Event or a log.
     */
    @Test
    void shouldUseOnlyALabelledSecretOfACredentialTypeWithItsTrailingNewlineStripped() {
        TestCluster.get().namespaces("op-consent");
        String token = CANARY + "-consent";
        var secrets = client.secrets().inNamespace("op-consent");
        secrets.resource(Secrets.unlabelled("creds", Map.of("token", token + "\n"))).create();
        create("op-consent", model("consent", false));
        // The operator's informer lists labelled Secrets only: to it an unlabelled Secret is not there.
        ExternalModel unlabelled = await("op-consent", "consent", Phase.Failed);
        assertThatModel(unlabelled).hasCondition("CredentialsResolved", "False", "CredentialsMissing")
                .hasCondition("Stalled", "True", "CredentialsMissing");
        assertThat(condition(unlabelled, "CredentialsResolved").message).isEqualTo("Secret creds not found among the "
                + "Secrets labelled modelport.dev/credentials=true: create it, or label it "
                + "modelport.dev/credentials=true");

        secrets.withName("creds").edit(s -> new SecretBuilder(s).editMetadata()
                .addToLabels(CredentialSecrets.CONSENT_LABEL, "true").endMetadata().build());
        await("op-consent", "consent", Phase.Ready);
        assertThat(upstream.bearerTokens(PATH)).as("the value without its newline").contains(token)
                .doesNotContain(token + "\n");

        client.serviceAccounts().inNamespace("op-consent").resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("robot").endMetadata().build()).create();
        secrets.resource(new SecretBuilder(Secrets.credentials("robot-token", CANARY + "-robot")).editMetadata()
                .addToAnnotations("kubernetes.io/service-account.name", "robot").endMetadata()
                .withType("kubernetes.io/service-account-token").build()).create();
        secrets.resource(Secrets.credentials("empty", "")).create();
        create("op-consent", model("robot", false).secret("robot-token"));
        create("op-consent", model("empty", false).secret("empty"));
        ExternalModel robot = await("op-consent", "robot", Phase.Failed);
        assertThatModel(robot).hasCondition("CredentialsResolved", "False", "CredentialsRefused");
        assertThat(condition(robot, "CredentialsResolved").message).isEqualTo("Secret robot-token is of type "
                + "kubernetes.io/service-account-token, which Modelport never reads: put the credentials in a Secret "
                + "of type Opaque or kubernetes.io/basic-auth");
        ExternalModel empty = await("op-consent", "empty", Phase.Failed);
        assertThat(condition(empty, "CredentialsResolved").message).isEqualTo("Secret empty key token is empty");
        assertThat(upstream.bearerTokens(PATH)).noneMatch(seen -> seen.contains("-robot"));
        assertThat(eventReasons("op-consent")).contains("CredentialsRefused", "Tested");
        assertNoCanary("op-consent");
    }

    @Test
    void shouldStallOnAnAuthorizationFailure() {
        String expected = "Bearer " + CANARY + "-expected";
        upstream.answer(PATH, request -> expected.equals(request.getHeaders().get("Authorization"))
                ? ModelAnswers.forPath(PATH) : ModelAnswers.status(401));
        try {
            secret("op-unauthorized", CANARY);
            create("op-unauthorized", model("refused", false));
            ExternalModel refused = await("op-unauthorized", "refused", Phase.Failed);
            assertThatModel(refused).hasCondition("Tested", "False", "HTTPStatus")
                    .hasCondition("Stalled", "True", "TestFailed").hasNoCondition("Reconciling");
            assertThat(condition(refused, "Tested").message).isEqualTo("endpoint answered HTTP 401");
            assertThat(refused.getStatus().lastTest.httpStatus).isEqualTo(401);
            assertNoCanary("op-unauthorized");
        } finally {
            upstream.recover(PATH);
        }
    }

    /**
     * A failing endpoint is tested again after a pause that starts at 5 s and grows with the time it has been failing
     * (TestSchedule): calls at about 0, 5, 10 and 20 s, never a hot loop. The endpoint is back for the fourth, and
     * the model recovers without a spec change.
     */
    @Test
    void shouldRetryAnOutageWithBackoffAndRecoverWithoutASpecChange() {
        String outage = "/outage";
        upstream.answer(outage, request -> upstream.count(outage) < 4 ? ModelAnswers.status(503)
                : ModelAnswers.forPath(PATH));
        secret("op-outage", CANARY);
        create("op-outage", model("flaky", false).endpoint(upstream.url(outage)));
        ExternalModel failing = await("op-outage", "flaky", Phase.Failed);
        assertThatModel(failing).hasCondition("Reconciling", "True", "RetryScheduled").hasNoCondition("Stalled");

        ExternalModel recovered = await("op-outage", "flaky", Phase.Ready);
        List<Instant> calls = upstream.received(outage).stream().map(FakeUpstream.Received::at).toList();
        assertThat(calls).hasSize(4);
        List<Duration> pauses = IntStream.range(1, 4).mapToObj(i -> Duration.between(calls.get(i - 1), calls.get(i)))
                .toList();
        assertThat(pauses).as("pauses between the calls").allSatisfy(pause -> assertThat(pause)
                .isGreaterThan(Duration.ofSeconds(4)));
        assertThat(pauses.get(2)).as("the pause after 10 s of failing (pauses: %s)", pauses)
                .isGreaterThan(Duration.ofSeconds(8));
        assertThat(recovered.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(eventReasons("op-outage")).containsOnlyOnce("TestFailed");
    }

    /**
     * Once the model has settled (within 5 s of Ready), 10 s pass without a status write, an Event or a call: the
     * operator's periodic work would show within that window.
     */
    @Test
    void shouldMakeNoWritesNoEventsAndNoCallsInSteadyState() {
        secret("op-steady", CANARY);
        create("op-steady", model("quiet", false));
        await("op-steady", "quiet", Phase.Ready);
        record Activity(String resourceVersion, int events, int calls) {
        }
        AtomicReference<Activity> before = new AtomicReference<>();
        Awaitility.await("10 s without a write, an Event or a call").during(Duration.ofSeconds(10))
                .atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    Activity now = new Activity(get("op-steady", "quiet").getMetadata().getResourceVersion(),
                            eventReasons("op-steady").size(), upstream.count(PATH));
                    assertThat(now).as("since the last look").isEqualTo(before.getAndSet(now));
                });
    }

    @Test
    void shouldRetestExactlyOncePerNewAnnotationValue() {
        secret("op-retest", CANARY);
        create("op-retest", model("button", false));
        await("op-retest", "button", Phase.Ready);
        for (String value : List.of("1", "2")) {
            int calls = upstream.count(PATH);
            edit("op-retest", "button", m -> {
                m.getMetadata().setAnnotations(Map.of(ExternalModelReconciler.RETEST_ANNOTATION, value));
                return m;
            });
            await("op-retest", "button", "re-tested for " + value,
                    m -> value.equals(m.getStatus().lastTest.retestRequest));
            // A second call would follow the first at once: none within 2 s.
            Awaitility.await("one call for retest " + value).during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(upstream.count(PATH) - calls)
                            .as("calls for retest %s", value).isEqualTo(1));
        }
    }

    @Test
    void shouldBumpObservedGenerationOnlyAfterTheNewSpecWasTested() {
        secret("op-generations", CANARY);
        create("op-generations", model("edited", false));
        ExternalModel first = await("op-generations", "edited", Phase.Ready);
        try (FakeUpstream.Hold held = upstream.hold(PATH)) {
            edit("op-generations", "edited", m -> {
                m.getSpec().test.prompt = "Reply with ping.";
                return m;
            });
            ExternalModel running = await("op-generations", "edited", "testing generation 2", testRunning());
            assertThat(running.getMetadata().getGeneration()).isEqualTo(2L);
            assertThat(running.getStatus().observedGeneration).isEqualTo(first.getStatus().observedGeneration);
        }
        ExternalModel tested = await("op-generations", "edited", Phase.Ready);
        assertThat(tested.getStatus().observedGeneration).isEqualTo(2L);
    }

    @Test
    void shouldLetADeletedModelGoAtOnceAndItsServiceByGarbageCollection() {
        secret("op-deletion", CANARY);
        create("op-deletion", model("gone", true));
        ExternalModel served = await("op-deletion", "gone", Phase.InferenceEnabled);
        assertThat(served.getMetadata().getFinalizers()).as("no finalizer: deletion never waits for the operator")
                .isEmpty();
        assertThat(service("op-deletion", "gone")).isNotNull();
        client.secrets().inNamespace("op-deletion").withName("creds").delete();
        client.resources(ExternalModel.class).inNamespace("op-deletion").withName("gone").delete();
        ClusterModels models = models("op-deletion");
        models.awaitGone(models.service("gone"));
        models.awaitGone(models.model("gone"));
    }

    /**
     * A model an earlier operator version gave its finalizer: this version takes it off (nothing else would), so the
     * model's deletion does not hang.
     */
    @Test
    void shouldTakeOffTheFinalizerOfAnEarlierVersionSoDeletionDoesNotHang() {
        secret("op-deletion", CANARY);
        ExternalModel legacy = model("legacy", false).model();
        legacy.getMetadata().setFinalizers(List.of(ModelDeletions.LEGACY_FINALIZER));
        TestCluster.get().namespaces("op-deletion");
        client.resources(ExternalModel.class).inNamespace("op-deletion").resource(legacy).create();
        ClusterModels models = models("op-deletion");
        Awaitility.await("the earlier version's finalizer gone").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(models.model("legacy").get().getMetadata().getFinalizers()).isEmpty());
        client.resources(ExternalModel.class).inNamespace("op-deletion").withName("legacy").delete();
        models.awaitGone(models.model("legacy"));
    }

    /**
     * Only tested specs are served: while an edit of a served model is tested the tested generation stays served
     * (its Service is never removed), and when the edit fails its test it stays served, and status says so.
     */
    @Test
    void shouldKeepServingTheTestedGenerationWhileAnEditIsTestedAndAfterItFails() {
        secret("op-served", CANARY);
        create("op-served", model("steady", true));
        ExternalModel served = await("op-served", "steady", Phase.InferenceEnabled);
        assertThat(served.getStatus().inference.generation).isEqualTo(1L);
        assertThat(served.getStatus().inference.spec.path("endpoint").asText()).isEqualTo(upstream.url(PATH));
        String serviceUid = service("op-served", "steady").getMetadata().getUid();

        try (FakeUpstream.Hold held = upstream.hold(PATH)) {
            edit("op-served", "steady", m -> {
                m.getSpec().test.prompt = "Reply with ping.";
                return m;
            });
            ExternalModel testing = await("op-served", "steady", "testing generation 2", testRunning());
            assertThat(testing.getStatus().inference.generation).as("served while generation 2 is tested")
                    .isEqualTo(1L);
            assertThat(service("op-served", "steady").getMetadata().getUid()).isEqualTo(serviceUid);
        }
        assertThat(await("op-served", "steady", Phase.InferenceEnabled).getStatus().inference.generation)
                .isEqualTo(2L);

        edit("op-served", "steady", m -> {
            m.getSpec().endpoint = "http://127.0.0.1:1/generate";
            return m;
        });
        ExternalModel broken = await("op-served", "steady", Phase.Failed);
        assertThatModel(broken).hasCondition("InferenceEnabled", "True", "PreviousGenerationServed");
        assertThat(condition(broken, "InferenceEnabled").message).startsWith("generation 3 is not served (TestFailed); "
                + "generation 2, the newest that passed its test, stays served at");
        assertThat(broken.getStatus().inference.generation).isEqualTo(2L);
        assertThat(broken.getStatus().inference.spec.path("endpoint").asText()).isEqualTo(upstream.url(PATH));
        assertThat(service("op-served", "steady").getMetadata().getUid()).isEqualTo(serviceUid);
    }

    @Test
    void shouldLetAModelGoQuietlyWhenItIsDeletedDuringItsTest() {
        secret("op-deletion", CANARY);
        ClusterModels models = models("op-deletion");
        try (FakeUpstream.Hold held = upstream.hold(PATH)) {
            create("op-deletion", model("hasty", true));
            await("op-deletion", "hasty", "testing", testRunning());
            int errors = logs.atLeast(Level.SEVERE).size();
            client.resources(ExternalModel.class).inNamespace("op-deletion").withName("hasty").delete();
            models.awaitGone(models.model("hasty"));
            // The test's result arrives for a model that is gone; the operator takes it in milliseconds.
            held.close();
            Awaitility.await("a second without an error").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(logs.atLeast(Level.SEVERE)).as("errors logged").hasSize(errors));
        }
    }

    /**
     * The invalid fixtures the API server admits (their problems are beyond any schema or CEL rule: a body template,
     * a JSON path, test values against the declared variables) are refused by the operator: Accepted=False with the
     * messages {@code validate} prints for them.
     */
    @Test
    void shouldRefuseWhatAdmissionCannotJudgeWithTheMessagesValidatePrints() throws IOException {
        TestCluster.get().namespaces("op-fixtures");
        Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
        for (Path file : ManifestReader.files(Path.of("src/test/resources/invalid"))) {
            JsonNode fixture = ManifestReader.read(file).get(0).object();
            if (CrdAdmissionIT.admissionProblems(fixture).isEmpty()) {
                ((ObjectNode) fixture.get("metadata")).put("namespace", "op-fixtures");
                client.resource(client.getKubernetesSerialization().unmarshal(fixture.toString(),
                        GenericKubernetesResource.class)).create();
                expected.put(fixture.at("/metadata/name").asText(), CrdAdmissionIT.expectations(file));
            }
        }
        assertThat(expected).as("fixtures only the operator can judge").hasSizeGreaterThanOrEqualTo(10);
        expected.forEach((name, messages) -> {
            ExternalModel refused = await("op-fixtures", name, Phase.Failed);
            assertThatModel(refused).hasCondition("Accepted", "False");
            assertThat(messages).allSatisfy(message -> assertThat(condition(refused, "Accepted").message)
                    .as("Accepted message of %s", name).contains(message));
        });
    }

    /**
     * The operator's meters on its metrics endpoint: each model's test state while the model exists, the tests by
     * the reason its status gives, the phases, and the Java Operator SDK's reconcile counts under the controller name
     * the chart's alerts select.
     */
    @Test
    void shouldExportEachModelsTestStateWhileItExistsAndTheReconcileCounts() throws IOException {
        secret("op-metrics", CANARY);
        create("op-metrics", model("reachable", false));
        create("op-metrics", model("unreachable", false).endpoint("http://127.0.0.1:1/v1"));
        await("op-metrics", "reachable", Phase.Ready);
        String reason = condition(await("op-metrics", "unreachable", Phase.Failed), "Tested").reason;

        String metrics = scrape();
        assertThat(PrometheusText.value(metrics, OperatorMetrics.TEST_PASSED,
                Map.of("namespace", "op-metrics", "model", "reachable"))).isEqualTo(1);
        assertThat(PrometheusText.has(metrics, OperatorMetrics.TEST_PASSED,
                Map.of("namespace", "op-metrics", "model", "unreachable"))).isTrue();
        assertThat(PrometheusText.value(metrics, OperatorMetrics.TEST_PASSED,
                Map.of("namespace", "op-metrics", "model", "unreachable"))).isZero();
        assertThat(PrometheusText.value(metrics, OperatorMetrics.TESTS, Map.of("outcome", "failed", "reason",
                reason))).isPositive();
        assertThat(PrometheusText.value(metrics, OperatorMetrics.TESTS, Map.of("outcome", "passed", "reason",
                "TestPassed"))).isPositive();
        assertThat(PrometheusText.value(metrics, OperatorMetrics.TEST_DURATION + "_count",
                Map.of("outcome", "passed"))).isPositive();
        assertThat(PrometheusText.value(metrics, OperatorMetrics.MODELS, Map.of("phase", "Failed"))).isPositive();
        assertThat(PrometheusText.value(metrics, "reconciliations_success_total",
                Map.of("controller_name", OperatorMeterSamples.CONTROLLER))).isPositive();

        client.resources(ExternalModel.class).inNamespace("op-metrics").delete();
        Awaitility.await("the models of op-metrics gone").atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(client.resources(ExternalModel.class).inNamespace("op-metrics").list()
                        .getItems()).isEmpty());
        // No finalizer holds the models for the operator: it forgets them when it sees their deletion, just after.
        Awaitility.await("the deleted models' series gone").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(PrometheusText.has(scrape(), OperatorMetrics.TEST_PASSED, Map.of("namespace", "op-metrics")))
                        .as("a deleted model's series").isFalse());
    }

    String scrape() throws IOException {
        try (InputStream body = metricsEndpoint.openStream()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Status, Events and the log lines so far never show the Secret value or the upstream body. */
    void assertNoCanary(String namespace) {
        String everything = Serialization.asYaml(client.resources(ExternalModel.class).inNamespace(namespace).list())
                + Serialization.asYaml(client.v1().events().inNamespace(namespace).list());
        assertThat(everything).doesNotContain(CANARY).contains(namespace);
        assertThat(logs.lines()).noneMatch(line -> line.toString().contains(CANARY));
    }

    List<String> eventReasons(String namespace) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .map(io.fabric8.kubernetes.api.model.Event::getReason).toList();
    }
}
