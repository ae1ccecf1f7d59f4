package dev.modelport.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.connectivity.ConnectivityTester;
import dev.modelport.connectivity.TestResult;
import dev.modelport.upstream.EndpointPolicy;
import dev.modelport.upstream.SecretSource;
import dev.modelport.upstream.UpstreamClient;
import dev.modelport.upstream.UpstreamSettings;
import dev.modelport.validation.ManifestReader;
import dev.modelport.validation.ManifestValidator;
import dev.modelport.validation.Violation;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The Test button in a terminal: the operator's connectivity test of one ExternalModel, without a cluster. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run the connectivity test of the ExternalModel in a file exactly as the operator does "
                + "(same validation, adapter, upstream client and endpoint policy) and print, as YAML, the "
                + "detectedPaths and lastTest the operator would write to status, and the effective paths.",
                "Exit status: 0 when the test passes, 1 when it fails, 2 for invalid input."})
public class TestCommand implements Callable<Integer> {

    static final int PASSED = 0;
    static final int FAILED = 1;
    static final int INVALID_INPUT = 2;

    /** The YAML the commands print: no document marker, minimal quotes, no null fields. */
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "<file>",
            description = "A manifest with the ExternalModel (Secrets in the same file are used too, as a cluster "
                    + "would: only when labelled modelport.dev/credentials=true).")
    Path file;

    @Option(names = "--name", paramLabel = "<name>",
            description = "Which ExternalModel, when the file has several.")
    String name;

    @Option(names = "--secrets", paramLabel = "<file>",
            description = "A file of Secret manifests (data or stringData) the model's references resolve against; "
                    + "naming it is consent enough, no label needed.")
    Path secretsFile;

    @Option(names = "--allow-loopback",
            description = "Permit endpoints on 127.0.0.0/8 and ::1, which the endpoint policy refuses by default.")
    boolean allowLoopback;

    @Option(names = "--show-response",
            description = "Also print the endpoint's raw answer to the test call (its first 4 KiB, the model's "
                    + "secrets redacted), to write response paths from.")
    boolean showResponse;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            JsonNode document = select(ManifestReader.read(file));
            List<Violation> problems = ManifestValidator.fromBuiltInCrd().validate(document);
            if (!problems.isEmpty()) {
                problems.forEach(problem -> err.println(file + ": " + problem));
                return INVALID_INPUT;
            }
            ExternalModel model = YAML.treeToValue(document, ExternalModel.class);
            SecretSource secrets = secrets(model.getMetadata().getNamespace());
            UpstreamSettings settings = UpstreamSettings.DEFAULTS
                    .withPolicy(EndpointPolicy.of(allowLoopback, List.of()));
            ConnectivityTester tester = new ConnectivityTester(new UpstreamClient(settings), Clock.systemUTC());
            AtomicReference<String> answer = new AtomicReference<>();
            TestResult result = showResponse ? tester.run(model.getSpec(), secrets, answer::set)
                    : tester.run(model.getSpec(), secrets);
            ObjectNode report = report(result);
            if (showResponse) {
                report.put("response", answer.get() != null ? answer.get()
                        : "(none: the test failed before a successful answer arrived)");
            }
            spec.commandLine().getOut().print(YAML.writeValueAsString(report));
            spec.commandLine().getOut().flush();
            if (!result.passed()) {
                err.println("test failed: " + result.failure().category().reason() + ": "
                        + result.failure().getMessage());
                return FAILED;
            }
            return PASSED;
        } catch (InvalidInput | IOException e) {
            err.println(e.getMessage());
            return INVALID_INPUT;
        } finally {
            err.flush();
        }
    }

    private JsonNode select(List<ManifestReader.Document> documents) throws InvalidInput {
        List<JsonNode> models = documents.stream().map(ManifestReader.Document::object)
                .filter(ManifestValidator::isExternalModel)
                .filter(m -> name == null || name.equals(m.path("metadata").path("name").asText()))
                .toList();
        if (models.isEmpty()) {
            throw new InvalidInput(file + ": no ExternalModel" + (name == null ? "" : " named " + name));
        }
        if (models.size() > 1) {
            throw new InvalidInput(file + ": several ExternalModels; choose one with --name");
        }
        return models.get(0);
    }

    private SecretSource secrets(String namespace) throws IOException {
        SecretsFile inModelFile = SecretsFile.read(file, namespace);
        SecretsFile given = secretsFile == null ? SecretsFile.empty()
                : SecretsFile.consented(secretsFile, namespace);
        return secretName -> {
            Secret secret = given.secret(secretName);
            return secret != null ? secret : inModelFile.secret(secretName);
        };
    }

    private static ObjectNode report(TestResult result) {
        ObjectNode report = YAML.createObjectNode();
        report.put("passed", result.passed());
        if (result.detectedPaths() != null) {
            report.set("detectedPaths", YAML.valueToTree(result.detectedPaths()));
        }
        report.set("lastTest", YAML.valueToTree(result.lastTest()));
        report.set("effectivePaths", YAML.valueToTree(result.effectivePaths()));
        return report;
    }

    /** Input the command cannot test: exit status 2. */
    private static final class InvalidInput extends Exception {
        InvalidInput(String message) {
            super(message);
        }
    }
}
