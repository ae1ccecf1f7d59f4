package dev.modelport.gateway.auth;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Objects;
import org.jboss.logging.Logger;

/** Builds the gateway's authorizer for its settings. */
public final class CallerAuthorizers {

    private static final Logger LOG = Logger.getLogger(CallerAuthorizers.class);

    private CallerAuthorizers() {
    }

    /**
     * The authorizer for the settings' mode.
     *
     * @param client the API server client, used in the kubernetes mode only (may be null in the none mode); its
     *     request timeout and retry settings bound how long a gateway request can wait for authorization (see
     *     {@link KubernetesCallerAuthorizer})
     * @param clock the time source of the decision cache
     */
    public static CallerAuthorizer create(AuthSettings settings, KubernetesClient client, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return switch (settings.mode()) {
            case NONE -> {
                // Loud on purpose: every caller in the cluster can spend the models' upstream credentials.
                LOG.warn("gateway authorization is off (modelport.gateway.auth=none): every caller may invoke "
                        + "every model");
                yield new AllowAllAuthorizer();
            }
            case KUBERNETES -> new KubernetesCallerAuthorizer(client, settings, clock);
        };
    }
}
