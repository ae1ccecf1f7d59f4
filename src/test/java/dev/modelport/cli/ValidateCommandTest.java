package dev.modelport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.validation.ManifestReader;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The validate command as users run it: the real application main, its output and its exit status. */
@QuarkusMainTest
class ValidateCommandTest {

    @Test
    @Launch(value = {"validate", "-f", "samples"})
    void shouldAcceptAllSamplesWithExitZero(LaunchResult result) {
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("12 ExternalModels checked: 12 valid, 0 invalid");
    }

    @Test
    void shouldPrintEveryProblemWithFileObjectAndFieldAndExitOne(QuarkusMainLauncher launcher) throws IOException {
        Path invalid = Path.of("src/test/resources/invalid");
        LaunchResult result = launcher.launch("validate", "-f", invalid.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        int fixtures = ManifestReader.files(invalid).size();
        assertThat(result.getOutput()).contains(fixtures + " ExternalModels checked: 0 valid, " + fixtures + " invalid");
        Path file = invalid.resolve("header-value-crlf.yaml");
        assertThat(result.getOutput()).contains(file + "#1 ExternalModel team-a/header-value-crlf: "
                + "spec.headers[0].value: must not contain CR or LF");
    }

    @Test
    void shouldIgnoreOtherKindsAndCheckEveryDocumentOfAFile(QuarkusMainLauncher launcher) throws IOException {
        Path file = Files.createTempFile("manifests", ".yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: unrelated}
                ---
                apiVersion: modelport.dev/v1alpha1
                kind: ExternalModel
                metadata: {name: ok, namespace: team-a}
                spec:
                  endpoint: https://llm.example.com/v1
                  configuration: {custom: {body: '{"q": "{{prompt}}"}'}}
                  test: {prompt: ping}
                ---
                apiVersion: modelport.dev/v1alpha1
                kind: ExternalModel
                metadata: {name: broken, namespace: team-a}
                spec:
                  endpoint: https://llm.example.com/v1
                  configuration: {custom: {body: '{"q": "{{prompt}}", "t": {{temprature}}}'}}
                  test: {prompt: ping}
                """);
        LaunchResult result = launcher.launch("validate", "-f", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getOutput())
                .contains(file + "#3 ExternalModel team-a/broken: spec.configuration.custom.body: "
                        + "unknown variable {{temprature}} at line 1, column 26 (declared: prompt)")
                .contains("2 ExternalModels checked: 1 valid, 1 invalid")
                .doesNotContain("unrelated");
    }

    @Test
    @Launch(value = {"validate", "-f", "no/such/folder"}, exitCode = 1)
    void shouldFailOnAMissingPath(LaunchResult result) {
        assertThat(result.getOutput()).contains("no/such/folder: no such file or folder");
    }

    @Test
    @Launch(value = {"--help"})
    void shouldListTheCommands(LaunchResult result) {
        assertThat(result.getOutput()).contains("validate");
    }
}
