package dev.modelport.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request schemas beyond the two real documents: a nested prompt named by --prompt-field, a schema that nests itself. */
class RequestBodyMapperTest {

    @TempDir
    Path dir;

    private String run(String schemas, String promptField) throws Exception {
        Path file = dir.resolve("api.yaml");
        Files.writeString(file, """
                openapi: 3.1.0
                info: {title: T, version: "1"}
                servers: [{url: "https://llm.example.com"}]
                paths:
                  /run:
                    post:
                      operationId: run
                      requestBody:
                        content:
                          application/json: {schema: {$ref: '#/components/schemas/Run'}}
                      responses:
                        "200": {description: OK}
                components:
                  schemas:
                %s""".formatted(schemas.indent(4)));
        return OpenApiImport.run(new OpenApiImport.Request(file, "run", null, "post", null, "m", null, promptField));
    }

    @Test
    void shouldSendAnOptionalObjectThatHoldsTheNamedPrompt() throws Exception {
        String yaml = run("""
                Run:
                  type: object
                  properties:
                    job: {$ref: '#/components/schemas/Job'}
                Job:
                  type: object
                  required: [kind, body]
                  properties:
                    body: {type: string}
                    kind: {type: string, enum: [generate, summarize]}
                    tries: {type: integer, default: 2}
                """, "job.body");
        JsonNode custom = OpenApiImportTest.valid(yaml).path("spec").path("configuration").path("custom");
        JsonNode body = OpenApiImportTest.rendered(custom);
        assertThat(body.path("job").path("body").asText()).isEqualTo("PROMPT");
        assertThat(body.path("job").path("tries").asInt()).isEqualTo(2);
        assertThat(custom.path("variables").path("custom").get(0).path("required").asBoolean()).isTrue();
        assertThat(yaml).contains("# from components.schemas.Run: job.body carries the prompt",
                "    variables:\n      # required, and the document has no example: replace this placeholder\n"
                        + "      kind: generate\n");
    }

    @Test
    void shouldSendARequiredStreamFlagAsFalseWhenTheOperationDoesNotStream() throws Exception {
        String yaml = run("""
                Run:
                  type: object
                  required: [prompt, stream]
                  properties:
                    prompt: {type: string}
                    stream: {type: boolean}
                """, null);
        JsonNode custom = OpenApiImportTest.valid(yaml).path("spec").path("configuration").path("custom");
        assertThat(OpenApiImportTest.rendered(custom).path("stream").isBoolean()).isTrue();
        assertThat(custom.path("body").asText()).contains("\"stream\": false");
        assertThat(yaml).contains("# - stream: the operation declares no stream response, so the model is called "
                + "whole (sent as false)");
    }

    @Test
    void shouldStopAtASchemaThatNestsItself() throws Exception {
        String yaml = run("""
                Run:
                  type: object
                  required: [prompt, node]
                  properties:
                    prompt: {type: string}
                    node: {$ref: '#/components/schemas/Node'}
                Node:
                  type: object
                  required: [child]
                  properties:
                    child: {$ref: '#/components/schemas/Node'}
                """, null);
        OpenApiImportTest.valid(yaml);
        assertThat(yaml).contains("nested more than 8 objects deep; left out");
    }
}
