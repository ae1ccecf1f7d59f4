package dev.modelport.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.kube.ClusterModels;
import dev.modelport.kube.CrdAdmissionIT;
import dev.modelport.kube.TestCluster;
import dev.modelport.testing.PrometheusText;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
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
    static final Duration WAIT = Duration.ofSeconds(20);
    static final List<String> LOGS = new CopyOnWriteArrayList<>();
    static final List<String> ERRORS = new CopyOnWriteArrayList<>();
    static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LOGS.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
            if (record.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                ERRORS.add(record.getLoggerName() + ": " + record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    static Upstream upstream;

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
    static void start() throws Exception {
        upstream = new Upstream();
        java.util.logging.Logger.getLogger("").addHandler(CAPTURE);
    }

    @AfterAll
    static void stop() {
        java.util.logging.Logger.getLogger("").removeHandler(CAPTURE);
        upstream.close();
    }

    static String model(String name, boolean inference) {
        return ClusterModels.customModel(name, upstream.url(), "Reply with pong.", inference);
    }

    ExternalModel create(String namespace, String yaml) {
        TestCluster.get().namespaces(namespace);
        ExternalModel model = Serialization.unmarshal(yaml, ExternalModel.class);
        return client.resources(ExternalModel.class).inNamespace(namespace).resource(model).create();
    }

    void secret(String namespace, String token) {
        TestCluster.get().namespaces(namespace);
        Secret secret = new SecretBuilder().withNewMetadata().withName("creds").withNamespace(namespace)
                .addToLabels(CredentialSecrets.CONSENT_LABEL, "true").endMetadata()
                .withStringData(Map.of("token", token)).build();
        client.secrets().inNamespace(namespace).resource(secret).createOr(s -> s.update());
    }

    ExternalModel get(String namespace, String name) {
        return client.resources(ExternalModel.class).inNamespace(namespace).withName(name).get();
    }

    ExternalModel await(String namespace, String name, Predicate<ExternalModel> condition) {
        return await(namespace, name, condition, WAIT);
    }

    ExternalModel await(String namespace, String name, Predicate<ExternalModel> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ExternalModel model = null;
        while (System.nanoTime() < deadline) {
            model = get(namespace, name);
            if (model != null && condition.test(model)) {
                return model;
            }
            sleep(100);
        }
        throw new AssertionError("timed out after " + timeout + "; last seen: " + Serialization.asYaml(model)
                + "; all: " + client.resources(ExternalModel.class).inAnyNamespace().list().getItems().size());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Condition condition(ExternalModel model, String type) {
        return model.getStatus() == null ? null : model.getStatus().conditions.stream()
                .filter(c -> c.type != null && type.equals(c.type.value())).findFirst().orElse(null);
    }

    static boolean is(ExternalModel model, String type, String status) {
        Condition condition = condition(model, type);
        return condition != null && status.equals(condition.status.value());
    }

    static Predicate<ExternalModel> phase(Phase phase) {
        return m -> m.getStatus() != null && m.getStatus().phase == phase
                && m.getMetadata().getGeneration().equals(m.getStatus().observedGeneration);
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
        ExternalModel ready = await("op-ready", "support", phase(Phase.Ready));
        assertThat(ready.getStatus().detectedPaths.outputPath).isEqualTo("$.result.text");
        assertThat(ready.getStatus().detectedPaths.inputTokensPath).isEqualTo("$.meta.tokens.in");
        assertThat(ready.getStatus().lastTest.httpStatus).isEqualTo(200);
        assertThat(ready.getStatus().lastTest.outputSample).isEqualTo("pong");
        assertThat(ready.getStatus().lastTest.outputTokens).isEqualTo(1L);
        assertThat(ready.getStatus().api).isEqualTo("Custom");
        assertThat(ready.getStatus().endpointHost).isEqualTo("127.0.0.1");
        assertThat(is(ready, "Ready", "True") && is(ready, "Accepted", "True") && is(ready, "Tested", "True"))
                .isTrue();
        assertThat(condition(ready, "Stalled")).isNull();
        assertThat(service("op-ready", "support")).isNull();
        assertThat(ready.getMetadata().getManagedFields()).as("status written by server-side apply")
                .anyMatch(fields -> "Apply".equals(fields.getOperation()) && "status".equals(fields.getSubresource()));

        edit("op-ready", "support", m -> {
            m.getSpec().inference = new dev.modelport.api.v1alpha1.Inference();
            m.getSpec().inference.enabled = true;
            return m;
        });
        ExternalModel served = await("op-ready", "support", phase(Phase.InferenceEnabled));
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
        ExternalModel disabled = await("op-ready", "support", phase(Phase.Ready));
        assertThat(disabled.getStatus().inference).isNull();
        assertThat(service("op-ready", "support")).isNull();
        assertThat(eventReasons("op-ready")).contains("Tested", "InferenceEnabled", "InferenceDisabled");
        assertNoCanary("op-ready");
    }

    @Test
    void shouldReportEveryBadFieldAndRecoverWhenTheSpecIsFixed() {
        // Problems admission cannot see (the API server refuses the rest before the operator is involved).
        secret("op-invalid", CANARY);
        create("op-invalid", model("broken", false).replace("{{prompt}}", "{{promt}}")
                .replace("      body:", "      response: {outputPath: result.text}\n      body:"));
        ExternalModel failed = await("op-invalid", "broken", phase(Phase.Failed));
        assertThat(is(failed, "Accepted", "False") && is(failed, "Stalled", "True")).isTrue();
        assertThat(condition(failed, "Accepted").message)
                .contains("spec.configuration.custom.response.outputPath: must be a JSON path starting with $")
                .contains("spec.configuration.custom.body: unknown variable {{promt}}");
        assertThat(condition(failed, "Stalled").reason).isEqualTo("InvalidSpec");
        edit("op-invalid", "broken", m -> {
            m.getSpec().configuration.custom.response = null;
            m.getSpec().configuration.custom.body = "{\"prompt\": \"{{prompt}}\"}";
            return m;
        });
        ExternalModel fixed = await("op-invalid", "broken", phase(Phase.Ready));
        assertThat(condition(fixed, "Stalled")).isNull();
        assertThat(eventReasons("op-invalid")).contains("InvalidSpec", "Tested");
    }

    @Test
    void shouldWaitForAMissingSecretAndUseARotatedKeyInTheNextTest() {
        create("op-secrets", model("needs-secret", false));
        ExternalModel missing = await("op-secrets", "needs-secret", phase(Phase.Failed));
        assertThat(condition(missing, "CredentialsResolved").reason).isEqualTo("CredentialsMissing");
        assertThat(condition(missing, "CredentialsResolved").message).isEqualTo("Secret creds not found among the "
                + "Secrets labelled modelport.dev/credentials=true: create it, or label it "
                + "modelport.dev/credentials=true");
        assertThat(is(missing, "Stalled", "True")).isTrue();

        secret("op-secrets", CANARY);
        ExternalModel ready = await("op-secrets", "needs-secret", phase(Phase.Ready));
        String firstTest = ready.getStatus().lastTest.inputsHash;

        upstream.tokensSeen.clear();
        secret("op-secrets", CANARY + "-rotated");
        await("op-secrets", "needs-secret", m -> phase(Phase.Ready).test(m)
                && !firstTest.equals(m.getStatus().lastTest.inputsHash));
        assertThat(upstream.tokensSeen).contains(CANARY + "-rotated");
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
        secrets.resource(new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
                .withData(Map.of("token", base64(token + "\n"))).build()).create();
        create("op-consent", model("consent", false));
        // The operator's informer lists labelled Secrets only: to it an unlabelled Secret is not there.
        ExternalModel unlabelled = await("op-consent", "consent", phase(Phase.Failed));
        assertThat(condition(unlabelled, "CredentialsResolved").reason).isEqualTo("CredentialsMissing");
        assertThat(condition(unlabelled, "CredentialsResolved").message).isEqualTo("Secret creds not found among the "
                + "Secrets labelled modelport.dev/credentials=true: create it, or label it "
                + "modelport.dev/credentials=true");
        assertThat(condition(unlabelled, "Stalled").reason).isEqualTo("CredentialsMissing");

        secrets.withName("creds").edit(s -> new SecretBuilder(s).editMetadata()
                .addToLabels(CredentialSecrets.CONSENT_LABEL, "true").endMetadata().build());
        await("op-consent", "consent", phase(Phase.Ready));
        assertThat(upstream.tokensSeen).as("the value without its newline").contains(token)
                .doesNotContain(token + "\n");

        client.serviceAccounts().inNamespace("op-consent").resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("robot").endMetadata().build()).create();
        secrets.resource(new SecretBuilder().withNewMetadata().withName("robot-token")
                .addToAnnotations("kubernetes.io/service-account.name", "robot")
                .addToLabels(CredentialSecrets.CONSENT_LABEL, "true").endMetadata()
                .withType("kubernetes.io/service-account-token")
                .withStringData(Map.of("token", CANARY + "-robot")).build()).create();
        secrets.resource(new SecretBuilder().withNewMetadata().withName("empty")
                .addToLabels(CredentialSecrets.CONSENT_LABEL, "true").endMetadata()
                .withStringData(Map.of("token", "")).build()).create();
        create("op-consent", model("robot", false).replace("name: creds", "name: robot-token"));
        create("op-consent", model("empty", false).replace("name: creds", "name: empty"));
        ExternalModel robot = await("op-consent", "robot", phase(Phase.Failed));
        assertThat(condition(robot, "CredentialsResolved").reason).isEqualTo("CredentialsRefused");
        assertThat(condition(robot, "CredentialsResolved").message).isEqualTo("Secret robot-token is of type "
                + "kubernetes.io/service-account-token, which Modelport never reads: put the credentials in a Secret "
                + "of type Opaque or kubernetes.io/basic-auth");
        ExternalModel empty = await("op-consent", "empty", phase(Phase.Failed));
        assertThat(condition(empty, "CredentialsResolved").message).isEqualTo("Secret empty key token is empty");
        assertThat(upstream.tokensSeen).noneMatch(seen -> seen.contains("-robot"));
        assertThat(eventReasons("op-consent")).contains("CredentialsRefused", "Tested");
        assertNoCanary("op-consent");
    }

    static String base64(String value) {
        return java.util.Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void shouldStallOnAnAuthorizationFailure() {
        upstream.acceptedToken.set(CANARY + "-expected");
        try {
            secret("op-unauthorized", CANARY);
            create("op-unauthorized", model("refused", false));
            ExternalModel refused = await("op-unauthorized", "refused", phase(Phase.Failed));
            assertThat(condition(refused, "Tested").reason).isEqualTo("HTTPStatus");
            assertThat(condition(refused, "Tested").message).isEqualTo("endpoint answered HTTP 401");
            assertThat(condition(refused, "Stalled").reason).isEqualTo("TestFailed");
            assertThat(condition(refused, "Reconciling")).isNull();
            assertThat(refused.getStatus().lastTest.httpStatus).isEqualTo(401);
            assertNoCanary("op-unauthorized");
        } finally {
            upstream.acceptedToken.set(null);
        }
    }

    @Test
    void shouldRetryAnOutageWithBackoffAndRecoverWithoutASpecChange() {
        upstream.mode.set(Upstream.Mode.UNAVAILABLE);
        try {
            secret("op-outage", CANARY);
            int before = upstream.calls.get();
            create("op-outage", model("flaky", false));
            ExternalModel failing = await("op-outage", "flaky", phase(Phase.Failed));
            assertThat(is(failing, "Reconciling", "True")).isTrue();
            assertThat(condition(failing, "Reconciling").reason).isEqualTo("RetryScheduled");
            assertThat(condition(failing, "Stalled")).isNull();
            sleep(30_000);
            // Backoff from 5 s, doubling: about 5 calls in 30 s, never a hot loop.
            assertThat(upstream.calls.get() - before).isBetween(2, 7);
        } finally {
            upstream.mode.set(Upstream.Mode.HEALTHY);
        }
        ExternalModel recovered = await("op-outage", "flaky", phase(Phase.Ready), Duration.ofSeconds(45));
        assertThat(recovered.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(eventReasons("op-outage")).containsOnlyOnce("TestFailed");
    }

    @Test
    void shouldMakeNoWritesNoEventsAndNoCallsInSteadyState() {
        secret("op-steady", CANARY);
        create("op-steady", model("quiet", false));
        ExternalModel ready = await("op-steady", "quiet", phase(Phase.Ready));
        sleep(1500);
        ready = get("op-steady", "quiet");
        int calls = upstream.calls.get();
        int events = eventReasons("op-steady").size();
        sleep(10_000);
        ExternalModel later = get("op-steady", "quiet");
        assertThat(later.getMetadata().getResourceVersion()).isEqualTo(ready.getMetadata().getResourceVersion());
        assertThat(eventReasons("op-steady")).hasSize(events);
        assertThat(upstream.calls.get()).isEqualTo(calls);
    }

    @Test
    void shouldRetestExactlyOncePerNewAnnotationValue() {
        secret("op-retest", CANARY);
        create("op-retest", model("button", false));
        await("op-retest", "button", phase(Phase.Ready));
        for (String value : List.of("1", "2")) {
            int calls = upstream.calls.get();
            edit("op-retest", "button", m -> {
                m.getMetadata().setAnnotations(Map.of(ExternalModelReconciler.RETEST_ANNOTATION, value));
                return m;
            });
            await("op-retest", "button", m -> value.equals(m.getStatus().lastTest.retestRequest));
            sleep(2000);
            assertThat(upstream.calls.get() - calls).as("calls for retest %s", value).isEqualTo(1);
        }
    }

    @Test
    void shouldBumpObservedGenerationOnlyAfterTheNewSpecWasTested() {
        secret("op-generations", CANARY);
        create("op-generations", model("edited", false));
        ExternalModel first = await("op-generations", "edited", phase(Phase.Ready));
        upstream.delay.set(Duration.ofSeconds(2));
        try {
            edit("op-generations", "edited", m -> {
                m.getSpec().test.prompt = "Reply with ping.";
                return m;
            });
            ExternalModel running = await("op-generations", "edited", m -> is(m, "Reconciling", "True"));
            assertThat(running.getMetadata().getGeneration()).isEqualTo(2L);
            assertThat(running.getStatus().observedGeneration).isEqualTo(first.getStatus().observedGeneration);
            assertThat(condition(running, "Reconciling").reason).isEqualTo("TestRunning");
        } finally {
            upstream.delay.set(Duration.ZERO);
        }
        ExternalModel tested = await("op-generations", "edited", phase(Phase.Ready));
        assertThat(tested.getStatus().observedGeneration).isEqualTo(2L);
    }

    @Test
    void shouldRemoveTheServiceAndThenTheModelOnDeletion() {
        secret("op-deletion", CANARY);
        create("op-deletion", model("gone", true));
        await("op-deletion", "gone", phase(Phase.InferenceEnabled));
        assertThat(service("op-deletion", "gone")).isNotNull();
        client.secrets().inNamespace("op-deletion").withName("creds").delete();
        client.resources(ExternalModel.class).inNamespace("op-deletion").withName("gone").delete();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((get("op-deletion", "gone") != null || service("op-deletion", "gone") != null)
                && System.nanoTime() < deadline) {
            sleep(100);
        }
        assertThat(service("op-deletion", "gone")).isNull();
        assertThat(get("op-deletion", "gone")).isNull();
    }

    /**
     * Only tested specs are served: while an edit of a served model is tested the tested generation stays served
     * (its Service is never removed), and when the edit fails its test it stays served, and status says so.
     */
    @Test
    void shouldKeepServingTheTestedGenerationWhileAnEditIsTestedAndAfterItFails() {
        secret("op-served", CANARY);
        create("op-served", model("steady", true));
        ExternalModel served = await("op-served", "steady", phase(Phase.InferenceEnabled));
        assertThat(served.getStatus().inference.generation).isEqualTo(1L);
        assertThat(served.getStatus().inference.spec.path("endpoint").asText()).isEqualTo(upstream.url());
        String serviceUid = service("op-served", "steady").getMetadata().getUid();

        upstream.delay.set(Duration.ofSeconds(2));
        try {
            edit("op-served", "steady", m -> {
                m.getSpec().test.prompt = "Reply with ping.";
                return m;
            });
            ExternalModel testing = await("op-served", "steady", m -> is(m, "Reconciling", "True")
                    && "TestRunning".equals(condition(m, "Reconciling").reason));
            assertThat(testing.getStatus().inference.generation).as("served while generation 2 is tested")
                    .isEqualTo(1L);
            assertThat(service("op-served", "steady").getMetadata().getUid()).isEqualTo(serviceUid);
        } finally {
            upstream.delay.set(Duration.ZERO);
        }
        assertThat(await("op-served", "steady", phase(Phase.InferenceEnabled)).getStatus().inference.generation)
                .isEqualTo(2L);

        edit("op-served", "steady", m -> {
            m.getSpec().endpoint = "http://127.0.0.1:1/generate";
            return m;
        });
        ExternalModel broken = await("op-served", "steady", phase(Phase.Failed));
        assertThat(condition(broken, "InferenceEnabled").status).isEqualTo(ConditionStatus.TRUE);
        assertThat(condition(broken, "InferenceEnabled").reason).isEqualTo("PreviousGenerationServed");
        assertThat(condition(broken, "InferenceEnabled").message).startsWith("generation 3 is not served (TestFailed); "
                + "generation 2, the newest that passed its test, stays served at");
        assertThat(broken.getStatus().inference.generation).isEqualTo(2L);
        assertThat(broken.getStatus().inference.spec.path("endpoint").asText()).isEqualTo(upstream.url());
        assertThat(service("op-served", "steady").getMetadata().getUid()).isEqualTo(serviceUid);
    }

    @Test
    void shouldLetAModelGoQuietlyWhenItIsDeletedDuringItsTest() {
        secret("op-deletion", CANARY);
        upstream.delay.set(Duration.ofSeconds(2));
        try {
            create("op-deletion", model("hasty", true));
            await("op-deletion", "hasty", m -> is(m, "Reconciling", "True")
                    && "TestRunning".equals(condition(m, "Reconciling").reason));
            int errors = ERRORS.size();
            client.resources(ExternalModel.class).inNamespace("op-deletion").withName("hasty").delete();
            client.resources(ExternalModel.class).inNamespace("op-deletion").withName("hasty")
                    .waitUntilCondition(java.util.Objects::isNull, WAIT.toSeconds(), TimeUnit.SECONDS);
            sleep(3000); // the test ends about 2 s after it started: its result arrives for a model that is gone
            assertThat(ERRORS.subList(errors, ERRORS.size())).as("errors logged").isEmpty();
        } finally {
            upstream.delay.set(Duration.ZERO);
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
            ExternalModel refused = await("op-fixtures", name, phase(Phase.Failed));
            assertThat(condition(refused, "Accepted").status).isEqualTo(ConditionStatus.FALSE);
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
        create("op-metrics", ClusterModels.customModel("unreachable", "http://127.0.0.1:1/v1", "Reply with pong.",
                false));
        await("op-metrics", "reachable", phase(Phase.Ready));
        String reason = condition(await("op-metrics", "unreachable", phase(Phase.Failed)), "Tested").reason;

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
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!client.resources(ExternalModel.class).inNamespace("op-metrics").list().getItems().isEmpty()
                && System.nanoTime() < deadline) {
            sleep(100);
        }
        assertThat(client.resources(ExternalModel.class).inNamespace("op-metrics").list().getItems()).isEmpty();
        assertThat(PrometheusText.has(scrape(), OperatorMetrics.TEST_PASSED, Map.of("namespace", "op-metrics")))
                .as("a deleted model's series").isFalse();
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
        assertThat(LOGS).noneMatch(line -> line.contains(CANARY));
    }

    List<String> eventReasons(String namespace) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .map(io.fabric8.kubernetes.api.model.Event::getReason).toList();
    }
}
