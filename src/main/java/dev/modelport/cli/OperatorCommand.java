package dev.modelport.cli;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.Quarkus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The in-cluster operator role: reconciles ExternalModels until stopped. */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = {"Run the operator against the cluster of the current kubeconfig or service account: "
                + "validate ExternalModels, test them, write their status and manage their inference Services.",
                "Settings come from application.properties and the environment (MODELPORT_GATEWAY_HOST, "
                        + "MODELPORT_UPSTREAM_ALLOW_LIST, ...); leader election from QUARKUS_OPERATOR_SDK_*."})
public class OperatorCommand implements Callable<Integer> {

    private final Operator operator;

    OperatorCommand(Operator operator) {
        this.operator = operator;
    }

    @Override
    public Integer call() {
        operator.start();
        Quarkus.waitForExit();
        return 0;
    }
}
