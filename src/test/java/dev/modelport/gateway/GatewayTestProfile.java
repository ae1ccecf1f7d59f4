package dev.modelport.gateway;

import dev.modelport.cli.Main;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The gateway role (as Main configures it) against the mock API server, without caller authorization, with loopback upstreams. */
public class GatewayTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "modelport.gateway.enabled", "true",
                Main.OPERATOR_HEALTH_CHECK, "false",
                "modelport.gateway.auth", "none",
                "modelport.gateway.upstream-timeout", "1s",
                "modelport.upstream.allow-loopback", "true");
    }
}
