package dev.modelport.cli;

import dev.modelport.local.LocalCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** java -jar quarkus-run.jar <command>: the one entry point of every role of the application. */
@TopCommand
@Command(name = "modelport", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Modelport runs external LLM endpoints on Kubernetes as ExternalModel resources.",
        subcommands = {ValidateCommand.class, TestCommand.class, ImportCommand.class, OperatorCommand.class,
                GatewayCommand.class, LocalCommand.class, KubectlCommand.class})
public class ModelportCommand {
}
