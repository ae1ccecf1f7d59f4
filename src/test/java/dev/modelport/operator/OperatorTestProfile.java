package dev.modelport.operator;

import dev.modelport.kube.TestClusterResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The operator against the test run's real control plane with its production settings (server-side apply), with
 * loopback upstreams allowed; tests start it as the CLI does.
 */
public class OperatorTestProfile implements QuarkusTestProfile {

    static final List<String> NAMESPACES = List.of("op-ready", "op-invalid", "op-secrets", "op-unauthorized",
            "op-outage", "op-steady", "op-retest", "op-generations", "op-deletion", "op-fixtures", "op-consent",
            "op-served", "op-metrics");

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "modelport.upstream.allow-loopback", "true",
                "modelport.gateway-host", "modelport-gateway.modelport-system.svc.cluster.local",
                // Its own namespaces only: the application outlives the test class, and other classes run other
                // operators (as processes) on the same cluster.
                "quarkus.operator-sdk.namespaces", String.join(",", NAMESPACES));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestClusterResource.class));
    }
}
