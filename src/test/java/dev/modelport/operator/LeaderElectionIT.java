package dev.modelport.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The Quarkus Operator SDK picks up the leader election that {@code modelport.leader-election.*} configures. */
@QuarkusTest
@TestProfile(LeaderElectionTestProfile.class)
@WithKubernetesTestServer(crud = true)
class LeaderElectionIT {

    @Inject
    Operator operator;

    @Test
    void shouldHandTheConfiguredLeaseToTheOperator() {
        LeaderElectionConfiguration election = operator.getConfigurationService().getLeaderElectionConfiguration()
                .orElseThrow(() -> new AssertionError("the operator runs without leader election"));

        assertThat(election.getLeaseName()).isEqualTo("modelport-test-lease");
        assertThat(election.getLeaseNamespace()).contains("modelport-system");
        assertThat(election.isExitOnStopLeading()).isTrue();
    }
}
