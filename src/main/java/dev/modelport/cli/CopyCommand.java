package dev.modelport.cli;

import dev.modelport.api.v1alpha1.ExternalModel;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The Copy button: a new ExternalModel from an existing one, its spec, labels and annotations as they are, without
 * its status and identity. The source is read as a generic object, so fields this version does not know are copied
 * too.
 */
@Command(name = "copy", mixinStandardHelpOptions = true,
        description = {"Create a new ExternalModel from an existing one: the same spec, labels and annotations, "
                + "without status, uid, resourceVersion, generation, creation time, managed fields, owners and "
                + "finalizers, and without the annotations that tie an object to its applier (kubectl's "
                + "last-applied-configuration, Argo CD's tracking id, the retest request). The operator then "
                + "validates and tests the copy like any new model.",
                "Exit status: 0 when created (or printed), 2 when the source is missing or the target exists."})
public class CopyCommand implements Callable<Integer> {

    /** Annotations that belong to the source object's history or applier, not to its content. */
    static final Set<String> DROPPED_ANNOTATIONS = Set.of("kubectl.kubernetes.io/last-applied-configuration",
            "argocd.argoproj.io/tracking-id", "modelport.dev/retest");

    static final ResourceDefinitionContext EXTERNAL_MODELS = new ResourceDefinitionContext.Builder()
            .withGroup(ExternalModel.GROUP).withVersion(ExternalModel.VERSION).withKind("ExternalModel")
            .withPlural("externalmodels").withNamespaced(true).build();

    @Parameters(index = "0", paramLabel = "FROM", description = "The ExternalModel to copy.")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "The name of the new ExternalModel.")
    String to;

    @Mixin
    ClusterNamespace namespace;

    @Option(names = "--to-namespace", paramLabel = "<namespace>",
            description = "Where the copy goes (default: the source's namespace). The Secrets the spec references "
                    + "must exist there: they are not copied.")
    String toNamespace;

    @Option(names = {"-o", "--output"}, paramLabel = "yaml",
            description = "Print the copy as YAML instead of creating it (for a Git repository).")
    String output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (output != null && !"yaml".equals(output)) {
            err.println("--output: only yaml is supported, not " + output);
            return TestCommand.INVALID_INPUT;
        }
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            String source = namespace.of(client);
            String target = toNamespace != null ? toNamespace : source;
            GenericKubernetesResource original = client.genericKubernetesResources(EXTERNAL_MODELS)
                    .inNamespace(source).withName(from).get();
            if (original == null) {
                err.println("externalmodel " + source + "/" + from + " not found");
                return TestCommand.INVALID_INPUT;
            }
            GenericKubernetesResource copy = copy(original, target, to);
            if (output != null) {
                out.print(Serialization.asYaml(copy));
                return TestCommand.PASSED;
            }
            try {
                client.genericKubernetesResources(EXTERNAL_MODELS).inNamespace(target).resource(copy).create();
            } catch (KubernetesClientException e) {
                // The API server's own check, which no earlier read could make race-free.
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                err.println("externalmodel " + target + "/" + to + " already exists");
                return TestCommand.INVALID_INPUT;
            }
            out.println("externalmodel " + target + "/" + to + " created from " + source + "/" + from);
            return TestCommand.PASSED;
        } catch (KubernetesClientException e) {
            err.println("cannot copy " + from + ": " + e.getMessage());
            return TestCommand.INVALID_INPUT;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The object with a new name and namespace, and none of the source's status, identity or applier marks. */
    static GenericKubernetesResource copy(GenericKubernetesResource original, String namespace, String name) {
        ObjectMeta source = original.getMetadata();
        Map<String, String> annotations = new TreeMap<>(Objects.requireNonNullElse(source.getAnnotations(),
                Map.of()));
        annotations.keySet().removeAll(DROPPED_ANNOTATIONS);
        GenericKubernetesResource copy = new GenericKubernetesResource();
        copy.setApiVersion(original.getApiVersion());
        copy.setKind(original.getKind());
        copy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .withLabels(source.getLabels())
                .withAnnotations(annotations.isEmpty() ? null : annotations)
                .build());
        copy.setAdditionalProperty("spec", original.getAdditionalProperties().get("spec"));
        return copy;
    }
}
