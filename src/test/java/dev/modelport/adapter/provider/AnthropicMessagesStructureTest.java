package dev.modelport.adapter.provider;

import static dev.modelport.adapter.provider.ProviderFixtures.assertFails;
import static dev.modelport.adapter.provider.ProviderFixtures.call;
import static dev.modelport.adapter.provider.ProviderFixtures.everything;
import static dev.modelport.adapter.provider.ProviderFixtures.inlineImage;
import static dev.modelport.adapter.provider.ProviderFixtures.json;
import static dev.modelport.adapter.provider.ProviderFixtures.render;
import static dev.modelport.adapter.provider.ProviderFixtures.wav;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.MediaPart;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.Structure;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.adapter.ToolCall;
import dev.modelport.api.v1alpha1.ProviderApi;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AnthropicMessagesStructureTest {

    private final Structure structure = everything(ProviderApi.AnthropicMessages);

    @Test
    void shouldRenderAPlainPromptWithTheDefaultMaxTokens() throws AdapterException {
        assertThat(structure.render(call("Say \"hi\"").build())).isEqualTo("{\"model\":\"test-model-1\","
                + "\"max_tokens\":1024,\"messages\":[{\"role\":\"user\",\"content\":\"Say \\\"hi\\\"\"}]}");
    }

    @Test
    void shouldSendTheSystemPromptAtTopLevelAndExamplesAsAlternatingTurns() throws AdapterException {
        JsonNode body = render(structure, call("Q3").system("Be brief").example("Q1", "A1").example("Q2", "A2"));
        assertThat(body.get("system").asText()).isEqualTo("Be brief");
        assertThat(body.get("messages")).isEqualTo(json("""
                [{"role": "user", "content": "Q1"}, {"role": "assistant", "content": "A1"},
                 {"role": "user", "content": "Q2"}, {"role": "assistant", "content": "A2"},
                 {"role": "user", "content": "Q3"}]"""));
    }

    @Test
    void shouldLeaveOutAMissingOrBlankSystemPrompt() throws AdapterException {
        assertThat(render(structure, call("Hi")).has("system")).isFalse();
        assertThat(render(structure, call("Hi").system(" ")).has("system")).isFalse();
    }

    @Test
    void shouldSendImagesAsBase64OrUrlSourcesBeforeThePrompt() throws AdapterException {
        JsonNode content = render(structure, call("Compare").media(inlineImage())
                .media(MediaPart.imageUrl("https://example.com/b.webp"))).at("/messages/0/content");
        assertThat(content).isEqualTo(json("""
                [{"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
                 {"type": "image", "source": {"type": "url", "url": "https://example.com/b.webp"}},
                 {"type": "text", "text": "Compare"}]"""));
    }

    @Test
    void shouldRejectAudioInputEvenWhenTheModelDeclaresIt() {
        assertFails(() -> structure.render(call("Transcribe").media(wav()).build()),
                FailureCategory.FeatureNotSupported).hasMessageContaining("audio input")
                .hasMessageContaining("Anthropic");
    }

    @Test
    void shouldAskForJsonThroughOutputConfigFormat() throws AdapterException {
        JsonNode body = render(structure, call("Hi").schema("{\"type\": \"object\"}").schemaName("ignored"));
        assertThat(body.get("output_config")).isEqualTo(json("""
                {"format": {"type": "json_schema", "schema": {"type": "object"}}}"""));
        assertThat(body.has("tools") || body.has("tool_choice")).isFalse();
    }

    @Test
    void shouldStreamOnlyWhenAsked() throws AdapterException {
        assertThat(render(structure, call("Hi").stream()).get("stream").asBoolean()).isTrue();
        assertThat(render(structure, call("Hi")).has("stream")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"max_tokens\": 50}|50", "{\"max_completion_tokens\": 60}|60",
        "{\"max_completion_tokens\": 60, \"max_tokens\": 50}|50", "{\"max_tokens\": null}|1024"})
    void shouldTakeMaxTokensFromEitherOpenAiName(String options, long expected) throws AdapterException {
        JsonNode body = render(structure, call("Hi").options(options));
        assertThat(body.get("max_tokens").longValue()).isEqualTo(expected);
        assertThat(body.has("max_completion_tokens")).isFalse();
    }

    @Test
    void shouldCopySamplingOptions() throws AdapterException {
        JsonNode body = render(structure, call("Hi").options("{\"temperature\": 0.5, \"top_p\": 0.8, \"top_k\": 40}"));
        assertThat(body.get("temperature").doubleValue()).isEqualTo(0.5);
        assertThat(body.get("top_p").doubleValue()).isEqualTo(0.8);
        assertThat(body.get("top_k").intValue()).isEqualTo(40);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\"END\"|[\"END\"]", "[\"END\", \"\\n\\nHuman:\"]|[\"END\", \"\\n\\nHuman:\"]",
        "[]|[]"})
    void shouldSendStopAsAStopSequencesList(String stop, String expected) throws AdapterException {
        JsonNode body = render(structure, call("Hi").options("{\"stop\": " + stop + "}"));
        assertThat(body.get("stop_sequences")).isEqualTo(json(expected));
        assertThat(body.has("stop")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed", "presence_penalty", "frequency_penalty", "n", "user", "stop_sequences",
        "tools", "stream", "bogus"})
    void shouldRejectAnOptionOutsideTheAllowListNamingIt(String key) {
        assertFails(() -> structure.render(call("Hi").options("{\"" + key + "\": 1}").build()),
                FailureCategory.InvalidInput).hasMessageStartingWith("option " + key + " is not supported")
                .hasMessageContaining("top_k");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"max_tokens|0|a positive integer", "top_k|-1|a positive integer",
        "temperature|\"0.5\"|a number", "stop|{}|a string or a list of strings"})
    void shouldRejectAnOptionOfTheWrongType(String key, String value, String expected) {
        assertFails(() -> structure.render(call("Hi").options("{\"" + key + "\": " + value + "}").build()),
                FailureCategory.InvalidInput).hasMessage("option " + key + " must be " + expected);
    }

    @Test
    void shouldConcatenateAllTextBlocksReadToolUseAsToolCallsAndSkipOthers() throws AdapterException {
        ModelResponse response = structure.parse(json("""
                {"type": "message", "role": "assistant", "stop_reason": "end_turn",
                 "content": [{"type": "thinking", "thinking": "hmm", "signature": "s"},
                             {"type": "text", "text": "Oslo is "},
                             {"type": "tool_use", "id": "t", "name": "n", "input": {}},
                             {"type": "text", "text": "the capital."}],
                 "usage": {"input_tokens": 12, "output_tokens": 6, "cache_read_input_tokens": 100,
                           "cache_creation_input_tokens": 50}}"""));
        assertThat(response).isEqualTo(new ModelResponse("Oslo is the capital.",
                new TokenUsage(12L, 6L, 100L, 50L, null), "end_turn", List.of(new ToolCall("t", "n", "{}"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\"input_tokens\": null, \"output_tokens\": null,",
        "\"input_tokens\": \"12\", \"output_tokens\": 6.0, \"cache_read_input_tokens\": true,",
        "\"cache_creation_input_tokens\": [], \"cache_read_input_tokens\": null,"})
    void shouldReadMissingOrMalformedTokenCountsAsUnknown(String counts) throws AdapterException {
        ModelResponse response = structure.parse(json("""
                {"content": [], "usage": {%s "service_tier": "standard"}}""".formatted(counts)));
        assertThat(response).isEqualTo(new ModelResponse("", TokenUsage.UNKNOWN, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"content\": \"text\"}", "{\"content\": null}", "[]", "null"})
    void shouldRejectAResponseWithoutAContentArray(String response) {
        assertFails(() -> structure.parse(json(response)), FailureCategory.InvalidJson);
    }

    @Test
    void shouldReportAnErrorObjectByItsTypeOnly() {
        assertFails(() -> structure.parse(json("""
                {"type": "error", "error": {"type": "authentication_error",
                                            "message": "invalid x-api-key sk-ant-123"}}""")),
                FailureCategory.UpstreamError).hasMessage("endpoint answered with an error: type authentication_error")
                .hasMessageNotContaining("sk-ant-123").hasMessageNotContaining("invalid x-api-key");
    }

    @Test
    void shouldReportAnErrorTypeWithoutDetailsGenerically() {
        assertFails(() -> structure.parse(json("{\"type\": \"error\"}")), FailureCategory.UpstreamError)
                .hasMessage("endpoint answered with an error");
    }

    @Test
    void shouldStreamUsageTextAndFinishByEventName() throws AdapterException {
        assertThat(structure.parseStreamEvent("message_start", """
                {"type": "message_start", "message": {"id": "m", "content": [], "stop_reason": null,
                 "usage": {"input_tokens": 25, "output_tokens": 1, "cache_read_input_tokens": 10,
                           "cache_creation_input_tokens": 0}}}"""))
                .containsExactly(new StreamEvent.Usage(new TokenUsage(25L, null, 10L, 0L, null)));
        assertThat(structure.parseStreamEvent("content_block_delta", """
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Os"}}"""))
                .containsExactly(new StreamEvent.TextDelta("Os"));
        assertThat(structure.parseStreamEvent("message_delta", """
                {"type": "message_delta", "delta": {"stop_reason": "max_tokens", "stop_sequence": null},
                 "usage": {"output_tokens": 15}}"""))
                .containsExactly(new StreamEvent.Finish("max_tokens"), new StreamEvent.Usage(TokenUsage.of(null, 15L)));
    }

    @Test
    void shouldTakeTheEventTypeFromTheDataWhenTheEventHasNoName() throws AdapterException {
        assertThat(structure.parseStreamEvent(null, """
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "lo"}}"""))
                .containsExactly(new StreamEvent.TextDelta("lo"));
        assertThat(structure.parseStreamEvent(null, "{\"type\": \"ping\"}")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ping", "message_stop", "content_block_stop"})
    void shouldEmitNothingForEventsWithoutContentWithoutReadingThem(String eventName) throws AdapterException {
        assertThat(structure.parseStreamEvent(eventName, "not even json")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\": \"thinking_delta\", \"thinking\": \"hmm\"}",
        "{\"type\": \"signature_delta\", \"signature\": \"s\"}", "{\"type\": \"text_delta\", \"text\": \"\"}"})
    void shouldEmitNothingForDeltasThatAreNotAnswerText(String delta) throws AdapterException {
        assertThat(structure.parseStreamEvent("content_block_delta",
                "{\"type\": \"content_block_delta\", \"index\": 1, \"delta\": " + delta + "}")).isEmpty();
    }

    @Test
    void shouldSkipUnknownEvents() throws AdapterException {
        assertThat(structure.parseStreamEvent("future_event", "{\"type\": \"future_event\"}")).isEmpty();
    }

    @Test
    void shouldReportAnErrorEventAsUpstreamError() {
        assertFails(() -> structure.parseStreamEvent("error", """
                {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded sk-ant-123"}}"""),
                FailureCategory.UpstreamError).hasMessage("endpoint answered with an error: type overloaded_error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\": ", "[]", "\"message_delta\""})
    void shouldRejectAnEventThatIsNotAJsonObject(String data) {
        assertFails(() -> structure.parseStreamEvent("message_delta", data), FailureCategory.InvalidJson)
                .hasMessageNotContaining(data);
    }

    @Test
    void shouldRejectAnEventWithoutData() {
        assertFails(() -> structure.parseStreamEvent("message_delta", null), FailureCategory.InvalidJson);
    }
}
