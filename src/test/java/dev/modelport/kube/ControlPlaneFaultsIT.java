package dev.modelport.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.testing.FakeUpstream;
import dev.modelport.testing.RoleProcess;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What goes wrong in a real cluster, with the chart's roles (the packaged jar, the chart's RBAC and settings, leader
 * election on): the API server restarts under them, watches expire, the operator restarts over a settled fleet, and
 * the leader of two replicas dies. The audit log of the API server says what each component asked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneFaultsIT {

    static final String NAMESPACE = "faults-team";
    static final String SYSTEM = "faults-system";
    static final String OPERATOR_ACCOUNT = "faults-modelport-operator";
    static final String GATEWAY_ACCOUNT = "faults-modelport-gateway";
    static final String LEASE = "modelport-operator";
    /** The operator SDK's lease duration (its default): how long a dead leader's lease stays valid. */
    static final Duration LEASE_DURATION = Duration.ofSeconds(15);

    /** The fabric8 informers' debug lines, among them the one saying a watch expired (410 Gone) and is re-listed. */
    static final Map<String, String> WATCH_LOG = Map.of(
            "quarkus.log.category.\"io.fabric8.kubernetes.client.informers.impl.cache.Reflector\".level", "DEBUG");
    static final String WATCH_EXPIRED = "Watch restarting due to http gone";

    static FakeUpstream upstream;
    static ChartInstall install;
    static RoleProcess operator;
    static RoleProcess gateway;
    static int gatewayPort;
    static ClusterModels models;

    @BeforeAll
    static void install() throws Exception {
        upstream = new FakeUpstream();
        install = ChartInstall.forTests("faults", Map.of());
        operator = install.start("operator", "operator-0", TestPorts.free(), WATCH_LOG);
        ChartInstall.Running running = install.startReady("gateway", "gateway-0", WATCH_LOG);
        gateway = running.process();
        gatewayPort = running.port();
        models = ClusterModels.in(NAMESPACE);
        models.secret("creds", "faults-upstream-token");
    }

    @AfterAll
    static void stop() throws Exception {
        TestCluster.get().deleteNamespacesThenClose(List.of(install, upstream), NAMESPACE);
    }

    @Test
    @Order(1)
    void shouldRecoverFromAnApiServerRestartAndConvergeOnAnEditMadeBeforeTheyReconnect() {
        models.apply(ClusterModels.customModel("survivor", upstream.url("/custom"), "Reply with pong.", true));
        models.awaitPhase("survivor", Phase.InferenceEnabled);
        String caller = models.callerAllowedToInvoke("caller", "survivor");
        assertThat(GatewayCallerAuthorizationIT.eventually(200, () -> call("survivor", caller))).isEqualTo(200);

        Instant restarted = Instant.now();
        TestCluster.get().restart();
        // The operator and the gateway have not reconnected yet (their watches back off): this edit, a new endpoint,
        // is theirs to find.
        models.apply(ClusterModels.customModel("survivor", upstream.url("/custom-no-usage"), "Reply with ping.",
                true));

        ExternalModel converged = models.awaitPhase("survivor", Phase.InferenceEnabled);
        assertThat(converged.getStatus().observedGeneration).isEqualTo(2L);
        assertThat(converged.getStatus().lastTest.time).isAfterOrEqualTo(restarted.truncatedTo(ChronoUnit.SECONDS));
        long before = upstream.count("/custom-no-usage");
        ChartRbacIT.eventually("the gateway to call the new endpoint", operator, gateway,
                () -> call("survivor", caller) == 200 && upstream.count("/custom-no-usage") > before ? true : null);
        assertThat(operator.isAlive() && gateway.isAlive()).as("%s and %s never restarted", operator, gateway)
                .isTrue();
        // Their watches resumed from resource versions the restarted server's watch cache does not hold (410 Gone):
        // both listed the models again instead of missing what changed.
        for (RoleProcess role : List.of(operator, gateway)) {
            ChartRbacIT.eventually(role + " to log the expired watch", operator, gateway,
                    () -> role.output().contains(WATCH_EXPIRED) ? true : null);
        }
        AuditLog audit = AuditLog.read();
        assertThat(audit.by(SYSTEM, OPERATOR_ACCOUNT, restarted).requests("list", "externalmodels"))
                .as("the operator re-listed the models").isNotEmpty();
        assertThat(audit.by(SYSTEM, GATEWAY_ACCOUNT, restarted).requests("list", "externalmodels"))
                .as("the gateway re-listed the models").isNotEmpty();
    }

    @Test
    @Order(2)
    void shouldMakeNoWritesAndNoUpstreamCallsWhenRestartedOverTwentyTestedModels() throws Exception {
        List<String> fleet = IntStream.range(0, 20).mapToObj(i -> "fleet-" + i).toList();
        for (int i = 0; i < fleet.size(); i++) {
            models.apply(ClusterModels.customModel(fleet.get(i), upstream.url("/custom"), "Reply with pong.",
                    i % 2 == 0));
        }
        for (int i = 0; i < fleet.size(); i++) {
            models.awaitPhase(fleet.get(i), i % 2 == 0 ? Phase.InferenceEnabled : Phase.Ready);
        }
        operator.close();
        long calls = upstream.count("/custom");
        Instant restarted = Instant.now();
        operator = install.startReady("operator", "operator-0", WATCH_LOG).process();
        // The restarted operator lists the 20 models and reconciles each within seconds: 10 s without a write or a
        // call leave it time to do what it should not (a write or a call, once made, fails every later look).
        Awaitility.await("10 s without a write or a call by the restarted operator").during(Duration.ofSeconds(10))
                .atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    assertThat(AuditLog.read().by(SYSTEM, OPERATOR_ACCOUNT, restarted).writesIn(NAMESPACE))
                            .as("writes by the restarted operator").isEmpty();
                    assertThat(upstream.count("/custom")).as("connectivity tests run again").isEqualTo(calls);
                });
        // Quiet because there was nothing to do, not because it is not working:
        models.apply(ClusterModels.customModel("fleet-1", upstream.url("/custom"), "Reply with ping.", false));
        assertThat(models.awaitPhase("fleet-1", Phase.Ready).getStatus().observedGeneration).isEqualTo(2L);
    }

    @Test
    @Order(3)
    void shouldHandOverWithinTheLeaseDurationWhenTheLeaderDiesAndNeverReconcileTwiceAtOnce() throws Exception {
        assertThat(holder()).isEqualTo("operator-0");
        RoleProcess standby = install.start("operator", "operator-1", TestPorts.free());
        // A standby that cannot stand by (no Lease access, a start failure) exits within its first seconds.
        Awaitility.await(standby + " standing by").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8))
                .until(standby::isAlive);
        models.apply(ClusterModels.customModel("fleet-2", upstream.url("/custom"), "Reply with ping.", true));
        models.awaitPhase("fleet-2", Phase.InferenceEnabled);
        assertThat(holder()).isEqualTo("operator-0");
        assertThat(reconciled(operator, "fleet-2")).as("the leader reconciled fleet-2").isTrue();
        assertThat(standby.output()).as("the standby reconciled nothing while the leader lived")
                .doesNotContain(" " + NAMESPACE + "/");

        Instant killed = Instant.now();
        operator.kill();
        operator = standby;
        Awaitility.await("the Lease to go to the standby").atMost(LEASE_DURATION.multipliedBy(2))
                .pollInterval(Duration.ofMillis(100)).until(ControlPlaneFaultsIT::holder, "operator-1"::equals);
        Duration handover = Duration.between(killed, Instant.now());
        // The lease runs out at most LEASE_DURATION after the leader's last renewal, and a standby retries every
        // 2 s (jittered by up to 20 %).
        assertThat(handover).isLessThanOrEqualTo(LEASE_DURATION.plusMillis(2400 + 1000));

        models.apply(ClusterModels.customModel("fleet-3", upstream.url("/custom"), "Reply with ping.", false));
        models.awaitPhase("fleet-3", Phase.Ready);
        assertThat(reconciled(standby, "fleet-3")).as("the new leader reconciled fleet-3").isTrue();
        System.out.printf("ControlPlaneFaultsIT: the Lease went to the standby %d ms after the leader was killed%n",
                handover.toMillis());
    }

    /** The identity holding the operator's Lease. */
    static String holder() {
        Lease lease = TestCluster.get().admin().leases().inNamespace(SYSTEM).withName(LEASE).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    /** Whether the process logged an outcome of reconciling the model (one INFO line per status change). */
    static boolean reconciled(RoleProcess process, String model) {
        return process.output().lines().anyMatch(line -> line.contains(" " + NAMESPACE + "/" + model + ": "));
    }

    static int call(String model, String token) {
        return GatewayCallerAuthorizationIT.call(gatewayPort, NAMESPACE, model, token);
    }
}
