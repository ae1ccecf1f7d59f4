package dev.modelport.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.Conditions;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.operator.ExternalModelReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The Test button for a model in the cluster: sets the {@code modelport.dev/retest} annotation to a new value, waits
 * (on a watch) until the operator has run the test for it, and prints the result the operator wrote.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run the connectivity test of an ExternalModel in the cluster now (the operator runs it, as "
                + "for `kubectl annotate xm NAME modelport.dev/retest=...`), wait for its result and print it as "
                + "YAML: lastTest and the Tested condition.",
                "Exit status: 0 when the test passes, 1 when it fails, 2 when the model is missing or no result "
                        + "came within the timeout."})
public class ClusterTestCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The ExternalModel.")
    String name;

    @Mixin
    ClusterNamespace namespace;

    @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "120",
            description = "How long to wait for the result, in seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            String ns = namespace.of(client);
            Resource<ExternalModel> model = client.resources(ExternalModel.class).inNamespace(ns).withName(name);
            if (model.get() == null) {
                err.println("externalmodel " + ns + "/" + name + " not found");
                return TestCommand.INVALID_INPUT;
            }
            String request = Long.toString(System.currentTimeMillis());
            model.edit(current -> {
                Map<String, String> annotations = new HashMap<>(Objects.requireNonNullElse(
                        current.getMetadata().getAnnotations(), Map.of()));
                annotations.put(ExternalModelReconciler.RETEST_ANNOTATION, request);
                current.getMetadata().setAnnotations(annotations);
                return current;
            });
            ExternalModel tested;
            try {
                tested = model.waitUntilCondition(m -> m == null || testedFor(m, request), timeoutSeconds,
                        TimeUnit.SECONDS);
            } catch (KubernetesClientTimeoutException e) {
                err.println("no test result for " + ns + "/" + name + " within " + timeoutSeconds + " s; its "
                        + "conditions: " + summary(model.get()));
                return TestCommand.INVALID_INPUT;
            }
            if (tested == null) {
                err.println("externalmodel " + ns + "/" + name + " was deleted");
                return TestCommand.INVALID_INPUT;
            }
            out.print(TestCommand.YAML.writeValueAsString(report(tested)));
            out.flush();
            Condition condition = Conditions.find(tested.getStatus().conditions, ConditionType.TESTED);
            if (condition == null || condition.status != ConditionStatus.TRUE) {
                err.println("test failed: " + (condition == null ? "no result" : condition.reason + ": "
                        + condition.message));
                return TestCommand.FAILED;
            }
            return TestCommand.PASSED;
        } catch (KubernetesClientException | JsonProcessingException e) {
            err.println("cannot test " + name + ": " + e.getMessage());
            return TestCommand.INVALID_INPUT;
        } finally {
            err.flush();
        }
    }

    private static boolean testedFor(ExternalModel model, String request) {
        return model.getStatus() != null && model.getStatus().lastTest != null
                && request.equals(model.getStatus().lastTest.retestRequest);
    }

    private static ObjectNode report(ExternalModel model) {
        ObjectNode report = TestCommand.YAML.createObjectNode();
        report.set("lastTest", TestCommand.YAML.valueToTree(model.getStatus().lastTest));
        Condition tested = Conditions.find(model.getStatus().conditions, ConditionType.TESTED);
        if (tested != null) {
            report.set("tested", TestCommand.YAML.valueToTree(tested));
        }
        return report;
    }

    /** Type=Status (Reason) of each condition, for a model whose test did not run. */
    private static String summary(ExternalModel model) {
        if (model == null || model.getStatus() == null || model.getStatus().conditions.isEmpty()) {
            return "none (is the operator running?)";
        }
        return String.join(", ", model.getStatus().conditions.stream()
                .map(c -> c.type + "=" + c.status + " (" + c.reason + ")").toList());
    }
}
