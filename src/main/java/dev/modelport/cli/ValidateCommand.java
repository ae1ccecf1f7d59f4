package dev.modelport.cli;

import dev.modelport.validation.ManifestReader;
import dev.modelport.validation.ManifestReader.Document;
import dev.modelport.validation.ManifestValidator;
import dev.modelport.validation.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Offline validation of ExternalModel manifests for GitOps pipelines: schema, CEL rules and Java rules. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check every ExternalModel in the given manifests without a cluster (CRD schema, CEL rules "
                + "and the operator's own rules). Other kinds are ignored.",
                "Exit status: 0 when all are valid, 1 on any problem."})
public class ValidateCommand implements Callable<Integer> {

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "<file or folder>",
            description = "A manifest file (YAML or JSON, several documents allowed) or a folder searched "
                    + "recursively for *.yaml, *.yml and *.json. Repeatable.")
    List<Path> paths;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ManifestValidator validator = ManifestValidator.fromBuiltInCrd();
        int models = 0;
        int invalid = 0;
        int unreadable = 0;
        for (Path path : paths) {
            if (!Files.exists(path)) {
                out.println(path + ": no such file or folder");
                unreadable++;
                continue;
            }
            try {
                for (Path file : ManifestReader.files(path)) {
                    try {
                        for (Document document : ManifestReader.read(file)) {
                            if (!ManifestValidator.isExternalModel(document.object())) {
                                continue;
                            }
                            models++;
                            List<Violation> problems = validator.validate(document.object());
                            if (!problems.isEmpty()) {
                                invalid++;
                                String where = file + "#" + document.index() + " ExternalModel " + name(document);
                                problems.forEach(problem -> out.println(where + ": " + problem));
                            }
                        }
                    } catch (IOException e) {
                        out.println(file + ": not a readable YAML or JSON manifest (" + firstLine(e) + ")");
                        unreadable++;
                    }
                }
            } catch (IOException e) {
                out.println(path + ": cannot be read (" + firstLine(e) + ")");
                unreadable++;
            }
        }
        out.println(models + " ExternalModel" + (models == 1 ? "" : "s") + " checked: "
                + (models - invalid) + " valid, " + invalid + " invalid"
                + (unreadable > 0 ? ", " + unreadable + " unreadable" : ""));
        out.flush();
        return invalid + unreadable > 0 ? 1 : 0;
    }

    private static String name(Document document) {
        var metadata = document.object().path("metadata");
        String namespace = metadata.path("namespace").asText("");
        String name = metadata.path("name").asText("<no name>");
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
