package dev.modelport.operator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The operator against the mock API server, with loopback upstreams allowed; tests start it as the CLI does. */
public class OperatorTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "modelport.upstream.allow-loopback", "true",
                "modelport.gateway-host", "modelport-gateway.modelport-system.svc.cluster.local");
    }
}
