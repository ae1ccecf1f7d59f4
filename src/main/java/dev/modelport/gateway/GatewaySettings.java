package dev.modelport.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Gateway settings (application.properties, environment, or the Helm chart's values). */
@ConfigMapping(prefix = "modelport.gateway")
public interface GatewaySettings {

    /** Whether this process serves the gateway: true in the gateway and local profiles (application.properties). */
    @WithDefault("false")
    boolean enabled();

    /** Caller authorization: kubernetes (TokenReview and SubjectAccessReview) or none. */
    @WithDefault("kubernetes")
    String auth();

    /**
     * The audiences a caller's token must be issued for (TokenReview spec.audiences), e.g. a projected token's;
     * when unset, the API server's own, so a ServiceAccount's default token works.
     */
    Optional<List<String>> audiences();

    /** The namespaces whose models are served; all when unset. */
    Optional<List<String>> namespaces();

    /**
     * This replica's name in the models' status.openCircuits, and so its server-side apply field manager; default:
     * HOSTNAME, the pod name in Kubernetes.
     */
    Optional<String> replica();

    /** Bounds each upstream call as a whole. */
    @WithDefault("60s")
    Duration upstreamTimeout();
}
