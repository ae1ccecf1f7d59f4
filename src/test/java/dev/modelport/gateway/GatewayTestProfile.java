package dev.modelport.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The gateway role as its configuration profile sets it up (after the test profile), against the mock API server,
 * without caller authorization, with loopback upstreams.
 */
public class GatewayTestProfile implements QuarkusTestProfile {

    @Override
    public String getConfigProfile() {
        return "test,gateway";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "modelport.gateway.auth", "none",
                "modelport.gateway.upstream-timeout", "1s",
                "modelport.upstream.allow-loopback", "true");
    }
}
