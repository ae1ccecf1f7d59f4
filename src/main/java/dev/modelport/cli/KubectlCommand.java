package dev.modelport.cli;

import picocli.CommandLine.Command;

/**
 * The commands of the {@code kubectl modelport} plugin ({@code target/kubectl-modelport}, which runs this jar with
 * {@code kubectl} and its arguments): test and copy work on the ExternalModels of the cluster of the current
 * kubeconfig, import openapi on a local OpenAPI document.
 */
@Command(name = "kubectl", mixinStandardHelpOptions = true,
        description = "The kubectl-modelport plugin: commands on the ExternalModels of the current kubeconfig's "
                + "cluster (KUBECONFIG or ~/.kube/config), and the OpenAPI import.",
        subcommands = {ClusterTestCommand.class, CopyCommand.class, ImportCommand.class})
public class KubectlCommand {
}
