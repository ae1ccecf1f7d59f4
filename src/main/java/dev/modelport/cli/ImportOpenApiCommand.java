package dev.modelport.cli;

import dev.modelport.api.v1alpha1.SecretReference;
import dev.modelport.openapi.ImportException;
import dev.modelport.openapi.OpenApiImport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The OpenAPI import: one operation of a document to an ExternalModel that validate accepts as it is. */
@Command(name = "openapi", mixinStandardHelpOptions = true,
        description = {"Print an ExternalModel (YAML) for one operation of an OpenAPI 3.0 or 3.1 document: the "
                + "endpoint from its servers, the authorization profile from its security scheme, the body "
                + "template and variables from its JSON request schema (or a provider structure when the "
                + "operation speaks OpenAI Chat Completions or Anthropic Messages), the response paths and a "
                + "streaming definition from its success response. Comments say where each part came from and "
                + "what could not be mapped; the Secret it needs is printed commented out.",
                "Exit status: 0 when printed, 2 for a document or an operation that cannot be imported."})
public class ImportOpenApiCommand implements Callable<Integer> {

    private static final int MAX_NAME = 253 - "-credentials".length();

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "<file>",
            description = "The OpenAPI document, YAML or JSON.")
    Path file;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    /** The operation: by id, or by path (and method). */
    static class Selection {
        @Option(names = "--operation", paramLabel = "<operationId>", required = true,
                description = "The operation, by its operationId.")
        String operationId;

        @Option(names = "--path", paramLabel = "<path>", required = true,
                description = "The operation, by its path as the document writes it (with --method).")
        String path;
    }

    @Option(names = "--method", paramLabel = "<method>", defaultValue = "post",
            description = "The HTTP method of --path (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--server", paramLabel = "<url>",
            description = "The server URL to use instead of the document's (required when it has none).")
    String server;

    @Option(names = "--name", required = true, paramLabel = "<name>", description = "The ExternalModel's name.")
    String name;

    @Option(names = {"-n", "--namespace"}, paramLabel = "<namespace>",
            description = "The ExternalModel's namespace (default: none written, kubectl's applies).")
    String namespace;

    @Option(names = "--prompt-field", paramLabel = "<property>",
            description = "The request property that carries the prompt, dotted for a nested one (default: "
                    + "chosen by name and description).")
    String promptField;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            checkName("--name", name);
            if (namespace != null) {
                checkName("--namespace", namespace);
            }
            String yaml = OpenApiImport.run(new OpenApiImport.Request(file, selection.operationId, selection.path,
                    method, server, name, namespace, promptField));
            spec.commandLine().getOut().print(yaml);
            spec.commandLine().getOut().flush();
            return TestCommand.PASSED;
        } catch (ImportException e) {
            err.println(e.getMessage());
            return TestCommand.INVALID_INPUT;
        } finally {
            err.flush();
        }
    }

    private static void checkName(String option, String value) throws ImportException {
        if (value.length() > MAX_NAME || !value.matches(SecretReference.NAME_PATTERN)) {
            throw new ImportException(option + ": " + value + " is not a Kubernetes name (lower-case letters, "
                    + "digits, '-' and '.', at most " + MAX_NAME + " characters)");
        }
    }
}
