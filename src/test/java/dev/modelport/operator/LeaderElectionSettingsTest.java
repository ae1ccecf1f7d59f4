package dev.modelport.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@code modelport.leader-election.*} becomes the JOSDK leader election the operator SDK runs. */
class LeaderElectionSettingsTest {

    private record Settings(boolean enabled, String leaseName, Optional<String> leaseNamespace)
            implements OperatorSettings.LeaderElection {
    }

    @Test
    void shouldRunNoLeaderElectionWhenDisabled() {
        assertThat(OperatorBeans.leaderElection(new Settings(false, "modelport-operator", Optional.of("ns"))))
                .isNull();
    }

    @Test
    void shouldCompeteForTheNamedLeaseInTheGivenNamespace() {
        LeaderElectionConfiguration election = OperatorBeans.leaderElection(
                new Settings(true, "modelport-operator", Optional.of("modelport-system")));

        assertThat(election.getLeaseName()).isEqualTo("modelport-operator");
        assertThat(election.getLeaseNamespace()).contains("modelport-system");
    }

    @Test
    void shouldLeaveTheLeaseNamespaceToTheClientWhenUnset() {
        LeaderElectionConfiguration election = OperatorBeans.leaderElection(
                new Settings(true, "modelport-operator", Optional.empty()));

        assertThat(election.getLeaseNamespace()).isEmpty();
    }

    @Test
    void shouldExitWhenTheLeaseIsLostSoThatTwoReplicasNeverReconcileAtOnce() {
        LeaderElectionConfiguration election = OperatorBeans.leaderElection(
                new Settings(true, "modelport-operator", Optional.empty()));

        assertThat(election.isExitOnStopLeading()).isTrue();
    }
}
