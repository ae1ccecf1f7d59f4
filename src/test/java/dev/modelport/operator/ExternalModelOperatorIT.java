package dev.modelport.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.Phase;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator end to end: the real reconciler against the fabric8 mock API server (CRUD mode) and a real model
 * endpoint on 127.0.0.1. Every wait is bounded.
 */
@QuarkusTest
@TestProfile(OperatorTestProfile.class)
@WithKubernetesTestServer(crud = true)
class ExternalModelOperatorIT {

    static final String CANARY = "canary-token-5e1d77";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final List<String> LOGS = new CopyOnWriteArrayList<>();
    static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LOGS.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
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

    static String model(String name, String extra) {
        return """
                apiVersion: modelport.dev/v1alpha1
                kind: ExternalModel
                metadata: {name: %s}
                spec:
                  endpoint: %s
                  authorization: {type: Bearer, secretRef: {name: creds}}
                  configuration:
                    custom:
                      body: '{"prompt": "{{prompt}}"}'
                  test: {prompt: Reply with pong., timeout: 5s}
                %s""".formatted(name, upstream.url(), extra);
    }

    ExternalModel create(String namespace, String yaml) {
        ExternalModel model = Serialization.unmarshal(yaml, ExternalModel.class);
        return client.resources(ExternalModel.class).inNamespace(namespace).resource(model).create();
    }

    void secret(String namespace, String token) {
        Secret secret = new SecretBuilder().withNewMetadata().withName("creds").withNamespace(namespace)
                .endMetadata().withStringData(Map.of("token", token)).build();
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
                .filter(c -> type.equals(c.type)).findFirst().orElse(null);
    }

    static boolean is(ExternalModel model, String type, String status) {
        Condition condition = condition(model, type);
        return condition != null && status.equals(condition.status);
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
        secret("ready", CANARY);
        create("ready", model("support", ""));
        ExternalModel ready = await("ready", "support", phase(Phase.Ready));
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
        assertThat(service("ready", "support")).isNull();

        edit("ready", "support", m -> {
            m.getSpec().inference = new dev.modelport.api.v1alpha1.Inference();
            m.getSpec().inference.enabled = true;
            return m;
        });
        ExternalModel served = await("ready", "support", phase(Phase.InferenceEnabled));
        assertThat(served.getStatus().inference.url).isEqualTo("http://support-inference.ready.svc:8080/v1");
        Service service = service("ready", "support");
        assertThat(service.getSpec().getType()).isEqualTo("ExternalName");
        assertThat(service.getSpec().getExternalName()).isEqualTo("modelport-gateway.modelport-system.svc.cluster.local");
        assertThat(service.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(served.getMetadata().getUid()));

        edit("ready", "support", m -> {
            m.getSpec().inference.enabled = false;
            return m;
        });
        ExternalModel disabled = await("ready", "support", phase(Phase.Ready));
        assertThat(disabled.getStatus().inference).isNull();
        assertThat(service("ready", "support")).isNull();
        assertThat(eventReasons("ready")).contains("Tested", "InferenceEnabled", "InferenceDisabled");
        assertNoCanary("ready");
    }

    @Test
    void shouldReportEveryBadFieldAndRecoverWhenTheSpecIsFixed() {
        secret("invalid", CANARY);
        create("invalid", model("broken", "").replace(upstream.url(), "ftp://llm.example.com/x")
                .replace("{{prompt}}", "{{promt}}"));
        ExternalModel failed = await("invalid", "broken", phase(Phase.Failed));
        assertThat(is(failed, "Accepted", "False") && is(failed, "Stalled", "True")).isTrue();
        assertThat(condition(failed, "Accepted").message).contains("spec.endpoint:")
                .contains("spec.configuration.custom.body: unknown variable {{promt}}");
        assertThat(condition(failed, "Stalled").reason).isEqualTo("InvalidSpec");
        edit("invalid", "broken", m -> {
            m.getSpec().endpoint = upstream.url();
            m.getSpec().configuration.custom.body = "{\"prompt\": \"{{prompt}}\"}";
            return m;
        });
        ExternalModel fixed = await("invalid", "broken", phase(Phase.Ready));
        assertThat(condition(fixed, "Stalled")).isNull();
        assertThat(eventReasons("invalid")).contains("InvalidSpec", "Tested");
    }

    @Test
    void shouldWaitForAMissingSecretAndUseARotatedKeyInTheNextTest() {
        create("secrets", model("needs-secret", ""));
        ExternalModel missing = await("secrets", "needs-secret", phase(Phase.Failed));
        assertThat(condition(missing, "CredentialsResolved").reason).isEqualTo("CredentialsMissing");
        assertThat(condition(missing, "CredentialsResolved").message).isEqualTo("Secret creds not found");
        assertThat(is(missing, "Stalled", "True")).isTrue();

        secret("secrets", CANARY);
        ExternalModel ready = await("secrets", "needs-secret", phase(Phase.Ready));
        String firstTest = ready.getStatus().lastTest.inputsHash;

        upstream.tokensSeen.clear();
        secret("secrets", CANARY + "-rotated");
        await("secrets", "needs-secret", m -> phase(Phase.Ready).test(m)
                && !firstTest.equals(m.getStatus().lastTest.inputsHash));
        assertThat(upstream.tokensSeen).contains(CANARY + "-rotated");
        assertNoCanary("secrets");
    }

