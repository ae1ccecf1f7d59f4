package dev.modelport.gateway;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link GatewayAccessLogTestProfile} (authorization and the access log on) built to log everything: TRACE allowed
 * at build time (the default minimum, DEBUG, would drop it) and on for the gateway and the HTTP layers under it
 * (Vert.x, Netty, OkHttp and the Kubernetes client, which reads the Secrets and sends the TokenReviews). The console
 * shows warnings only; the test reads every line through a handler of its own.
 */
public class GatewayLogAuditTestProfile extends GatewayAccessLogTestProfile {

    static final String[] CATEGORIES = {"dev.modelport", "io.vertx", "io.netty", "io.quarkus.vertx", "okhttp3",
            "io.fabric8.kubernetes.client"};

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("quarkus.log.min-level", "TRACE");
        overrides.put("quarkus.log.console.level", "WARN");
        for (String category : CATEGORIES) {
            // With the profile's prefix, as application.properties sets some of them for tests.
            overrides.put("%test.quarkus.log.category.\"" + category + "\".level", "TRACE");
        }
        return overrides;
    }
}
