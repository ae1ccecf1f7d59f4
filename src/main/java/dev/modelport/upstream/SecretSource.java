package dev.modelport.upstream;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * Where credentials come from: the Secrets of the model's namespace as stored (an informer cache in the cluster,
 * manifests in the test command). {@link CredentialResolver} decides what of them may be used and how.
 */
@FunctionalInterface
public interface SecretSource {

    /** The Secret with this name in the model's namespace, or null when there is no such Secret. */
    Secret secret(String name);
}
