package dev.modelport.adapter.provider;

import static dev.modelport.adapter.provider.ProviderFixtures.assertFails;
import static dev.modelport.adapter.provider.ProviderFixtures.call;
import static dev.modelport.adapter.provider.ProviderFixtures.everything;
import static dev.modelport.adapter.provider.ProviderFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.core.JsonValue;
import com.anthropic.core.ObjectMappers;
import com.anthropic.models.ErrorObject;
import com.anthropic.models.ErrorResponse;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageDeltaUsage;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.Model;
import com.anthropic.models.messages.OutputTokensDetails;
import com.anthropic.models.messages.RawContentBlockDeltaEvent;
import com.anthropic.models.messages.RawContentBlockStartEvent;
import com.anthropic.models.messages.RawContentBlockStopEvent;
import com.anthropic.models.messages.RawMessageDeltaEvent;
import com.anthropic.models.messages.RawMessageStartEvent;
import com.anthropic.models.messages.RawMessageStopEvent;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlock;
import com.anthropic.models.messages.TextCitation;
import com.anthropic.models.messages.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The official anthropic-java SDK as the reference for the wire format, in both directions. */
class AnthropicMessagesStructureSdkTest {

    private static final JsonMapper SDK = ObjectMappers.jsonMapper();
    private static final String MODEL = Model.CLAUDE_SONNET_5_5.asString();
    private static final String SCHEMA = """
            {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"],
             "additionalProperties": false}""";

    private final Structure structure = everything(ProviderApi.AnthropicMessages, MODEL);

    private static MessageCreateParams.Body sdkBody(String rendered) throws Exception {
        return SDK.readValue(rendered, MessageCreateParams.Body.class).validate();
    }

