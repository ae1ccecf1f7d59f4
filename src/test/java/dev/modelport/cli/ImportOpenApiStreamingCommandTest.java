package dev.modelport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.testing.FakeUpstream;
import dev.modelport.testing.ModelAnswers;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming imports as users run them, printed and accepted by validate, then tested against loopback upstreams
 * that answer as the documents describe: Cohere generate passes (its whole call answers JSON, its streamed call, which
 * test.stream adds, NDJSON when the body's stream flag is true); TGI generate_stream, which answers only server-sent
 * events, through its stream alone.
 */
@QuarkusMainTest
class ImportOpenApiStreamingCommandTest {

    private static final Path TGI = Path.of("src/test/resources/openapi/tgi.openapi.json");
    private static final Path COHERE = Path.of("src/test/resources/openapi/cohere.openapi.yaml");
    private static FakeUpstream upstream;

    @TempDir
    Path dir;

    @BeforeAll
    static void startUpstream() {
        upstream = new FakeUpstream();
        upstream.answer("/generate_stream", request -> new MockResponse.Builder()
                .addHeader("Content-Type", "text/event-stream").body("""
                data:{"index":1,"token":{"id":12,"text":"po","logprob":-0.1,"special":false},"generated_text":null,"details":null}

                data:{"index":2,"token":{"id":13,"text":"ng","logprob":-0.2,"special":false},"generated_text":"pong","details":{"finish_reason":"eos_token","generated_tokens":2,"input_length":7}}

                """).build());
        upstream.answer("/v1/generate", request -> request.getBody().utf8().replaceAll("\\s", "")
                .contains("\"stream\":true")
                ? new MockResponse.Builder().addHeader("Content-Type", "application/stream+json").body("""
                {"event_type":"text-generation","text":"po","is_finished":false}
                {"event_type":"text-generation","text":"ng","is_finished":false}
                {"event_type":"stream-end","is_finished":true,"finish_reason":"COMPLETE"}
                """).build()
                : ModelAnswers.json("""
                {"id": "g-1", "generations": [{"id": "g-1-0", "text": "pong", "finish_reason": "COMPLETE"}],
                 "meta": {"tokens": {"input_tokens": 7, "output_tokens": 2}}}"""));
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    /**
     * generate_stream answers only as a stream and has no stream flag: the model streams always, and its whole
     * answers (the connectivity test's one call here) are read from the stream.
     */
    @Test
    void shouldImportTgiGenerateStreamAndTestItThroughItsStreamAlone(QuarkusMainLauncher launcher)
            throws IOException {
        int before = upstream.received("/generate_stream").size();
        LaunchResult tested = importValidateAndTest(launcher, TGI, "generate_stream");
        assertThat(tested.exitCode()).as(tested.getOutput() + tested.getErrorOutput()).isZero();
        assertThat(tested.getOutput()).contains("passed: true", "outputSample: pong", "outputTokens: 2",
                "deltaPath: $.token.text");
        assertThat(upstream.received("/generate_stream").size() - before).as("one call, the streamed one")
                .isEqualTo(1);
        assertThat(Files.readString(dir.resolve("generate_stream.yaml"))).doesNotContain("whole answers");
    }

    @Test
    void shouldImportAndTestCohereGenerateWithItsStreamFlag(QuarkusMainLauncher launcher) throws IOException {
        LaunchResult tested = importValidateAndTest(launcher, COHERE, "generate");
        assertThat(tested.exitCode()).as(tested.getOutput() + tested.getErrorOutput()).isZero();
        assertThat(tested.getOutput()).contains("passed: true");
        assertThat(upstream.received("/v1/generate").stream()
                .map(r -> r.request().getBody().utf8().replaceAll("\\s", "")))
                .anyMatch(body -> body.contains("\"stream\":true"))
                .anyMatch(body -> body.contains("\"stream\":false"));
    }

    /** The test command's result on the printed model, after validate accepted it. */
    private LaunchResult importValidateAndTest(QuarkusMainLauncher launcher, Path document, String operation)
            throws IOException {
        LaunchResult imported = launcher.launch("import", "openapi", "-f", document.toString(), "--operation",
                operation, "--server", upstream.url(""), "--name", "streamed", "--namespace", "team-a");
        assertThat(imported.exitCode()).as(imported.getErrorOutput()).isZero();
        Path model = dir.resolve(operation + ".yaml");
        Files.writeString(model, imported.getOutput() + "\n");
        LaunchResult validated = launcher.launch("validate", "-f", model.toString());
        assertThat(validated.exitCode()).as(validated.getOutput()).isZero();
        Path secrets = dir.resolve("secrets.yaml");
        Files.writeString(secrets, """
                apiVersion: v1
                kind: Secret
                metadata: {name: streamed-credentials, namespace: team-a}
                stringData: {token: stream-token}
                """);
        return launcher.launch("test", "-f", model.toString(), "--secrets", secrets.toString(), "--allow-loopback");
    }
}
