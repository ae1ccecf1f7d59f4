package dev.modelport.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.testing.FakeUpstream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Caller authorization for real: the gateway (the packaged jar with the chart's RBAC) asks the API server, by
 * TokenReview and SubjectAccessReview, who a caller is and whether it may create externalmodels/invoke on the model
 * it calls. A Role names the models a ServiceAccount may invoke.
 */
class GatewayCallerAuthorizationIT {

    static final String NAMESPACE = "authz-team";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static FakeUpstream upstream;
    static ChartInstall install;
    static int port;
    static int operatorPort;
    /** So that the outage test sees the liveness checks fail, as they would after the default 2 minutes. */
    static final Map<String, String> SHORT_WATCH_LIMIT = Map.of("modelport.health.watch-disconnect-limit", "3s");
    static ClusterModels models;

    @BeforeAll
    static void serveTwoModels() throws Exception {
        upstream = new FakeUpstream();
        // Without leader election: a leader that cannot renew its Lease during the outage exits (Kubernetes
        // restarts it), which would leave the operator's liveness check unseen.
        install = ChartInstall.forTests("authz", Map.of("operator.leaderElection.enabled", false));
        operatorPort = install.startReady("operator", "operator-0", SHORT_WATCH_LIMIT).port();
        port = install.startReady("gateway", "gateway-0", SHORT_WATCH_LIMIT).port();
        models = ClusterModels.in(NAMESPACE);
        models.secret("creds", "authz-upstream-token");
        for (String model : new String[] {"granted-model", "other-model"}) {
            models.apply(ClusterModels.customModel(model, upstream.url("/custom"), "Reply with pong.", true));
        }
        models.awaitPhase("granted-model", Phase.InferenceEnabled);
        models.awaitPhase("other-model", Phase.InferenceEnabled);
    }

    @AfterAll
    static void stop() throws Exception {
        TestCluster.get().deleteNamespacesThenClose(List.of(install, upstream), NAMESPACE);
    }

    @Test
    void shouldServeACallerWhoseRoleGrantsInvokeOnThatModel() {
        String token = models.callerAllowedToInvoke("granted", "granted-model");
        assertThat(eventually(200, () -> call("granted-model", token))).isEqualTo(200);
    }

    @Test
    void shouldRefuseThatCallerAModelItsRoleDoesNotName() {
        String token = models.callerAllowedToInvoke("narrow", "granted-model");
        assertThat(eventually(200, () -> call("granted-model", token))).isEqualTo(200);
        assertThat(call("other-model", token)).isEqualTo(403);
    }

    @Test
    void shouldListOnlyTheModelsTheCallerMayInvoke() throws Exception {
        String token = models.callerAllowedToInvoke("lister", "other-model");
        assertThat(eventually(200, () -> call("other-model", token))).isEqualTo(200);
        HttpResponse<String> listed = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/models")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("\"" + NAMESPACE + "/other-model\"").doesNotContain("granted-model");
    }

    /**
     * During an API server outage a cached decision is answered as before and an uncached caller gets 503 within a
     * couple of seconds, not after fabric8's retry chain; liveness fails once the watches have been lost longer than
     * the limit, and recovers with them.
     */
    @Test
    void shouldAnswerCachedDecisionsAndFailOthersFastDuringAnApiServerOutage() {
        String cached = models.callerAllowedToInvoke("cached", "granted-model");
        assertThat(eventually(200, () -> call("granted-model", cached))).isEqualTo(200);
        String unseen = models.callerAllowedToInvoke("unseen", "granted-model");

        TestCluster.get().whileStopped(() -> {
            assertThat(call("granted-model", cached)).as("a cached allow").isEqualTo(200);
            long start = System.nanoTime();
            assertThat(call("granted-model", unseen)).as("an uncached caller").isEqualTo(503);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("GatewayCallerAuthorizationIT: 503 during the outage after %d ms%n", took.toMillis());
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            for (int role : new int[] {port, operatorPort}) {
                assertThat(eventually(503, () -> health(role, "live"))).as("liveness of %s",
                        role == port ? "the gateway" : "the operator").isEqualTo(503);
            }
        });
        for (int role : new int[] {port, operatorPort}) {
            assertThat(eventually(200, () -> health(role, "live"))).as("liveness of :%d", role).isEqualTo(200);
        }
        assertThat(eventually(200, () -> call("granted-model", unseen))).isEqualTo(200);
    }

    static int health(int port, String probe) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/" + probe))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldRefuseAServiceAccountWithoutAGrant() {
        String token = TestCluster.get().token(NAMESPACE, "stranger", Duration.ofHours(1));
        assertThat(call("granted-model", token)).isEqualTo(403);
    }

    @Test
    void shouldRefuseAnExpiredToken() {
        String valid = models.callerAllowedToInvoke("expiring", "granted-model");
        assertThat(eventually(200, () -> call("granted-model", valid))).isEqualTo(200);
        long now = java.time.Instant.now().getEpochSecond();
        assertThat(call("granted-model", Tokens.resigned(valid, now - 60, now + 600)))
                .as("the same token signed again, still valid: the signature is not what fails").isEqualTo(200);
        assertThat(call("granted-model", Tokens.expired(valid))).isEqualTo(401);
    }

    @Test
    void shouldRefuseATokenIssuedForAnotherAudience() {
        models.callerAllowedToInvoke("elsewhere", "granted-model");
        String token = TestCluster.get().token(NAMESPACE, "elsewhere", Duration.ofHours(1), "https://vault.example");
        assertThat(call("granted-model", token)).isEqualTo(401);
    }

    @Test
    void shouldRefuseACallWithoutAToken() {
        assertThat(call("granted-model", null)).isEqualTo(401);
    }

    static int call(String model, String token) {
        return call(port, NAMESPACE, model, token);
    }

    /** The HTTP status of a chat completion for the model, with the bearer token (none when null). */
    static int call(int port, String namespace, String model, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/chat/completions")).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "%s/%s", "messages": [{"role": "user", "content": "Say pong"}]}"""
                        .formatted(namespace, model)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError("calling the gateway on port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The status once it is the expected one, or the last one after a while: a RoleBinding just made reaches the
     * API server's authorizer within a moment, and the gateway caches a denial for a few seconds.
     */
    static int eventually(int expected, java.util.function.IntSupplier status) {
        return Awaitility.await("HTTP " + expected).atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500)).until(status::getAsInt, code -> code == expected);
    }
}
