package dev.modelport.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.modelport.adapter.template.BodyTemplate;
import dev.modelport.validation.ManifestValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The import of the four operations of the issue, from the fixtures and from the real documents: what each part of
 * the model became, and that the validator (the validate command's) accepts the model as printed.
 */
class OpenApiImportTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<Arguments> tgi() {
        return Stream.of(Arguments.of("fixture", OpenApiDocuments.TGI_FIXTURE), Arguments.of("real", null));
    }

    static Stream<Arguments> cohere() {
        return Stream.of(Arguments.of("fixture", OpenApiDocuments.COHERE_FIXTURE), Arguments.of("real", null));
    }

    private static Path tgi(Path given) {
        return given != null ? given : OpenApiDocuments.realTgi();
    }

    private static Path cohere(Path given) {
        return given != null ? given : OpenApiDocuments.realCohere();
    }

    static String run(Path file, String operation, String server) throws ImportException {
        return OpenApiImport.run(new OpenApiImport.Request(file, operation, null, "post", server, "imported",
                "team-a", null));
    }

    static JsonNode valid(String yaml) throws IOException {
        JsonNode model = YAML.readTree(yaml);
        assertThat(ManifestValidator.fromBuiltInCrd().validate(model)).as(yaml).isEmpty();
        return model;
    }

    /** The body as the test renders it: each variable's default, a marker for the prompt. */
    static JsonNode rendered(JsonNode custom) throws Exception {
        Map<String, JsonNode> defaults = new HashMap<>();
        custom.path("variables").path("custom").forEach(v -> defaults.put(v.path("name").asText(), v.get("default")));
        defaults.put("prompt", TextNode.valueOf("PROMPT"));
        return YAML.readTree(BodyTemplate.parse(custom.path("body").asText()).render(defaults::get));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tgi")
    void shouldImportTgiGenerateAsACustomModelWithTypedVariables(String kind, Path document) throws Exception {
        String yaml = run(tgi(document), "generate", "https://tgi.example.com/");
        JsonNode spec = valid(yaml).path("spec");
        assertThat(spec.path("endpoint").asText()).isEqualTo("https://tgi.example.com/generate");
        assertThat(spec.has("authorization")).isFalse();
        JsonNode custom = spec.path("configuration").path("custom");
        JsonNode body = rendered(custom);
        assertThat(body.path("inputs").asText()).isEqualTo("PROMPT");
        assertThat(body.path("parameters").path("max_new_tokens").asInt()).isEqualTo(1024);
        assertThat(body.path("parameters").has("temperature")).as("no default: left out").isFalse();
        assertThat(custom.path("variables").path("custom").toString())
                .contains("{\"name\":\"max_new_tokens\",\"displayName\":\"Maximum number of tokens to generate.\","
                        + "\"type\":\"Number\",\"default\":1024}")
                .contains("{\"name\":\"details\",\"displayName\":\"Whether to return generation details.\","
                        + "\"type\":\"Boolean\",\"default\":true}")
                .as("\"null\" written as the default is no default").doesNotContain("return_full_text");
        assertThat(custom.path("response").path("outputPath").asText()).isEqualTo("$.generated_text");
        assertThat(custom.path("response").path("outputTokensPath").asText())
                .isEqualTo("$.details.generated_tokens");
        assertThat(custom.path("response").path("finishReasonPath").asText()).isEqualTo("$.details.finish_reason");
        assertThat(custom.path("response").path("errorMessagePath").asText()).isEqualTo("$.error");
        assertThat(yaml).contains("# from components.schemas.GenerateRequest: inputs carries the prompt",
                "# - parameters.temperature: no default in the document",
                "# from a sample built from components.schemas.GenerateResponse (200 application/json)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tgi")
    void shouldImportTgiGenerateStreamWithItsServerSentEvents(String kind, Path document) throws Exception {
        String yaml = run(tgi(document), "generate_stream", "https://tgi.example.com");
        assertThat(yaml).contains("""
                      # from components.schemas.StreamResponse (text/event-stream): each event's text, the token counts where an event
                      #   has them
                      streaming:
                        format: SSE
                        deltaPath: $.token.text
                        usage:
                          inputTokensPath: $.details.input_length
                          outputTokensPath: $.details.generated_tokens
                """, "endpoint: https://tgi.example.com/generate_stream",
                "# - response paths: no JSON content in the 200 response; left to detection at the first test");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tgi")
    void shouldImportAnOpenAiShapedOperationAsTheProviderStructure(String kind, Path document) throws Exception {
        JsonNode provider = valid(run(tgi(document), "chat_completions", "https://tgi.example.com"))
                .path("spec").path("configuration").path("provider");
        assertThat(provider.path("api").asText()).isEqualTo("OpenAIChatCompletions");
        assertThat(provider.path("model").asText()).isEqualTo("mistralai/Mistral-7B-Instruct-v0.2");
        assertThat(provider.path("features").path("streaming").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cohere")
    void shouldImportCohereChatV2WithBearerAndARequiredModel(String kind, Path document) throws Exception {
        String yaml = run(cohere(document), "chatv2", null);
        JsonNode spec = valid(yaml).path("spec");
        assertThat(spec.path("endpoint").asText()).isEqualTo("https://api.cohere.com/v2/chat");
        assertThat(spec.path("authorization").toString())
                .isEqualTo("{\"type\":\"Bearer\",\"secretRef\":{\"name\":\"imported-credentials\"}}");
        JsonNode custom = spec.path("configuration").path("custom");
        assertThat(custom.path("body").asText()).contains(
                "\"model\": {{model}},", "\"messages\": [{\"role\": \"user\", \"content\": \"{{prompt}}\"}]")
                .doesNotContain("thinking", "stream");
        assertThat(custom.path("variables").path("custom").get(0).toString())
                .startsWith("{\"name\":\"model\",").endsWith("\"type\":\"String\",\"required\":true}");
        assertThat(spec.path("test").path("variables").path("model").asText()).isEqualTo("replace-me");
        assertThat(custom.path("response").path("outputPath").asText()).isEqualTo("$.message.content[0].text");
        assertThat(custom.path("response").path("errorMessagePath").asText()).isEqualTo("$.message");
        assertThat(yaml).contains("# - stream: the operation declares no stream response",
                "# - thinking: optional, and its type would have to be sent without a default; left out",
                "#   token: replace-with-the-token", "# from components.securitySchemes.bearerAuth");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cohere")
    void shouldImportCohereGenerateWithItsNdjsonStream(String kind, Path document) throws Exception {
        String yaml = run(cohere(document), "generate", null);
        assertThat(yaml).contains("\"stream\": {{stream}},", """
                      streaming:
                        format: NDJSON
                        deltaPath: $.text
                """, "outputPath: \"$.generations[0].text\"");
    }
}
