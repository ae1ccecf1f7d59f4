package dev.modelport.cli;

import picocli.CommandLine.Command;

/** {@code import <format>}: an ExternalModel from another description of an endpoint. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Write an ExternalModel from a description of an endpoint.",
        subcommands = ImportOpenApiCommand.class)
public class ImportCommand {
}
