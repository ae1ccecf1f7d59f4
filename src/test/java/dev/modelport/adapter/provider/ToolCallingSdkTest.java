package dev.modelport.adapter.provider;

import static dev.modelport.adapter.provider.ProviderFixtures.assertFails;
import static dev.modelport.adapter.provider.ProviderFixtures.everything;
import static dev.modelport.adapter.provider.ProviderFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.Structure;
import dev.modelport.adapter.ToolCall;
import dev.modelport.adapter.Tools;
import dev.modelport.adapter.Turn;
import dev.modelport.api.v1alpha1.ProviderApi;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tool calling in both provider structures, with the official SDKs as the reference for the wire formats. */
class ToolCallingSdkTest {

    private static final JsonMapper ANTHROPIC = com.anthropic.core.ObjectMappers.jsonMapper();
    private static final JsonMapper OPENAI = com.openai.core.ObjectMappers.jsonMapper();
    private static final String WEATHER_SCHEMA = """
            {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}""";

    private final Structure anthropic = everything(ProviderApi.AnthropicMessages, "claude-sonnet-4-5");
    private final Structure openAi = everything(ProviderApi.OpenAIChatCompletions, "gpt-4o-mini");

    private static JsonNode tree(JsonMapper mapper, Object value) {
        return mapper.valueToTree(value);
    }

