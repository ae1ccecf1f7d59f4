package dev.modelport.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Operator settings (application.properties, environment, or the Helm chart's values). */
@ConfigMapping(prefix = "modelport")
public interface OperatorSettings {

    /** Host name of the gateway Service that per-model inference Services point at (ExternalName). */
    @WithDefault("modelport-gateway.modelport.svc.cluster.local")
    String gatewayHost();

    /** How many connectivity tests may run at once. */
    @WithDefault("4")
    int testThreads();

    /** Endpoint policy for upstream calls. */
    Upstream upstream();

    interface Upstream {

        /** Permit loopback endpoints (127.0.0.0/8, ::1): local development and tests only. */
        @WithDefault("false")
        boolean allowLoopback();

        /** CIDRs and host names exempt from the endpoint policy's refusals. */
        Optional<List<String>> allowList();
    }
}
