package dev.modelport.gateway;

import dev.modelport.gateway.auth.AuthSettings;
import dev.modelport.gateway.auth.CallerAuthorizer;
import dev.modelport.gateway.auth.CallerAuthorizers;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The gateway's caller authorizer, built once from {@code modelport.gateway.auth}. */
@ApplicationScoped
public class GatewayBeans {

    @Produces
    @Singleton
    CallerAuthorizer callerAuthorizer(@ConfigProperty(name = "modelport.gateway.auth", defaultValue = "kubernetes")
            String mode, KubernetesClient client, Clock clock) {
        return CallerAuthorizers.create(AuthSettings.DEFAULTS.withMode(AuthSettings.Mode.parse(mode)), client,
                clock);
    }
}
