package dev.modelport.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Health settings of both roles. */
@ConfigMapping(prefix = "modelport.health")
public interface HealthSettings {

    /**
     * How long the informers may be without their watch before the role's liveness check fails and the kubelet
     * restarts it; shorter losses (an API server restart) are ridden out.
     */
    @WithDefault("2m")
    Duration watchDisconnectLimit();
}