    @Test
    void shouldRenderARequestTheSdkReadsBackCompletely() throws Exception {
        MessageCreateParams.Body body = sdkBody(structure.render(call("Which city?").system("Be brief")
                .example("Capital of France?", "{\"city\": \"Paris\"}").media(ProviderFixtures.inlineImage())
                .media(MediaPart.imageUrl("https://example.com/m.jpg")).schema(SCHEMA)
                .options("{\"max_tokens\": 300, \"stop\": \"END\", \"temperature\": 0.2}").stream().build()));

        assertThat(body.model().asString()).isEqualTo(MODEL);
        assertThat(body.maxTokens()).isEqualTo(300);
        assertThat(body.system().orElseThrow().asString()).isEqualTo("Be brief");
        List<MessageParam> messages = body.messages();
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).asUser().content().asString()).isEqualTo("Capital of France?");
        assertThat(messages.get(1).asAssistant().content().asString()).isEqualTo("{\"city\": \"Paris\"}");

        List<ContentBlockParam> blocks = messages.get(2).asUser().content().asContentBlockParams();
        assertThat(blocks).hasSize(3);
        assertThat(blocks.get(0).asImage().source().asBase64().data()).isEqualTo("iVBORw0KGgo=");
        assertThat(blocks.get(0).asImage().source().asBase64().mediaType().asString()).isEqualTo("image/png");
        assertThat(blocks.get(1).asImage().source().asUrl().url()).isEqualTo("https://example.com/m.jpg");
        assertThat(blocks.get(2).asText().text()).isEqualTo("Which city?");

        JsonNode schema = SDK.valueToTree(body.outputConfig().orElseThrow().format().orElseThrow().schema());
        assertThat(schema).isEqualTo(json(SCHEMA));
        assertThat(body.stopSequences().orElseThrow()).containsExactly("END");
        // 3.14.0 types neither stream (the SDK sets it) nor the sampling options (see AnthropicMessagesStructure).
        assertThat(body._additionalProperties()).isEqualTo(Map.of("stream", JsonValue.from(true),
                "temperature", JsonValue.from(0.2)));
    }

    @Test
    void shouldRenderAPlainRequestTheSdkReadsAsATextMessage() throws Exception {
        MessageCreateParams.Body body = sdkBody(structure.render(call("Hello").build()));
        assertThat(body.maxTokens()).isEqualTo(AnthropicMessagesStructure.DEFAULT_MAX_TOKENS);
        assertThat(body.system()).isEmpty();
        assertThat(body.messages()).singleElement()
                .satisfies(message -> assertThat(message.asUser().content().asString()).isEqualTo("Hello"));
        assertThat(body.outputConfig()).isEmpty();
        assertThat(body._additionalProperties()).isEmpty();
    }

    @Test
    void shouldReadAMultiBlockMessageSerializedByTheSdk() throws Exception {
        Message message = message(List.of(text("{\"city\": "), text("\"Oslo\"}")), StopReason.END_TURN,
                usage(40, 9).cacheReadInputTokens(1200L).cacheCreationInputTokens(300L)
                        .outputTokensDetails(OutputTokensDetails.builder().thinkingTokens(5).build()).build());
        ModelResponse response = structure.parse(SDK.valueToTree(message));
        assertThat(response).isEqualTo(new ModelResponse("{\"city\": \"Oslo\"}",
                new TokenUsage(40L, 9L, 1200L, 300L, 5L), "end_turn", List.of(), MODEL));
    }

    @Test
    void shouldReadUnreportedCacheCountsAsUnknown() throws Exception {
        Message message = message(List.of(text("Hi")), StopReason.MAX_TOKENS, usage(4, 1).build());
        assertThat(structure.parse(SDK.valueToTree(message)))
                .isEqualTo(new ModelResponse("Hi", TokenUsage.of(4L, 1L), "max_tokens", List.of(), MODEL));
    }

    @Test
    void shouldReadAStreamSerializedByTheSdk() throws Exception {
        Message start = message(List.of(), null,
                usage(25, 1).cacheReadInputTokens(100L).cacheCreationInputTokens(0L).build());
        List<RawMessageStreamEvent> stream = List.of(
                RawMessageStreamEvent.ofMessageStart(RawMessageStartEvent.builder().message(start).build()),
                RawMessageStreamEvent.ofContentBlockStart(RawContentBlockStartEvent.builder().index(0)
                        .contentBlock(text("")).build()),
                RawMessageStreamEvent.ofContentBlockDelta(RawContentBlockDeltaEvent.builder().index(0)
                        .textDelta("Os").build()),
                RawMessageStreamEvent.ofContentBlockDelta(RawContentBlockDeltaEvent.builder().index(0)
                        .textDelta("lo").build()),
                RawMessageStreamEvent.ofContentBlockStop(RawContentBlockStopEvent.builder().index(0).build()),
                RawMessageStreamEvent.ofMessageDelta(messageDelta(StopReason.END_TURN, 15, 4)),
                RawMessageStreamEvent.ofMessageStop(RawMessageStopEvent.builder().build()));
        List<StreamEvent> events = new ArrayList<>();
        for (RawMessageStreamEvent event : stream) {
            JsonNode data = SDK.valueToTree(event);
            events.addAll(structure.parseStreamEvent(data.get("type").asText(), data.toString()));
        }
        assertThat(events).containsExactly(new StreamEvent.Model(MODEL),
                new StreamEvent.Usage(new TokenUsage(25L, null, 100L, 0L, null)),
                new StreamEvent.TextDelta("Os"), new StreamEvent.TextDelta("lo"), new StreamEvent.Finish("end_turn"),
                new StreamEvent.Usage(new TokenUsage(null, 15L, null, null, 4L)));
    }

    @Test
    void shouldReportAnSdkErrorResponseWithoutItsMessage() throws Exception {
        ErrorResponse error = ErrorResponse.builder()
                .error(ErrorObject.ofRateLimitError("Rate limited for key sk-ant-api03-xyz")).requestId("req_1")
                .build();
        JsonNode body = SDK.valueToTree(error);
        assertFails(() -> structure.parse(body), FailureCategory.UpstreamError)
                .hasMessage("endpoint answered with an error: type rate_limit_error")
                .hasMessageNotContaining("sk-ant-api03-xyz");
        assertFails(() -> structure.parseStreamEvent("error", body.toString()), FailureCategory.UpstreamError)
                .hasMessage("endpoint answered with an error: type rate_limit_error");
    }

    private static RawMessageDeltaEvent messageDelta(StopReason stopReason, long outputTokens,
            long thinkingTokens) {
        return RawMessageDeltaEvent.builder()
                .delta(RawMessageDeltaEvent.Delta.builder().stopReason(stopReason).stopSequence((String) null)
                        .container(Optional.empty()).stopDetails(Optional.empty()).build())
                .usage(MessageDeltaUsage.builder().outputTokens(outputTokens).inputTokens((Long) null)
                        .cacheReadInputTokens((Long) null).cacheCreationInputTokens((Long) null)
                        .serverToolUse(Optional.empty())
                        .outputTokensDetails(OutputTokensDetails.builder().thinkingTokens(thinkingTokens).build())
                        .build())
                .build();
    }

    private static TextBlock text(String text) {
        return TextBlock.builder().text(text).citations((List<TextCitation>) null).build();
    }

    /** Counts the SDK marks as nullable are null unless given. */
    private static Usage.Builder usage(long input, long output) {
        return Usage.builder().inputTokens(input).outputTokens(output).cacheReadInputTokens((Long) null)
                .cacheCreationInputTokens((Long) null).cacheCreation(Optional.empty())
                .inferenceGeo(Optional.empty()).outputTokensDetails(Optional.empty())
                .serverToolUse(Optional.empty()).serviceTier(Optional.empty()).speed(Optional.empty());
    }

    private static Message message(List<TextBlock> blocks, StopReason stopReason, Usage usage) {
        Message.Builder message = Message.builder().id("msg_1").model(MODEL).content(List.of())
                .stopReason(stopReason).stopSequence((String) null).usage(usage).container(Optional.empty())
                .diagnostics(Optional.empty()).stopDetails(Optional.empty());
        blocks.forEach(message::addContent);
        return message.build();
    }
}
