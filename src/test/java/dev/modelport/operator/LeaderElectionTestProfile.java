package dev.modelport.operator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Leader election switched on as the Helm chart does, and let run in the test profile (the operator SDK activates
 * it for prod only by default). The operator is not started, so no Lease is ever taken.
 */
public class LeaderElectionTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.operator-sdk.activate-leader-election-for-profiles", "test",
                "modelport.leader-election.enabled", "true",
                "modelport.leader-election.lease-name", "modelport-test-lease",
                "modelport.leader-election.lease-namespace", "modelport-system");
    }
}
