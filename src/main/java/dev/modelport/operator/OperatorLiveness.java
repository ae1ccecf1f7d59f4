package dev.modelport.operator;

import dev.modelport.health.HealthSettings;
import dev.modelport.health.WatchLiveness;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * The operator is live while its running informers watch, or have lost their watch for less than the limit. A
 * replica that is not the leader runs none and is live.
 */
@Liveness
@ApplicationScoped
public class OperatorLiveness implements HealthCheck {

    static final String NAME = "modelport-operator-watches";

    private final Operator operator;
    private final WatchLiveness liveness;

    OperatorLiveness(Operator operator, HealthSettings settings, Clock clock) {
        this.operator = operator;
        this.liveness = new WatchLiveness(settings.watchDisconnectLimit(), clock);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(liveness.live(watching())).build();
    }

    /**
     * Whether every informer that runs holds its watch; one that does not run (a follower's) is not asked. JOSDK's
     * own health (running and synced) stays healthy while the watch is lost, so the informers are asked directly.
     */
    private boolean watching() {
        if (!operator.getRuntimeInfo().isStarted()) {
            return true;
        }
        for (RegisteredController<?> controller : operator.getRuntimeInfo().getRegisteredControllers()) {
            for (InformerWrappingEventSourceHealthIndicator<?> source : controller.getControllerHealthInfo()
                    .informerEventSourceHealthIndicators().values()) {
                for (InformerHealthIndicator informer : source.informerHealthIndicators().values()) {
                    if (informer.isRunning() && !informer.isWatching()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
