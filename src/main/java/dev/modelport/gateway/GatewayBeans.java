package dev.modelport.gateway;

import dev.modelport.gateway.auth.AuthSettings;
import dev.modelport.gateway.auth.CallerAuthorizer;
import dev.modelport.gateway.auth.CallerAuthorizers;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The gateway's caller authorizer, built once from {@code modelport.gateway.auth}. */
@ApplicationScoped
public class GatewayBeans {

    @Produces
    @Singleton
    CallerAuthorizer callerAuthorizer(GatewaySettings settings, KubernetesClient client, Clock clock) {
        return CallerAuthorizers.create(AuthSettings.DEFAULTS.withMode(AuthSettings.Mode.parse(settings.auth())),
                client, clock);
    }
}
