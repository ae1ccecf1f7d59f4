package dev.modelport.adapter.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.MediaPart;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.adapter.ToolCall;
import dev.modelport.adapter.Tools;
import dev.modelport.adapter.Turn;
import dev.modelport.api.v1alpha1.CustomConfiguration;
import dev.modelport.api.v1alpha1.Example;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomStructureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static CustomConfiguration configuration(String yaml) throws Exception {
        return new ObjectMapper(new YAMLFactory()).readValue(yaml, CustomConfiguration.class);
    }

    private static final String SUPPORT = """
            variables:
              systemPrompt: true
              examples: true
              custom:
                - {name: temperature, type: Number, default: 0.2}
                - {name: language, type: String}
                - {name: ticket, type: JSON, required: true}
            body: '{"input": "Q: {{prompt}}", "system": "{{systemPrompt}}", "examples": {{examples}},
              "t": {{temperature}}, "lang": "{{language}}", "ticket": {{ticket}}}'
            """;

    private static Invocation invocation(String prompt, String system, List<Example> examples,
            Map<String, JsonNode> variables) {
        return Invocation.builder().prompt(prompt).systemPrompt(system).examples(examples).variables(variables)
                .build();
    }

    @Test
    void shouldRenderEveryVariableKindWithDefaultsAndNulls() throws Exception {
        CustomStructure structure = new CustomStructure(configuration(SUPPORT), null);
        String body = structure.render(invocation("say \"hi\"\n", "be brief", List.of(new Example("ping", "pong")),
                Map.of("ticket", JSON.readTree("{\"id\": 7}"))));
        JsonNode json = JSON.readTree(body);
        assertThat(json.get("input").asText()).isEqualTo("Q: say \"hi\"\n");
        assertThat(json.get("system").asText()).isEqualTo("be brief");
        assertThat(json.get("examples")).isEqualTo(JSON.readTree("[{\"input\": \"ping\", \"output\": \"pong\"}]"));
        assertThat(json.get("t").doubleValue()).isEqualTo(0.2);
        assertThat(json.get("lang").asText()).isEmpty();
        assertThat(json.get("ticket").get("id").intValue()).isEqualTo(7);
    }

    @Test
    void shouldRenderAbsentOptionalSystemPromptAndExamplesAsEmptyAndNull() throws Exception {
        CustomStructure structure = new CustomStructure(configuration(SUPPORT), null);
        JsonNode json = JSON.readTree(structure.render(invocation("p", null, null,
                Map.of("ticket", IntNode.valueOf(1), "temperature", DoubleNode.valueOf(0.9)))));
        assertThat(json.get("system").asText()).isEmpty();
        assertThat(json.get("examples").isNull()).isTrue();
        assertThat(json.get("t").doubleValue()).isEqualTo(0.9);
    }

    @Test
    void shouldRejectMissingRequiredUnknownAndMistypedVariablesBeforeAnyCall() throws Exception {
        CustomStructure structure = new CustomStructure(configuration(SUPPORT), null);
        assertInvalid(() -> structure.render(invocation("p", null, null, Map.of())), FailureCategory.InvalidInput,
                "variable ticket is required");
        assertInvalid(() -> structure.render(invocation("p", null, null,
                Map.of("ticket", IntNode.valueOf(1), "temprature", IntNode.valueOf(1)))),
                FailureCategory.InvalidInput, "unknown variable temprature (declared: temperature, language, ticket)");
        assertInvalid(() -> structure.render(invocation("p", null, null,
                Map.of("ticket", IntNode.valueOf(1), "bad\r\n" + "x".repeat(100_000), IntNode.valueOf(1)))),
                FailureCategory.InvalidInput, "unknown variable bad  " + "x".repeat(94) + "… (declared: ");
        assertInvalid(() -> structure.render(invocation("p", null, null,
                Map.of("ticket", IntNode.valueOf(1), "temperature", TextNode.valueOf("hot")))),
                FailureCategory.InvalidInput, "variable temperature must be a Number");
        assertInvalid(() -> structure.render(invocation(" ", null, null, Map.of("ticket", IntNode.valueOf(1)))),
                FailureCategory.InvalidInput, "prompt is required");
    }

    @Test
    void shouldInsertTheCallersSchemaWhereTheBodyUsesResponseSchema() throws Exception {
        CustomStructure structured = new CustomStructure(configuration(
                "body: '{\"q\": \"{{prompt}}\", \"format\": {{responseSchema}}}'"), null);
        JsonNode schema = JSON.readTree("{\"type\": \"object\", \"required\": [\"city\"]}");

        assertThat(JSON.readTree(structured.render(Invocation.builder().prompt("p").responseFormat(schema, "city")
                .build())).path("format")).isEqualTo(schema);
        assertThat(JSON.readTree(structured.render(Invocation.of("p"))).path("format").isNull())
                .as("no schema asked: null").isTrue();
        assertInvalid(() -> structured.render(Invocation.builder().prompt("p")
                .responseFormat(JSON.readTree("[1]"), null).build()), FailureCategory.InvalidInput,
                "the response format must be a JSON schema object");
    }

    @Test
    void shouldRejectFeaturesTheModelDoesNotDeclare() throws Exception {
        CustomStructure plain = new CustomStructure(configuration("body: '{\"q\": \"{{prompt}}\"}'"), null);
        assertInvalid(() -> plain.render(invocation("p", "sys", null, null)), FailureCategory.FeatureNotSupported,
                "this model takes no system prompt (variables.systemPrompt is off)");
        assertInvalid(() -> plain.render(invocation("p", null, List.of(new Example("a", "b")), null)),
                FailureCategory.FeatureNotSupported, "this model takes no examples (variables.examples is off)");
        assertInvalid(() -> plain.render(Invocation.builder().prompt("p")
                .media(List.of(MediaPart.imageUrl("https://example.com/cat.png"))).build()),
                FailureCategory.FeatureNotSupported, "image and audio input need a provider structure");
        assertInvalid(() -> plain.render(Invocation.builder().prompt("p").responseFormat(JSON.readTree("{}"), null)
                .build()), FailureCategory.FeatureNotSupported, "structured output needs {{responseSchema}}");
        assertInvalid(() -> plain.render(Invocation.of("p").withStream(true)), FailureCategory.FeatureNotSupported,
                "this custom model does not stream (it declares no streaming)");
        assertInvalid(() -> plain.render(Invocation.builder().prompt("p")
                .tools(new Tools(List.of(new Tools.Definition("f", null, null, null)), null, null)).build()),
                FailureCategory.FeatureNotSupported, "tools (and tool_choice) need a provider structure");
        assertInvalid(() -> plain.render(Invocation.builder().turns(List.of(Turn.assistant(null,
                List.of(new ToolCall("c", "f", "{}"))), Turn.toolResult("c", "x"))).build()),
                FailureCategory.FeatureNotSupported, "tool_calls and tool messages need a provider structure");
    }

    @Test
    void shouldExtractOutputAndTokensWithCompiledPaths() throws Exception {
        CustomStructure structure = new CustomStructure(configuration("body: '{\"q\": \"{{prompt}}\"}'"),
                new ResponseExtractor("$.result.text", "$.meta.tokens.in", "$.meta.tokens.out"));
        ModelResponse response = structure.parse(JSON.readTree(
                "{\"result\": {\"text\": \"pong\"}, \"meta\": {\"tokens\": {\"in\": 18, \"out\": 1}}}"));
        assertThat(response.output()).isEqualTo("pong");
        assertThat(response.usage()).isEqualTo(TokenUsage.of(18L, 1L));
    }

    @Test
    void shouldReportMissingNullAndNonIntegerTokenCountsAsUnknownNeverZero() throws Exception {
        ResponseExtractor extractor = new ResponseExtractor("$.text", "$.in", "$.out");
        for (String body : List.of("{\"text\": \"a\"}", "{\"text\": \"a\", \"in\": null, \"out\": null}",
                "{\"text\": \"a\", \"in\": \"12\", \"out\": 1.5}", "{\"text\": \"a\", \"in\": [1], \"out\": {}}")) {
            assertThat(extractor.extract(JSON.readTree(body)).usage()).as(body).isEqualTo(TokenUsage.UNKNOWN);
        }
        assertThat(new ResponseExtractor("$.text", null, null).extract(JSON.readTree("{\"text\": \"a\", \"in\": 3}"))
                .usage()).isEqualTo(TokenUsage.UNKNOWN);
    }

    @Test
    void shouldReadNonTextOutputsAndTheFirstOfSeveralMatches() throws Exception {
        assertThat(new ResponseExtractor("$.n", null, null).extract(JSON.readTree("{\"n\": 42}")).output())
                .isEqualTo("42");
        assertThat(new ResponseExtractor("$.o", null, null).extract(JSON.readTree("{\"o\": {\"a\": [1]}}")).output())
                .isEqualTo("{\"a\":[1]}");
        assertThat(new ResponseExtractor("$.choices[*].text", null, null)
                .extract(JSON.readTree("{\"choices\": [{\"text\": \"first\"}, {\"text\": \"second\"}]}")).output())
                .isEqualTo("first");
        assertThat(new ResponseExtractor("$[0].generated_text", null, null)
                .extract(JSON.readTree("[{\"generated_text\": \"root array\"}]")).output()).isEqualTo("root array");
    }

    @Test
    void shouldFailWithPathNotFoundWhenTheOutputPathSelectsNothing() throws Exception {
        assertInvalid(() -> new ResponseExtractor("$.result.text", null, null).extract(JSON.readTree("{\"x\": 1}")),
                FailureCategory.PathNotFound, "output path $.result.text selects nothing in the response");
        assertInvalid(() -> new ResponseExtractor("$.text", null, null).extract(JSON.readTree("{\"text\": null}")),
                FailureCategory.PathNotFound, "selects nothing");
        assertInvalid(() -> new CustomStructure(configuration("body: '{\"q\": \"{{prompt}}\"}'"), null)
                .parse(JSON.readTree("{}")), FailureCategory.PathNotFound, "no output path yet");
    }

    private static final String OPTIONS = """
            variables:
              custom:
                - {name: temperature, type: Number, default: 0.2}
                - {name: max_tokens, type: Number}
                - {name: stop, type: JSON}
            body: '{"inputs": "{{prompt}}", "stream": {{stream}}, "parameters": {"temperature": {{temperature}},
              "max_new_tokens": {{max_tokens}}, "stop": {{stop}}}}'
            """;

    @Test
    void shouldFillDeclaredVariablesFromOpenAiOptionsOfTheSameNameTypeChecked() throws Exception {
        CustomStructure structure = new CustomStructure(configuration(OPTIONS), null);
        JsonNode body = JSON.readTree(structure.render(Invocation.builder().prompt("p")
                .options(JSON.readTree("{\"temperature\": 0.7, \"max_tokens\": 5, \"stop\": [\"\\n\"]}")).build()));
        assertThat(body.path("parameters").toString())
                .isEqualTo("{\"temperature\":0.7,\"max_new_tokens\":5,\"stop\":[\"\\n\"]}");
        assertThat(body.path("stream").asBoolean(true)).isFalse();

        assertInvalid(() -> structure.render(Invocation.builder().prompt("p")
                .options(JSON.readTree("{\"max_tokens\": \"many\"}")).build()), FailureCategory.InvalidInput,
                "option max_tokens must be a Number, the declared type of variable max_tokens");
        assertInvalid(() -> structure.render(Invocation.builder().prompt("p")
                .options(JSON.readTree("{\"top_p\": 0.9, \"seed\": 1, \"temperature\": 1}")).build()),
                FailureCategory.FeatureNotSupported, "this model declares no variable for the options top_p, seed "
                        + "(declared: temperature, max_tokens, stop)");
        assertInvalid(() -> structure.render(Invocation.builder().prompt("p").variables(Map.of("temperature",
                DoubleNode.valueOf(1))).options(JSON.readTree("{\"temperature\": 0.5}")).build()),
                FailureCategory.InvalidInput, "temperature is given both as an option and in variables");
    }

    @Test
    void shouldSetTheStreamVariableOnlyForAModelThatStreams() throws Exception {
        CustomStructure streaming = new CustomStructure(configuration(OPTIONS
                + "streaming: {format: SSE, deltaPath: $.token.text}\n"), null);
        assertThat(JSON.readTree(streaming.render(Invocation.of("p").withStream(true))).path("stream").asBoolean())
                .isTrue();
        assertThat(JSON.readTree(streaming.render(Invocation.of("p"))).path("stream").asBoolean(true)).isFalse();
    }

    @Test
    void shouldReadTheFinishReasonAndTheErrorMessageWithTheirPaths() throws Exception {
        CustomStructure structure = new CustomStructure(configuration(
                "body: '{\"q\": \"{{prompt}}\"}'\nresponse: {errorMessagePath: $.error}\n"),
                new ResponseExtractor("$.generated_text", null, null, "$.details.finish_reason"));
        assertThat(structure.parse(JSON.readTree("{\"generated_text\": \"hi\", \"details\": "
                + "{\"finish_reason\": \"max_new_tokens\"}}")).finishReason()).isEqualTo("length");
        String tgiError = "{\"error\": \"Input validation error: \\u0007 too long\", \"error_type\": \"validation\"}";
        assertThat(structure.answerFormat().errors().read(tgiError.getBytes(StandardCharsets.UTF_8)))
                .hasValueSatisfying(error -> {
                    assertThat(error.message()).isEqualTo("Input validation error:   too long");
                    assertThat(error.type()).isNull();
                });
        assertThat(structure.answerFormat().errors().read("{\"error\": {\"message\": \"openai-shaped\"}}"
                .getBytes(StandardCharsets.UTF_8))).hasValueSatisfying(error -> assertThat(error.message())
                        .isEqualTo("openai-shaped"));
    }

    @Test
    void shouldRefuseAnInvalidTemplateOrPathAtConstruction() throws Exception {
        assertInvalid(() -> new CustomStructure(configuration("body: '{\"q\": {{prompt}}'"), null),
                FailureCategory.InvalidInput, "the body template is invalid: not valid JSON");
        assertInvalid(() -> new ResponseExtractor("$.a[0", null, null), FailureCategory.InvalidInput,
                "the output path is not a valid JSON path");
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static void assertInvalid(Call call, FailureCategory category, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AdapterException.class, e -> {
            assertThat(e.category()).isEqualTo(category);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
