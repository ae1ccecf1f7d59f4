package dev.modelport.adapter.provider;

import static dev.modelport.adapter.provider.ProviderFixtures.assertFails;
import static dev.modelport.adapter.provider.ProviderFixtures.call;
import static dev.modelport.adapter.provider.ProviderFixtures.everything;
import static dev.modelport.adapter.provider.ProviderFixtures.json;
import static dev.modelport.adapter.provider.ProviderFixtures.wav;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.models.ErrorObject;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.completions.CompletionUsage;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.MediaPart;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.Structure;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.api.v1alpha1.ProviderApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The official openai-java SDK as the reference for the wire format, in both directions. */
class OpenAiChatStructureSdkTest {

    private static final JsonMapper SDK = ObjectMappers.jsonMapper();
    private static final String SCHEMA = """
            {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"],
             "additionalProperties": false}""";

    private static final String MODEL = "gpt-4o-mini";

    private final Structure structure = everything(ProviderApi.OpenAIChatCompletions, MODEL);

    private static ChatCompletionCreateParams.Body sdkBody(String rendered) throws Exception {
        return SDK.readValue(rendered, ChatCompletionCreateParams.Body.class).validate();
    }

    @Test
    void shouldRenderARequestTheSdkReadsBackCompletely() throws Exception {
        ChatCompletionCreateParams.Body body = sdkBody(structure.render(call("Which city?").system("Be brief")
                .example("Capital of France?", "{\"city\": \"Paris\"}")
                .media(ProviderFixtures.inlineImage()).media(MediaPart.imageUrl("https://example.com/m.jpg"))
                .media(wav()).schema(SCHEMA).schemaName("city")
                .options("{\"temperature\": 0.3, \"max_completion_tokens\": 64, \"stop\": [\"END\"], \"seed\": 1}")
                .stream().build()));

        assertThat(body.model().asString()).isEqualTo(MODEL);
        List<ChatCompletionMessageParam> messages = body.messages();
        assertThat(messages).hasSize(4);
        assertThat(messages.get(0).asSystem().content().asText()).isEqualTo("Be brief");
        assertThat(messages.get(1).asUser().content().asText()).isEqualTo("Capital of France?");
        assertThat(messages.get(2).asAssistant().content().orElseThrow().asText())
                .isEqualTo("{\"city\": \"Paris\"}");

        List<ChatCompletionContentPart> parts = messages.get(3).asUser().content().asArrayOfContentParts();
        assertThat(parts).hasSize(4);
        assertThat(parts.get(0).asImageUrl().imageUrl().url()).isEqualTo("data:image/png;base64,iVBORw0KGgo=");
        assertThat(parts.get(1).asImageUrl().imageUrl().url()).isEqualTo("https://example.com/m.jpg");
        assertThat(parts.get(2).asInputAudio().inputAudio().data()).isEqualTo("UklGRg==");
        assertThat(parts.get(2).asInputAudio().inputAudio().format().asString()).isEqualTo("wav");
        assertThat(parts.get(3).asText().text()).isEqualTo("Which city?");

        ResponseFormatJsonSchema.JsonSchema format = body.responseFormat().orElseThrow().asJsonSchema().jsonSchema();
        assertThat(format.name()).isEqualTo("city");
        assertThat(format.strict()).contains(true);
        assertThat((JsonNode) SDK.valueToTree(format.schema().orElseThrow())).isEqualTo(json(SCHEMA));

        assertThat(body.temperature()).contains(0.3);
        assertThat(body.maxCompletionTokens()).contains(64L);
        assertThat(body.stop().orElseThrow().asStrings()).containsExactly("END");
        assertThat(body.seed()).contains(1L);
        assertThat(body.streamOptions().orElseThrow().includeUsage()).contains(true);
        // The SDK sets stream itself, so it is the one field it does not type; every other field is known to it.
        assertThat(body._additionalProperties()).isEqualTo(Map.of("stream", JsonValue.from(true)));
    }

    @Test
    void shouldRenderAPlainRequestTheSdkReadsAsTextMessages() throws Exception {
        ChatCompletionCreateParams.Body body = sdkBody(structure.render(call("Hello").build()));
        assertThat(body.messages()).singleElement()
                .satisfies(message -> assertThat(message.asUser().content().asText()).isEqualTo("Hello"));
        assertThat(body.responseFormat()).isEmpty();
        assertThat(body.streamOptions()).isEmpty();
        assertThat(body._additionalProperties()).isEmpty();
    }

