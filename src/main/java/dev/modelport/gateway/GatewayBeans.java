package dev.modelport.gateway;

import dev.modelport.gateway.auth.AuthSettings;
import dev.modelport.gateway.auth.CallerAuthorizer;
import dev.modelport.gateway.auth.CallerAuthorizers;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/** The gateway's caller authorizer, built once from {@code modelport.gateway.auth} and its audiences. */
@ApplicationScoped
public class GatewayBeans {

    @Produces
    @Singleton
    CallerAuthorizer callerAuthorizer(GatewaySettings settings, KubernetesClient client, Clock clock) {
        return CallerAuthorizers.create(authSettings(settings), client, clock);
    }

    static AuthSettings authSettings(GatewaySettings settings) {
        return AuthSettings.DEFAULTS.withMode(AuthSettings.Mode.parse(settings.auth()))
                .withAudiences(settings.audiences().orElse(List.of()));
    }
}
