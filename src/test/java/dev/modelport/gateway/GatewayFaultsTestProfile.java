package dev.modelport.gateway;

import java.util.HashMap;
import java.util.Map;

/** The gateway profile with idle upstream connections closed after one second, shorter than the tests' middlebox. */
public class GatewayFaultsTestProfile extends GatewayTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("modelport.upstream.idle-timeout", "1s");
        return overrides;
    }
}
