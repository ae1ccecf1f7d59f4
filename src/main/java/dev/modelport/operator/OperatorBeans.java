package dev.modelport.operator;

import dev.modelport.connectivity.ConnectivityTester;
import dev.modelport.upstream.EndpointPolicy;
import dev.modelport.upstream.UpstreamClient;
import dev.modelport.upstream.UpstreamSettings;
import jakarta.enterprise.context.ApplicationScoped;
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
    UpstreamClient upstreamClient(OperatorSettings settings) {
        EndpointPolicy policy = EndpointPolicy.of(settings.upstream().allowLoopback(),
                settings.upstream().allowList().orElse(List.of()));
        return new UpstreamClient(UpstreamSettings.DEFAULTS.withPolicy(policy));
    }

    @Produces
    @Singleton
    ConnectivityTester connectivityTester(UpstreamClient client, Clock clock) {
        return new ConnectivityTester(client, clock);
    }
}
