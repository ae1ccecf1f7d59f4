package dev.modelport.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Documents and choices the import refuses, each with a message that names what and where. */
class OpenApiImportErrorsTest {

    @TempDir
    Path dir;

    private static final String OPERATION = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            servers: [{url: "https://llm.example.com"}]
            paths:
              /generate:
                post:
                  operationId: generate
                  requestBody:
                    content:
                      %s
                  responses:
                    "200": {description: OK}
            """;

    private Path document(String text) throws IOException {
        Path file = dir.resolve("api.yaml");
        Files.writeString(file, text);
        return file;
    }

    private String refusal(Path file, String operation) {
        return assertThatThrownBy(() -> OpenApiImportTest.run(file, operation, null))
                .isInstanceOf(ImportException.class).actual().getMessage();
    }

    @Test
    void shouldRefuseBadYamlWithTheLine() throws IOException {
        Path file = document("openapi: 3.0.3\npaths:\n  /generate: [unclosed\n");
        assertThat(refusal(file, "generate")).startsWith(file + ": not valid YAML or JSON (").contains("line 4");
    }

    @Test
    void shouldRefuseADocumentThatIsNotOpenApi() throws IOException {
        Path file = document("name: not an api\n");
        assertThat(refusal(file, "generate")).startsWith(file + ": not an OpenAPI 3.0 or 3.1 document");
    }

    @Test
    void shouldRefuseAMissingFile() {
        Path file = dir.resolve("absent.yaml");
        assertThat(refusal(file, "generate")).startsWith(file + ": cannot be read (NoSuchFileException");
    }

    @Test
    void shouldNameTheOperationsThatExist() throws IOException {
        Path file = document(OPERATION.formatted("application/json: {schema: {type: object, properties: "
                + "{prompt: {type: string}}}}"));
        assertThat(refusal(file, "chat")).isEqualTo("--operation: no operation chat in the document "
                + "(operations: generate)");
        assertThatThrownBy(() -> OpenApiImport.run(new OpenApiImport.Request(file, null, "/generate", "get", null,
                "m", null, null))).hasMessage("--path: /generate has no GET operation (methods: [POST])");
    }

    @Test
    void shouldRefuseAnOperationWithoutJsonRequestBody() throws IOException {
        Path file = document(OPERATION.formatted("text/plain: {schema: {type: string}}"));
        assertThat(refusal(file, "generate")).isEqualTo("operation generate (POST /generate) has no JSON request "
                + "body (content: text/plain)");
    }

    @Test
    void shouldRefuseAnUnresolvedReference() throws IOException {
        Path file = document(OPERATION.formatted("application/json: {schema: {$ref: '#/components/schemas/Nope'}}"));
        assertThat(refusal(file, "generate")).isEqualTo("operation generate (POST /generate) request body: "
                + "unresolved $ref #/components/schemas/Nope (no such schema in components)");
    }

    @Test
    void shouldFollowAReferenceToAnotherFileAndRefuseOneToAMissingFile() throws Exception {
        String body = "application/json: {schema: {type: object, properties: {prompt: {type: string}, "
                + "tries: {$ref: './parts.yaml#/Tries'}}}}";
        Files.writeString(dir.resolve("parts.yaml"), "Tries: {type: integer, default: 3}\n");
        assertThat(OpenApiImportTest.run(document(OPERATION.formatted(body)), "generate", null))
                .contains("\"tries\": {{tries}}", "default: 3");

        Files.delete(dir.resolve("parts.yaml"));
        assertThat(refusal(document(OPERATION.formatted(body)), "generate")).isEqualTo("operation generate "
                + "(POST /generate) request body.tries: unresolved $ref ./parts.yaml#/Tries");
    }

    @Test
    void shouldAskForThePromptFieldWhenNoPropertyLooksLikeIt() throws IOException {
        Path file = document(OPERATION.formatted("application/json: {schema: {type: object, properties: "
                + "{alpha: {type: string}, beta: {type: integer}}}}"));
        assertThat(refusal(file, "generate")).isEqualTo("operation generate (POST /generate) request body: no "
                + "property looks like the prompt; name it with --prompt-field (string properties: alpha)");
    }

    @Test
    void shouldAskForAServerWhenTheDocumentHasNone() throws IOException {
        Path file = document(OPERATION.replace("servers: [{url: \"https://llm.example.com\"}]\n", "")
                .formatted("application/json: {schema: {type: object, properties: {prompt: {type: string}}}}"));
        assertThat(refusal(file, "generate")).startsWith("the document names no absolute server URL for "
                + "operation generate (POST /generate)").endsWith("give one with --server, e.g. --server "
                + "https://llm.example.com");
    }
}
