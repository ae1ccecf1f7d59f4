package dev.modelport.gateway;

import java.util.HashMap;
import java.util.Map;

/** The gateway test profile with small stream bounds: 1 MiB and 3 s per streamed answer. */
public class GatewayStreamBoundsTestProfile extends GatewayTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("modelport.gateway.stream.max-bytes", "1M");
        overrides.put("modelport.gateway.stream.max-duration", "3s");
        return overrides;
    }
}
