package dev.modelport.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link GatewayTestProfile} with caller authorization on ({@code modelport.gateway.auth=kubernetes}). The decision
 * cache's TTLs are not configurable, so the tests use a distinct token, namespace and model per case.
 */
public class GatewayKubernetesAuthTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(new GatewayTestProfile().getConfigOverrides());
        overrides.put("modelport.gateway.auth", "kubernetes");
        return overrides;
    }
}
