package dev.modelport.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.OpenCircuit;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.testing.Eventually;
import dev.modelport.testing.FakeUpstream;
import dev.modelport.testing.ModelAnswers;
import dev.modelport.testing.ModelAssert;
import dev.modelport.testing.ModelYaml;
import dev.modelport.testing.RoleProcess;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Open circuits in status on the real control plane, with the chart's roles and RBAC and two gateway replicas, each
 * with its own breaker: each replica server-side applies its own entry of status.openCircuits and removes it when
 * its circuit closes or it stops, the operator sums them up as Degraded without ever removing them, and an entry
 * left by a replica that died stops counting once its trial call would have decided.
 */
class ResilienceIT {

    static final String NAMESPACE = "resilience-team";
    /** A custom model's good answer, until a test scripts another. */
    static final String PATH = "/custom";
    static final ObjectMapper JSON = new ObjectMapper();
    static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(30, TimeUnit.SECONDS).build();

    static FakeUpstream upstream;
    static ChartInstall install;
    static RoleProcess operator;
    static ChartInstall.Running gatewayA;
    static ChartInstall.Running gatewayB;
    static ClusterModels models;
    static String token;
    static Instant started;

    @BeforeAll
    static void install() throws Exception {
        upstream = new FakeUpstream();
        models = ClusterModels.in(NAMESPACE);
        started = Instant.now();
        install = ChartInstall.forTests("resilience", Map.of("watchNamespaces[0]", NAMESPACE));
        operator = install.startReady("operator", "operator-0", Map.of()).process();
        gatewayA = install.startReady("gateway", "gateway-a", Map.of());
        gatewayB = install.startReady("gateway", "gateway-b", Map.of());
        models.secret("creds", "resilience-token");
        token = models.callerAllowedToInvoke("caller", "flaky");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            models.client().resources(ExternalModel.class).inNamespace(NAMESPACE).delete();
            models.client().resources(ExternalModel.class).inNamespace(NAMESPACE).informOnCondition(List::isEmpty)
                    .get(ClusterModels.WAIT.toSeconds(), TimeUnit.SECONDS);
            TestCluster.get().deleteNamespaces(NAMESPACE);
        } finally {
            install.close();
            upstream.close();
        }
    }

    @Test
    void shouldShowEachReplicasOpenCircuitInStatusAndTheirSumAsDegraded() throws Exception {
        models.apply(ModelYaml.custom("flaky").endpoint(upstream.url(PATH)).testTimeout("10s")
                .inference("{enabled: true, timeout: 3s, circuitBreaker: {consecutiveFailures: 2, openFor: 2s}}")
                .yaml());
        models.awaitPhase("flaky", Phase.InferenceEnabled);
        for (ChartInstall.Running gateway : List.of(gatewayA, gatewayB)) {
            Eventually.eventually("the gateway to serve the model", ClusterModels.WAIT, processes(),
                    () -> call(gateway).code() == 200 ? true : null);
        }

        // Replica A opens: two failures, then answers at once without calling the endpoint.
        upstream.answer(PATH, ModelAnswers.status(503));
        assertThat(call(gatewayA).code()).isEqualTo(502);
        assertThat(call(gatewayA).code()).isEqualTo(502);
        int calls = upstream.count(PATH);
        Answer refused = call(gatewayA);
        assertThat(refused.code()).isEqualTo(503);
        assertThat(refused.body().at("/error/code").asText()).isEqualTo("model_unavailable");
        assertThat(refused.retryAfter()).isBetween(1, 2);
        assertThat(upstream.count(PATH)).as("calls through an open circuit").isEqualTo(calls);
        ExternalModel degraded = models.awaitStatus("flaky", "Degraded with gateway-a's open circuit",
                m -> replicas(m).equals(List.of("gateway-a")) && isDegraded(m, "1 gateway replica"));
        OpenCircuit entry = degraded.getStatus().openCircuits.get(0);
        assertThat(entry.reason).isEqualTo("HTTPStatus");
        assertThat(entry.message).isEqualTo("endpoint answered HTTP 503");
        assertThat(entry.retryAt).isAfter(entry.since);
        assertThat(metric(gatewayA, "modelport_gateway_circuit_open{model=\"flaky\",namespace=\"" + NAMESPACE
                + "\"}")).isEqualTo(1.0);

        // Replica B has its own breaker, still closed; then it opens too, and both entries stand side by side after
        // the operator's own status writes.
        assertThat(call(gatewayB).code()).isEqualTo(502);
        assertThat(call(gatewayB).code()).isEqualTo(502);
        ExternalModel both = models.awaitStatus("flaky", "Degraded with both replicas' circuits",
                m -> replicas(m).equals(List.of("gateway-a", "gateway-b")) && isDegraded(m, "2 gateway replicas"));
        assertThat(owners(both)).containsEntry("gateway-a", "modelport-gateway-gateway-a")
                .containsEntry("gateway-b", "modelport-gateway-gateway-b");

        // The endpoint recovers: A's trial call closes its circuit and A removes its entry, B's stays.
        upstream.recover(PATH);
        Eventually.eventually("gateway-a's trial call to pass", ClusterModels.WAIT, processes(),
                () -> call(gatewayA).code() == 200 ? true : null);
        models.awaitStatus("flaky", "only gateway-b's circuit open",
                m -> replicas(m).equals(List.of("gateway-b")) && isDegraded(m, "1 gateway replica"));

        // B stops as Kubernetes stops a pod: it removes its entry, and the model is no longer Degraded.
        gatewayB.process().close();
        models.awaitStatus("flaky", "no circuit open", m -> replicas(m).isEmpty()
                && ModelAssert.condition(m, "Degraded") == null);
        assertThat(models.eventReasons()).contains("CircuitOpen", "CircuitClosed");

        // A opens again and dies without a word: its entry stays, but stops counting once its trial call would
        // have decided (retryAt plus the model's 3s timeout).
        upstream.answer(PATH, ModelAnswers.status(503));
        call(gatewayA);
        call(gatewayA);
        ExternalModel open = models.awaitStatus("flaky", "gateway-a's circuit open again",
                m -> replicas(m).equals(List.of("gateway-a")) && isDegraded(m, "1 gateway replica"));
        gatewayA.process().kill();
        Instant expiry = open.getStatus().openCircuits.get(0).retryAt.plusSeconds(3);
        ExternalModel expired = models.awaitStatus("flaky", "Degraded gone with the dead replica's trial time",
                m -> ModelAssert.condition(m, "Degraded") == null);
        assertThat(Instant.now()).isAfterOrEqualTo(expiry.minusSeconds(1));
        assertThat(replicas(expired)).as("the dead replica's entry, which only it could remove")
                .containsExactly("gateway-a");

        assertThat(install.forbidden()).as("refusals in the logs").isEmpty();
        List<String> statusWrites = AuditLog.read().by(install.namespace(), install.serviceAccount("gateway"), started)
                .on("externalmodels").stream().filter(e -> "status".equals(e.at("/objectRef/subresource").asText()))
                .map(e -> e.path("verb").asText()).distinct().toList();
        assertThat(statusWrites).as("the gateways' requests on externalmodels/status").containsExactly("patch");
    }

    static List<RoleProcess> processes() {
        return List.of(operator, gatewayA.process(), gatewayB.process()).stream().filter(RoleProcess::isAlive)
                .toList();
    }

    static List<String> replicas(ExternalModel model) {
        return model.getStatus().openCircuits == null ? List.of()
                : model.getStatus().openCircuits.stream().map(c -> c.replica).sorted().toList();
    }

    static boolean isDegraded(ExternalModel model, String replicas) {
        Condition degraded = ModelAssert.condition(model, "Degraded");
        return ModelAssert.is(model, "Degraded", "True") && "CircuitOpen".equals(degraded.reason)
                && degraded.message.contains("open on " + replicas);
    }

    /** The field manager that owns each replica's entry of status.openCircuits. */
    static Map<String, String> owners(ExternalModel model) {
        Map<String, String> owners = new java.util.TreeMap<>();
        for (ManagedFieldsEntry managed : model.getMetadata().getManagedFields()) {
            JsonNode fields = JSON.valueToTree(managed.getFieldsV1()).at("/f:status/f:openCircuits");
            fields.fieldNames().forEachRemaining(key -> {
                if (key.startsWith("k:")) {
                    owners.put(JSON.valueToTree(parse(key.substring(2))).path("replica").asText(),
                            managed.getManager());
                }
            });
        }
        return owners;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Answer(int code, JsonNode body, int retryAfter) {
    }

    static Answer call(ChartInstall.Running gateway) {
        Request request = new Request.Builder().url("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions")
                .header("Authorization", "Bearer " + token)
                .post(RequestBody.create("{\"model\": \"" + NAMESPACE + "/flaky\", \"messages\": [{\"role\": \"user\", "
                        + "\"content\": \"ping\"}]}", MediaType.get("application/json"))).build();
        try (Response response = HTTP.newCall(request).execute()) {
            String retryAfter = response.header("Retry-After");
            return new Answer(response.code(), JSON.readTree(response.body().string()),
                    retryAfter == null ? -1 : Integer.parseInt(retryAfter));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double metric(ChartInstall.Running gateway, String series) throws IOException {
        Request request = new Request.Builder().url("http://127.0.0.1:" + gateway.port() + "/q/metrics").build();
        try (Response response = HTTP.newCall(request).execute()) {
            return response.body().string().lines().filter(line -> line.startsWith(series + " ")).findFirst()
                    .map(line -> Double.parseDouble(line.substring(series.length() + 1)))
                    .orElseThrow(() -> new AssertionError("no series " + series));
        }
    }
}