    @Test
    void shouldReadACompletionSerializedByTheSdk() throws Exception {
        ChatCompletion completion = ChatCompletion.builder().id("chatcmpl-1").created(1L).model("gpt-x")
                .addChoice(choice(ChatCompletionMessage.builder().content("Oslo").refusal((String) null).build(),
                        ChatCompletion.Choice.FinishReason.LENGTH))
                .usage(CompletionUsage.builder().promptTokens(30).completionTokens(12).totalTokens(42)
                        .promptTokensDetails(CompletionUsage.PromptTokensDetails.builder().cachedTokens(16)
                                .cacheWriteTokens(6).build())
                        .completionTokensDetails(CompletionUsage.CompletionTokensDetails.builder()
                                .reasoningTokens(7).build())
                        .build())
                .build();
        ModelResponse response = structure.parse(SDK.valueToTree(completion));
        assertThat(response).isEqualTo(new ModelResponse("Oslo", new TokenUsage(30L, 12L, 16L, 6L, 7L), "length",
                List.of(), "gpt-x"));
    }

    @Test
    void shouldReadAnSdkCompletionWithoutUsageDetailsAsPartlyUnknown() throws Exception {
        ChatCompletion completion = ChatCompletion.builder().id("chatcmpl-2").created(1L).model("gpt-x")
                .addChoice(choice(ChatCompletionMessage.builder().content("Hi").refusal((String) null).build(),
                        ChatCompletion.Choice.FinishReason.STOP))
                .usage(CompletionUsage.builder().promptTokens(3).completionTokens(1).totalTokens(4).build())
                .build();
        assertThat(structure.parse(SDK.valueToTree(completion)).usage()).isEqualTo(TokenUsage.of(3L, 1L));
    }

    @Test
    void shouldReportAnSdkRefusalAsUpstreamError() {
        ChatCompletion completion = ChatCompletion.builder().id("chatcmpl-3").created(1L).model("gpt-x")
                .addChoice(choice(ChatCompletionMessage.builder().content((String) null)
                        .refusal("I can't help with that.").build(), ChatCompletion.Choice.FinishReason.STOP))
                .build();
        assertFails(() -> structure.parse(SDK.valueToTree(completion)), FailureCategory.UpstreamError)
                .hasMessage("model refused");
    }

    @Test
    void shouldReadChunksSerializedByTheSdk() throws Exception {
        List<ChatCompletionChunk> chunks = List.of(chunk(delta("").role(
                ChatCompletionChunk.Choice.Delta.Role.ASSISTANT), null), chunk(delta("Hel"), null),
                chunk(delta("lo"), null), chunk(ChatCompletionChunk.Choice.Delta.builder(),
                        ChatCompletionChunk.Choice.FinishReason.STOP),
                ChatCompletionChunk.builder().id("c").created(1L).model("gpt-x").choices(List.of())
                        .usage(CompletionUsage.builder().promptTokens(9).completionTokens(2).totalTokens(11)
                                .promptTokensDetails(CompletionUsage.PromptTokensDetails.builder().cachedTokens(4)
                                        .build())
                                .build())
                        .build());
        List<StreamEvent> events = new ArrayList<>();
        for (ChatCompletionChunk chunk : chunks) {
            events.addAll(structure.parseStreamEvent(null, SDK.writeValueAsString(chunk)));
        }
        assertThat(structure.parseStreamEvent(null, "[DONE]")).isEmpty();
        // The model once, from the chunk that opens the message (it has the role), though every chunk repeats it.
        assertThat(events).containsExactly(new StreamEvent.Model("gpt-x"), new StreamEvent.TextDelta("Hel"),
                new StreamEvent.TextDelta("lo"), new StreamEvent.Finish("stop"),
                new StreamEvent.Usage(new TokenUsage(9L, 2L, 4L, null, null)));
    }

    @Test
    void shouldReportAnSdkErrorObjectWithoutItsMessage() throws Exception {
        ErrorObject error = ErrorObject.builder().message("You exceeded your quota for key sk-proj-abc")
                .type("insufficient_quota").code("insufficient_quota").param((String) null).build();
        JsonNode body = json("{\"error\": " + SDK.writeValueAsString(error) + "}");
        assertFails(() -> structure.parse(body), FailureCategory.UpstreamError)
                .hasMessage("endpoint answered with an error: type insufficient_quota, code insufficient_quota")
                .hasMessageNotContaining("sk-proj-abc");
    }

    private static ChatCompletion.Choice choice(ChatCompletionMessage message,
            ChatCompletion.Choice.FinishReason finishReason) {
        return ChatCompletion.Choice.builder().index(0).message(message).finishReason(finishReason)
                .logprobs((ChatCompletion.Choice.Logprobs) null).build();
    }

    private static ChatCompletionChunk.Choice.Delta.Builder delta(String content) {
        return ChatCompletionChunk.Choice.Delta.builder().content(content);
    }

    private static ChatCompletionChunk chunk(ChatCompletionChunk.Choice.Delta.Builder delta,
            ChatCompletionChunk.Choice.FinishReason finishReason) {
        return ChatCompletionChunk.builder().id("c").created(1L).model("gpt-x")
                .addChoice(ChatCompletionChunk.Choice.builder().index(0).delta(delta.build())
                        .finishReason(finishReason).build())
                .build();
    }
}
