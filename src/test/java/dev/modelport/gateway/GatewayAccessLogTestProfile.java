package dev.modelport.gateway;

import java.util.HashMap;
import java.util.Map;

/** {@link GatewayKubernetesAuthTestProfile} with the access log on. */
public class GatewayAccessLogTestProfile extends GatewayKubernetesAuthTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("modelport.gateway.access-log.enabled", "true");
        return overrides;
    }
}
