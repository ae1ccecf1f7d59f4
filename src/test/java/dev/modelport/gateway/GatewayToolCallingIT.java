package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.modelport.api.v1alpha1.Phase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tool calling through the gateway with the official OpenAI client as the caller: translated to and from an
 * Anthropic-shaped endpoint (plain and streamed), passed through to an OpenAI-shaped one, refused for custom models.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayToolCallingIT extends GatewayTestBase {

    static final ChatCompletionFunctionTool WEATHER = ChatCompletionFunctionTool.builder()
            .function(FunctionDefinition.builder().name("get_weather").description("The weather in a city")
                    .parameters(FunctionParameters.builder()
                            .putAdditionalProperty("type", JsonValue.from("object"))
                            .putAdditionalProperty("properties", JsonValue.from(Map.of("city",
                                    Map.of("type", "string"))))
                            .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                            .build())
                    .build())
            .build();

    static ChatCompletionCreateParams.Builder weatherQuestion(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Weather in Oslo?").addTool(WEATHER)
                .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED);
    }

    @Test
    void shouldCallAToolThroughAnAnthropicModelAndSendItsResultBack() {
        secret("tools", TOKEN);
        serve("tools", provider("claude", "AnthropicMessages", "/anthropic-tool"), Phase.InferenceEnabled);
        awaitServed("tools", "claude");

        ChatCompletion first = openAi().chat().completions().create(weatherQuestion("tools/claude").build());

        JsonNode asked = readTree(upstream.last("/anthropic-tool"));
        assertThat(asked.path("tools")).isEqualTo(json("""
                [{"name": "get_weather", "description": "The weather in a city",
                  "input_schema": {"type": "object", "properties": {"city": {"type": "string"}},
                                   "required": ["city"]}}]"""));
        assertThat(asked.path("tool_choice")).isEqualTo(json("{\"type\": \"any\"}"));
        ChatCompletion.Choice choice = first.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(choice.message().content()).isEmpty();
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().getFirst()
                .asFunction();
        assertThat(call.id()).isEqualTo("toolu_9");
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(json(call.function().arguments())).isEqualTo(json("{\"city\": \"Oslo\"}"));
        assertThat(first.usage().orElseThrow().totalTokens()).isEqualTo(60);

        ChatCompletion answer = openAi().chat().completions().create(weatherQuestion("tools/claude")
                .addMessage(choice.message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("4 degrees")
                        .build())
                .build());

        JsonNode followUp = readTree(upstream.last("/anthropic-tool"));
        assertThat(followUp.path("messages")).isEqualTo(json("""
                [{"role": "user", "content": "Weather in Oslo?"},
                 {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_9", "name": "get_weather",
                                                    "input": {"city": "Oslo"}}]},
                 {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_9",
                                               "content": "4 degrees"}]}]"""));
        assertThat(answer.choices().getFirst().message().content()).contains("bonjour");
        assertThat(answer.choices().getFirst().message().toolCalls()).isEmpty();
    }

    @Test
    void shouldStreamAnAnthropicToolUseAsOpenAiToolCallChunks() {
        secret("tools-stream", TOKEN);
        serve("tools-stream", provider("claude", "AnthropicMessages", "/anthropic-tool-stream"),
                Phase.InferenceEnabled);
        awaitServed("tools-stream", "claude");

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = openAi().chat().completions()
                .createStreaming(weatherQuestion("tools-stream/claude").build())) {
            chunks = stream.stream().peek(accumulator::accumulate).toList();
        }

        assertThat(readTree(upstream.last("/anthropic-tool-stream")).path("tools").path(0).path("name").asText())
                .isEqualTo("get_weather");
        List<ChatCompletionChunk.Choice.Delta.ToolCall> pieces = chunks.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .flatMap(c -> c.delta().toolCalls().stream().flatMap(List::stream)).toList();
        assertThat(pieces).hasSize(3).allSatisfy(piece -> assertThat(piece.index()).isZero());
        assertThat(pieces.getFirst().id()).contains("toolu_9");
        assertThat(pieces.getFirst().function().orElseThrow().name()).contains("get_weather");
        assertThat(pieces.get(1).id()).isEmpty();

        ChatCompletion.Choice choice = accumulator.chatCompletion().choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(choice.message().content()).contains("Checking.");
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().getFirst()
                .asFunction();
        assertThat(call.id()).isEqualTo("toolu_9");
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(json(call.function().arguments())).isEqualTo(json("{\"city\": \"Oslo\"}"));
    }

    @Test
    void shouldPassToolsThroughToAnOpenAiModelAndRefuseThemForACustomModel() {
        secret("tools-openai", TOKEN);
        serve("tools-openai", provider("gpt", "OpenAIChatCompletions", "/openai-tool"), Phase.InferenceEnabled);
        serve("tools-openai", custom("plain", "/custom", ""), Phase.InferenceEnabled);
        awaitServed("tools-openai", "plain");

        ChatCompletion first = openAi().chat().completions().create(weatherQuestion("tools-openai/gpt")
                .parallelToolCalls(false).build());

        JsonNode asked = readTree(upstream.last("/openai-tool"));
        assertThat(asked.path("tools").path(0).path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(asked.path("tools").path(0).path("function").path("parameters").path("required"))
                .isEqualTo(json("[\"city\"]"));
        assertThat(asked.path("tool_choice").asText()).isEqualTo("required");
        assertThat(asked.path("parallel_tool_calls").asBoolean(true)).isFalse();
        ChatCompletionMessageFunctionToolCall call = first.choices().getFirst().message().toolCalls().orElseThrow()
                .getFirst().asFunction();
        assertThat(call.id()).isEqualTo("call_9");
        assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(first.choices().getFirst().finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);

        openAi().chat().completions().create(weatherQuestion("tools-openai/gpt")
                .addMessage(first.choices().getFirst().message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("call_9").content("4 degrees")
                        .build())
                .build());
        JsonNode followUp = readTree(upstream.last("/openai-tool")).path("messages");
        assertThat(followUp.path(1).path("tool_calls").path(0).path("id").asText()).isEqualTo("call_9");
        assertThat(followUp.path(2)).isEqualTo(json("""
                {"role": "tool", "tool_call_id": "call_9", "content": "4 degrees"}"""));

        int before = upstream.requests().size();
        assertError(failure(weatherQuestion("tools-openai/plain").build()), 400, "FeatureNotSupported");
        assertThat(failure(weatherQuestion("tools-openai/plain").build()).getMessage()).contains("tools");
        assertThat(upstream.requests()).as("nothing sent upstream").hasSize(before);
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