    @Test
    void shouldStallOnAnAuthorizationFailure() {
        upstream.acceptedToken.set(CANARY + "-expected");
        try {
            secret("unauthorized", CANARY);
            create("unauthorized", model("refused", ""));
            ExternalModel refused = await("unauthorized", "refused", phase(Phase.Failed));
            assertThat(condition(refused, "Tested").reason).isEqualTo("HTTPStatus");
            assertThat(condition(refused, "Tested").message).isEqualTo("endpoint answered HTTP 401");
            assertThat(condition(refused, "Stalled").reason).isEqualTo("TestFailed");
            assertThat(condition(refused, "Reconciling")).isNull();
            assertThat(refused.getStatus().lastTest.httpStatus).isEqualTo(401);
            assertNoCanary("unauthorized");
        } finally {
            upstream.acceptedToken.set(null);
        }
    }

    @Test
    void shouldRetryAnOutageWithBackoffAndRecoverWithoutASpecChange() {
        upstream.mode.set(Upstream.Mode.UNAVAILABLE);
        try {
            secret("outage", CANARY);
            int before = upstream.calls.get();
            create("outage", model("flaky", ""));
            ExternalModel failing = await("outage", "flaky", phase(Phase.Failed));
            assertThat(is(failing, "Reconciling", "True")).isTrue();
            assertThat(condition(failing, "Reconciling").reason).isEqualTo("RetryScheduled");
            assertThat(condition(failing, "Stalled")).isNull();
            sleep(30_000);
            // Backoff from 5 s, doubling: about 5 calls in 30 s, never a hot loop.
            assertThat(upstream.calls.get() - before).isBetween(2, 7);
        } finally {
            upstream.mode.set(Upstream.Mode.HEALTHY);
        }
        ExternalModel recovered = await("outage", "flaky", phase(Phase.Ready), Duration.ofSeconds(45));
        assertThat(recovered.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(eventReasons("outage")).containsOnlyOnce("TestFailed");
    }

    @Test
    void shouldMakeNoWritesNoEventsAndNoCallsInSteadyState() {
        secret("steady", CANARY);
        create("steady", model("quiet", ""));
        ExternalModel ready = await("steady", "quiet", phase(Phase.Ready));
        sleep(1500);
        ready = get("steady", "quiet");
        int calls = upstream.calls.get();
        int events = eventReasons("steady").size();
        sleep(5000);
        ExternalModel later = get("steady", "quiet");
        assertThat(later.getMetadata().getResourceVersion()).isEqualTo(ready.getMetadata().getResourceVersion());
        assertThat(eventReasons("steady")).hasSize(events);
        assertThat(upstream.calls.get()).isEqualTo(calls);
    }

    @Test
    void shouldRetestExactlyOncePerNewAnnotationValue() {
        secret("retest", CANARY);
        create("retest", model("button", ""));
        await("retest", "button", phase(Phase.Ready));
        for (String value : List.of("1", "2")) {
            int calls = upstream.calls.get();
            edit("retest", "button", m -> {
                m.getMetadata().setAnnotations(Map.of(ExternalModelReconciler.RETEST_ANNOTATION, value));
                return m;
            });
            await("retest", "button", m -> value.equals(m.getStatus().lastTest.retestRequest));
            sleep(2000);
            assertThat(upstream.calls.get() - calls).as("calls for retest %s", value).isEqualTo(1);
        }
    }

    @Test
    void shouldBumpObservedGenerationOnlyAfterTheNewSpecWasTested() {
        secret("generations", CANARY);
        create("generations", model("edited", ""));
        ExternalModel first = await("generations", "edited", phase(Phase.Ready));
        upstream.delay.set(Duration.ofSeconds(2));
        try {
            edit("generations", "edited", m -> {
                m.getSpec().test.prompt = "Reply with ping.";
                return m;
            });
            ExternalModel running = await("generations", "edited", m -> is(m, "Reconciling", "True"));
            assertThat(running.getMetadata().getGeneration()).isEqualTo(2L);
            assertThat(running.getStatus().observedGeneration).isEqualTo(first.getStatus().observedGeneration);
            assertThat(condition(running, "Reconciling").reason).isEqualTo("TestRunning");
        } finally {
            upstream.delay.set(Duration.ZERO);
        }
        ExternalModel tested = await("generations", "edited", phase(Phase.Ready));
        assertThat(tested.getStatus().observedGeneration).isEqualTo(2L);
    }

    @Test
    void shouldRemoveTheServiceAndThenTheModelOnDeletion() {
        secret("deletion", CANARY);
        create("deletion", model("gone", "  inference: {enabled: true}\n"));
        await("deletion", "gone", phase(Phase.InferenceEnabled));
        assertThat(service("deletion", "gone")).isNotNull();
        client.secrets().inNamespace("deletion").withName("creds").delete();
        client.resources(ExternalModel.class).inNamespace("deletion").withName("gone").delete();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((get("deletion", "gone") != null || service("deletion", "gone") != null)
                && System.nanoTime() < deadline) {
            sleep(100);
        }
        assertThat(service("deletion", "gone")).isNull();
        assertThat(get("deletion", "gone")).isNull();
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
