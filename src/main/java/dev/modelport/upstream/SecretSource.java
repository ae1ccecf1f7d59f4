package dev.modelport.upstream;

import java.util.Map;

/**
 * Where credentials come from: the Secrets of the model's namespace (an informer cache in the cluster, a file in
 * the test command). Values are decoded text.
 */
@FunctionalInterface
public interface SecretSource {

    /** The data of the Secret with this name in the model's namespace, or null when there is no such Secret. */
    Map<String, String> secret(String name);
}
