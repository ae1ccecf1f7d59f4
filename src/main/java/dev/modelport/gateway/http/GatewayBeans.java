package dev.modelport.gateway.http;

import dev.modelport.gateway.GatewaySettings;
import dev.modelport.gateway.auth.AuthSettings;
import dev.modelport.gateway.auth.CallerAuthorizer;
import dev.modelport.gateway.auth.CallerAuthorizers;
import dev.modelport.gateway.telemetry.AccessLog;
import dev.modelport.gateway.telemetry.CallerLabels;
import dev.modelport.gateway.telemetry.TelemetrySettings;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The gateway's caller authorizer, built once from {@code modelport.gateway.auth} and its audiences, the bounds
 * of its streams, the cap on its usage counters' callers and its access log.
 */
@ApplicationScoped
public class GatewayBeans {

    /** How long a caller waits for its 503 at most while the API server cannot answer a review. */
    static final Duration REVIEW_TIMEOUT = Duration.ofMillis(1500);

    @Produces
    @Singleton
    CallerAuthorizer callerAuthorizer(GatewaySettings settings, KubernetesClient client, Clock clock) {
        return CallerAuthorizers.create(authSettings(settings), reviewClient(client), clock);
    }

    /**
     * The reviews' own client: one try within REVIEW_TIMEOUT, not fabric8's ten retries doubling from 100 ms, which
     * held every uncached caller about 20 s before its 503 during an API server outage. Cached decisions need no
     * review and are answered meanwhile.
     */
    static KubernetesClient reviewClient(KubernetesClient client) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withConnectionTimeout((int) REVIEW_TIMEOUT.toMillis() / 2)
                .withRequestTimeout((int) REVIEW_TIMEOUT.toMillis())
                .withRequestRetryBackoffLimit(0)
                .build()).build();
    }

    /** Checked when the routes are registered, so a bad value stops the start with its property's name. */
    @Produces
    @Singleton
    StreamBounds streamBounds(StreamSettings settings) {
        return StreamBounds.of(settings);
    }

    @Produces
    @Singleton
    CallerLabels callerLabels(TelemetrySettings settings) {
        return new CallerLabels(settings.metrics().maxCallers());
    }

    @Produces
    @Singleton
    AccessLog accessLog(TelemetrySettings settings, Clock clock) {
        return new AccessLog(settings.accessLog().enabled(), clock);
    }

    static AuthSettings authSettings(GatewaySettings settings) {
        return AuthSettings.DEFAULTS.withMode(AuthSettings.Mode.parse(settings.auth()))
                .withAudiences(settings.audiences().orElse(List.of()));
    }
}
