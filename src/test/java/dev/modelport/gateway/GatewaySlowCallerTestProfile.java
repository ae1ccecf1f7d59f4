package dev.modelport.gateway;

import java.util.HashMap;
import java.util.Map;

/** The gateway test profile with a caller read timeout of 1 s. */
public class GatewaySlowCallerTestProfile extends GatewayTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("modelport.gateway.stream.caller-read-timeout", "1s");
        return overrides;
    }
}
