package dev.modelport.gateway;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.upstream.CredentialResolver;
import dev.modelport.upstream.ResolvedEndpoint;
import dev.modelport.upstream.UpstreamClient;
import dev.modelport.upstream.UpstreamResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Calls a served model on the calling (virtual) thread: credentials from the current Secrets, the body from the
 * compiled structure, the blocking upstream client.
 */
@ApplicationScoped
public class ModelCalls {

    @Inject
    ModelRegistry registry;

    @Inject
    UpstreamClient upstream;

    @Inject
    GatewaySettings settings;

    public ModelResponse call(ServedModel model, Invocation invocation) throws GatewayException {
        try {
            ResolvedEndpoint endpoint = CredentialResolver.resolve(model.spec(),
                    registry.secrets(model.namespace()));
            String body = model.structure().render(invocation);
            UpstreamResponse response = upstream.call(endpoint, body, settings.upstreamTimeout());
            return model.structure().parse(response.body());
        } catch (AdapterException e) {
            throw GatewayException.of(e);
        }
    }
}
