package dev.modelport.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import picocli.CommandLine.Option;

/** The plugin commands' {@code -n}: the namespace of the model they work on, else the kubeconfig context's. */
public class ClusterNamespace {

    @Option(names = {"-n", "--namespace"}, paramLabel = "<namespace>",
            description = "The model's namespace (default: the current context's).")
    String namespace;

    String of(KubernetesClient client) {
        return namespace != null ? namespace : Objects.requireNonNullElse(client.getNamespace(), "default");
    }
}
