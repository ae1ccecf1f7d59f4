package dev.modelport.operator;

import dev.modelport.connectivity.ConnectivityTester;
import dev.modelport.tracing.Tracing;
import dev.modelport.upstream.EndpointPolicy;
import dev.modelport.upstream.UpstreamClient;
import dev.modelport.upstream.UpstreamSettings;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/** The plain objects the operator is built from, made once from the settings. */
@ApplicationScoped
public class OperatorBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    UpstreamClient upstreamClient(OperatorSettings settings, Clock clock, Vertx vertx, MeterRegistry registry) {
        return new UpstreamClient(upstreamSettings(settings.upstream()), clock, vertx, registry);
    }

    /** The upstream client's settings: the endpoint policy and the idle timeout, the rest their defaults. */
    static UpstreamSettings upstreamSettings(OperatorSettings.Upstream settings) {
        return UpstreamSettings.DEFAULTS.withPolicy(endpointPolicy(settings)).withIdleTimeout(settings.idleTimeout());
    }

    /** The endpoint policy of these settings; an invalid CIDR stops the start with its text. */
    static EndpointPolicy endpointPolicy(OperatorSettings.Upstream settings) {
        return EndpointPolicy.builder()
                .allowLoopback(settings.allowLoopback())
                .refusePrivate(settings.refusePrivate())
                .serviceCidrs(settings.serviceCidrs().orElse(List.of()))
                .podCidrs(settings.podCidrs().orElse(List.of()))
                .allow(settings.allowList().orElse(List.of()))
                .build();
    }

    @Produces
    @Singleton
    OperatorMetrics operatorMetrics(MeterRegistry registry) {
        return new OperatorMetrics(registry);
    }

    @Produces
    @Singleton
    ConnectivityTester connectivityTester(UpstreamClient client, Clock clock, Tracing tracing) {
        return new ConnectivityTester(client, clock, tracing);
    }

    /**
     * The Quarkus Operator SDK looks this bean up when the operator starts (in the operator role's profile only) and runs leader
     * election when it is not null. Dependent scope, because only a dependent producer may return null.
     */
    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElectionConfiguration(OperatorSettings settings) {
        return leaderElection(settings.leaderElection());
    }

    /** The leader election of these settings, or null when it is off. */
    static LeaderElectionConfiguration leaderElection(OperatorSettings.LeaderElection settings) {
        if (!settings.enabled()) {
            return null;
        }
        // Identity: the pod name (HOSTNAME). A replica that loses the lease must exit, or it would go on
        // reconciling beside the new leader; Kubernetes restarts it as a follower. JOSDK 5.3's build() means
        // buildForTest(false), which only logs on a lost lease, so the exiting variant is asked for by name.
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
                .withLeaseNamespace(settings.leaseNamespace().orElse(null))
                .buildForTest(true);
    }
}