    /** The weather question, the assistant's two calls, their results: the model answers the results. */
    private static Invocation answeringToolResults(Tools.Choice choice, Boolean parallel) {
        Tools tools = new Tools(List.of(
                new Tools.Definition("get_weather", "The weather in a city", json(WEATHER_SCHEMA), null),
                new Tools.Definition("get_time", null, null, true)), choice, parallel);
        List<Turn> turns = List.of(Turn.user("Weather and time in Oslo?"),
                Turn.assistant("Let me check.", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"),
                        new ToolCall("call_2", "get_time", ""))),
                Turn.toolResult("call_1", "4 degrees"), Turn.toolResult("call_2", "09:30"));
        return Invocation.builder().systemPrompt("Be brief.").tools(tools).turns(turns).build();
    }

    @Test
    void shouldRenderToolsChoiceToolUseAndToolResultsTheAnthropicSdkReads() throws Exception {
        MessageCreateParams.Body body = ANTHROPIC.readValue(anthropic.render(answeringToolResults(
                new Tools.Choice(Tools.Choice.Mode.TOOL, "get_weather"), false)), MessageCreateParams.Body.class)
                .validate();

        assertThat(tree(ANTHROPIC, body.tools().orElseThrow())).isEqualTo(json("""
                [{"name": "get_weather", "description": "The weather in a city", "input_schema": %s},
                 {"name": "get_time", "input_schema": {"type": "object"}, "strict": true}]""".formatted(
                WEATHER_SCHEMA)));
        assertThat(body.toolChoice().orElseThrow().asTool().name()).isEqualTo("get_weather");
        assertThat(body.toolChoice().orElseThrow().asTool().disableParallelToolUse()).contains(true);

        List<MessageParam> messages = body.messages();
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).asUser().content().asString()).isEqualTo("Weather and time in Oslo?");
        List<ContentBlockParam> assistant = messages.get(1).asAssistant().content().asContentBlockParams();
        assertThat(assistant.get(0).asText().text()).isEqualTo("Let me check.");
        assertThat(assistant.get(1).asToolUse().id()).isEqualTo("call_1");
        assertThat(assistant.get(1).asToolUse().name()).isEqualTo("get_weather");
        assertThat(tree(ANTHROPIC, assistant.get(1).asToolUse().input())).isEqualTo(json("{\"city\":\"Oslo\"}"));
        assertThat(tree(ANTHROPIC, assistant.get(2).asToolUse().input())).isEqualTo(json("{}"));
        List<ContentBlockParam> results = messages.get(2).asUser().content().asContentBlockParams();
        assertThat(results).hasSize(2).allSatisfy(block -> assertThat(block.isToolResult()).isTrue());
        assertThat(results.get(0).asToolResult().toolUseId()).isEqualTo("call_1");
        assertThat(results.get(0).asToolResult().content().orElseThrow().asString()).isEqualTo("4 degrees");
        assertThat(results.get(1).asToolResult().toolUseId()).isEqualTo("call_2");
    }

    @Test
    void shouldMapEachOpenAiToolChoiceToAnthropics() throws Exception {
        assertThat(anthropicChoice(Tools.Choice.Mode.AUTO, null)).isEqualTo(json("{\"type\": \"auto\"}"));
        assertThat(anthropicChoice(Tools.Choice.Mode.REQUIRED, null)).isEqualTo(json("{\"type\": \"any\"}"));
        assertThat(anthropicChoice(Tools.Choice.Mode.NONE, false)).isEqualTo(json("{\"type\": \"none\"}"));
        assertThat(anthropicChoice(null, false))
                .isEqualTo(json("{\"type\": \"auto\", \"disable_parallel_tool_use\": true}"));
        assertThat(anthropicChoice(null, true)).isNull();
    }

    private JsonNode anthropicChoice(Tools.Choice.Mode mode, Boolean parallel) throws Exception {
        MessageCreateParams.Body body = ANTHROPIC.readValue(anthropic.render(answeringToolResults(
                mode == null ? null : new Tools.Choice(mode, null), parallel)), MessageCreateParams.Body.class)
                .validate();
        return body.toolChoice().map(choice -> (JsonNode) ANTHROPIC.valueToTree(choice)).orElse(null);
    }

    @Test
    void shouldPassToolsAndToolTurnsThroughToOpenAiAsTheSdkReadsThem() throws Exception {
        ChatCompletionCreateParams.Body body = OPENAI.readValue(openAi.render(answeringToolResults(
                new Tools.Choice(Tools.Choice.Mode.REQUIRED, null), false)), ChatCompletionCreateParams.Body.class)
                .validate();

        assertThat(body.tools().orElseThrow()).hasSize(2);
        assertThat(body.tools().orElseThrow().get(0).asFunction().function().name()).isEqualTo("get_weather");
        assertThat(tree(OPENAI, body.tools().orElseThrow().get(0).asFunction().function().parameters()
                .orElseThrow())).isEqualTo(json(WEATHER_SCHEMA));
        assertThat(body.tools().orElseThrow().get(1).asFunction().function().strict()).contains(true);
        assertThat(body.toolChoice().orElseThrow().asAuto().asString()).isEqualTo("required");
        assertThat(body.parallelToolCalls()).contains(false);

        List<ChatCompletionMessageParam> messages = body.messages();
        assertThat(messages).hasSize(5);
        assertThat(messages.get(0).asSystem().content().asText()).isEqualTo("Be brief.");
        assertThat(messages.get(2).asAssistant().content().orElseThrow().asText()).isEqualTo("Let me check.");
        var calls = messages.get(2).asAssistant().toolCalls().orElseThrow();
        assertThat(calls.get(0).asFunction().id()).isEqualTo("call_1");
        assertThat(calls.get(0).asFunction().function().arguments()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(messages.get(3).asTool().toolCallId()).isEqualTo("call_1");
        assertThat(messages.get(3).asTool().content().asText()).isEqualTo("4 degrees");
        assertThat(messages.get(4).asTool().toolCallId()).isEqualTo("call_2");

        JsonNode named = json(openAi.render(answeringToolResults(
                new Tools.Choice(Tools.Choice.Mode.TOOL, "get_time"), null)));
        assertThat(named.get("tool_choice"))
                .isEqualTo(json("{\"type\": \"function\", \"function\": {\"name\": \"get_time\"}}"));
        assertThat(named.has("parallel_tool_calls")).isFalse();
    }

    @Test
    void shouldRefuseMalformedToolsAndArgumentsBeforeAnyCall() {
        Invocation badArguments = Invocation.builder().turns(List.of(Turn.assistant(null,
                List.of(new ToolCall("c", "f", "[1]"))), Turn.toolResult("c", "x"))).build();
        assertFails(() -> anthropic.render(badArguments), FailureCategory.InvalidInput)
                .hasMessageContaining("arguments of tool call c");
        Invocation unknownChoice = Invocation.builder().prompt("hi")
                .tools(new Tools(List.of(new Tools.Definition("f", null, null, null)),
                        new Tools.Choice(Tools.Choice.Mode.TOOL, "g"), null)).build();
        assertFails(() -> openAi.render(unknownChoice), FailureCategory.InvalidInput)
                .hasMessageContaining("tool_choice");
        Invocation noPrompt = Invocation.builder().turns(List.of(Turn.user("hi"))).build();
        assertFails(() -> openAi.render(noPrompt), FailureCategory.InvalidInput).hasMessageContaining("prompt");
        Invocation hostileId = Invocation.builder().turns(List.of(Turn.assistant(null,
                List.of(new ToolCall("c\n" + "x".repeat(100_000), "f", "[1]"))), Turn.toolResult("c", "x"))).build();
        assertFails(() -> anthropic.render(hostileId), FailureCategory.InvalidInput)
                .hasMessageContaining("arguments of tool call c x").hasMessageNotContaining("\n")
                .message().hasSizeLessThan(200);
    }

    @Test
    void shouldReadAnthropicToolUseBlocksAsToolCalls() throws Exception {
        Message message = ANTHROPIC.readValue("""
                {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
                 "content": [{"type": "text", "text": "Checking."},
                             {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Oslo"}}],
                 "stop_reason": "tool_use", "stop_sequence": null,
                 "usage": {"input_tokens": 30, "output_tokens": 12}}""", Message.class);
        message.validate();
        ModelResponse response = anthropic.parse(ANTHROPIC.valueToTree(message));
        assertThat(response.output()).isEqualTo("Checking.");
        assertThat(response.finishReason()).isEqualTo("tool_use");
        assertThat(response.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.id()).isEqualTo("toolu_1");
            assertThat(call.name()).isEqualTo("get_weather");
            assertThat(json(call.arguments())).isEqualTo(json("{\"city\": \"Oslo\"}"));
        });
    }

    @Test
    void shouldReadOpenAiToolCallsWithoutContent() throws Exception {
        ChatCompletion completion = OPENAI.readValue("""
                {"id": "c1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
                 "choices": [{"index": 0, "finish_reason": "tool_calls", "logprobs": null,
                   "message": {"role": "assistant", "content": null, "refusal": null, "tool_calls": [
                     {"id": "call_1", "type": "function",
                      "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Oslo\\"}"}}]}}]}""",
                ChatCompletion.class);
        completion.validate();
        ModelResponse response = openAi.parse(OPENAI.valueToTree(completion));
        assertThat(response.output()).isEmpty();
        assertThat(response.finishReason()).isEqualTo("tool_calls");
        assertThat(response.toolCalls()).containsExactly(new ToolCall("call_1", "get_weather",
                "{\"city\":\"Oslo\"}"));
    }

    @Test
    void shouldStreamAnthropicToolUseAsToolCallDeltas() throws Exception {
        List<String> stream = List.of("""
                {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}""", """
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Checking."}}""",
                """
                {"type": "content_block_start", "index": 1,
                 "content_block": {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}}}""", """
                {"type": "content_block_delta", "index": 1,
                 "delta": {"type": "input_json_delta", "partial_json": "{\\"city\\": "}}""", """
                {"type": "content_block_delta", "index": 1,
                 "delta": {"type": "input_json_delta", "partial_json": "\\"Oslo\\"}"}}""", """
                {"type": "content_block_stop", "index": 1}""");
        List<StreamEvent> events = new ArrayList<>();
        for (String data : stream) {
            RawMessageStreamEvent event = ANTHROPIC.readValue(data, RawMessageStreamEvent.class);
            event.validate();
            JsonNode tree = ANTHROPIC.valueToTree(event);
            events.addAll(anthropic.parseStreamEvent(tree.get("type").asText(), tree.toString()));
        }
        assertThat(events).containsExactly(new StreamEvent.TextDelta("Checking."),
                new StreamEvent.ToolCallDelta(1, "toolu_1", "get_weather", ""),
                new StreamEvent.ToolCallDelta(1, null, null, "{\"city\": "),
                new StreamEvent.ToolCallDelta(1, null, null, "\"Oslo\"}"));
    }

    @Test
    void shouldStreamOpenAiToolCallChunksAsToolCallDeltas() throws Exception {
        ChatCompletionChunk first = OPENAI.readValue("""
                {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
                 "choices": [{"index": 0, "finish_reason": null, "delta": {"role": "assistant", "content": null,
                   "tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                   "function": {"name": "get_weather", "arguments": ""}}]}}]}""",
                ChatCompletionChunk.class);
        ChatCompletionChunk next = OPENAI.readValue("""
                {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
                 "choices": [{"index": 0, "finish_reason": null,
                   "delta": {"tool_calls": [{"index": 0, "function": {"arguments": "{\\"city\\""}}]}}]}""",
                ChatCompletionChunk.class);
        assertThat(openAi.parseStreamEvent(null, OPENAI.writeValueAsString(first.validate())))
                .containsExactly(new StreamEvent.Model("gpt-4o-mini"),
                        new StreamEvent.ToolCallDelta(0, "call_1", "get_weather", ""));
        assertThat(openAi.parseStreamEvent(null, OPENAI.writeValueAsString(next.validate())))
                .containsExactly(new StreamEvent.ToolCallDelta(0, null, null, "{\"city\""));
    }
}
