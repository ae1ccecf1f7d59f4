package dev.modelport.kube;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} application's Kubernetes client at the test run's real control plane, as the admin.
 * The cluster outlives each application: it is shared by the whole run and stops when the JVM exits.
 */
public class TestClusterResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestCluster.get().quarkusClientConfig();
    }

    @Override
    public void stop() {
    }
}
