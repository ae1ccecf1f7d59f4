package dev.modelport.gateway;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link GatewayTestProfile} with caller authorization on ({@code modelport.gateway.auth=kubernetes}). The decision
 * cache's TTLs are not configurable, so the tests use a distinct token, namespace and model per case.
 */
public class GatewayKubernetesAuthTestProfile extends GatewayTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("modelport.gateway.auth", "kubernetes");
        return overrides;
    }
}
