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
import dev.modelport.api.v1alpha1.ProviderApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiChatStructureTest {

    private final Structure structure = everything(ProviderApi.OpenAIChatCompletions);

    @Test
    void shouldRenderAPlainPromptAsStringContent() throws AdapterException {
        assertThat(structure.render(call("Say \"hi\"\n").build())).isEqualTo(
                "{\"model\":\"test-model-1\",\"messages\":[{\"role\":\"user\",\"content\":\"Say \\\"hi\\\"\\n\"}]}");
    }

    @Test
    void shouldPutTheSystemPromptFirstAndExamplesAsAlternatingTurns() throws AdapterException {
        JsonNode messages = render(structure, call("Q3").system("Be brief").example("Q1", "A1").example("Q2", "A2"))
                .get("messages");
        assertThat(messages).hasSize(6);
        String[][] expected = {{"system", "Be brief"}, {"user", "Q1"}, {"assistant", "A1"}, {"user", "Q2"},
                {"assistant", "A2"}, {"user", "Q3"}};
        for (int i = 0; i < expected.length; i++) {
            assertThat(messages.get(i).get("role").asText()).isEqualTo(expected[i][0]);
            assertThat(messages.get(i).get("content").asText()).isEqualTo(expected[i][1]);
        }
    }

    @Test
    void shouldLeaveOutABlankSystemPrompt() throws AdapterException {
        assertThat(render(structure, call("Hi").system("  ")).get("messages")).hasSize(1);
    }

    @Test
    void shouldSendInlineImagesAsDataUrlsBeforeThePrompt() throws AdapterException {
        JsonNode content = render(structure, call("What is this?").media(inlineImage())).at("/messages/0/content");
        assertThat(content).isEqualTo(json("""
                [{"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
                 {"type": "text", "text": "What is this?"}]"""));
    }

    @Test
    void shouldSendImageUrlsAsTheyAre() throws AdapterException {
        JsonNode content = render(structure, call("And this?").media(MediaPart.imageUrl("https://example.com/c.jpg")))
                .at("/messages/0/content");
        assertThat(content.get(0)).isEqualTo(json("""
                {"type": "image_url", "image_url": {"url": "https://example.com/c.jpg"}}"""));
    }

    @ParameterizedTest
    @CsvSource({"audio/wav, wav", "audio/x-wav, wav", "audio/wave, wav", "audio/mpeg, mp3", "audio/mp3, mp3",
        "AUDIO/MPEG, mp3"})
    void shouldSendInlineAudioWithTheFormatOfItsMediaType(String mediaType, String format) throws AdapterException {
        MediaPart audio = MediaPart.inline(MediaPart.Kind.AUDIO, mediaType, "SUQz");
        JsonNode content = render(structure, call("Transcribe").media(audio)).at("/messages/0/content");
        assertThat(content.get(0)).isEqualTo(json("""
                {"type": "input_audio", "input_audio": {"data": "SUQz", "format": "%s"}}""".formatted(format)));
    }

    @Test
    void shouldRejectAudioThatIsNeitherWavNorMp3() {
        MediaPart ogg = MediaPart.inline(MediaPart.Kind.AUDIO, "audio/ogg", "T2dn");
        assertFails(() -> structure.render(call("Transcribe").media(ogg).build()),
                FailureCategory.FeatureNotSupported).hasMessageContaining("wav or mp3");
    }

    @Test
    void shouldRejectAudioByUrl() {
        MediaPart remote = new MediaPart(MediaPart.Kind.AUDIO, "audio/wav", "https://example.com/a.wav", null);
        assertFails(() -> structure.render(call("Transcribe").media(remote).build()),
                FailureCategory.FeatureNotSupported).hasMessageContaining("inline");
    }

    @Test
    void shouldAskForAStrictJsonSchemaNamedResponseByDefault() throws AdapterException {
        JsonNode body = render(structure, call("Hi").schema("{\"type\": \"object\"}"));
        assertThat(body.get("response_format")).isEqualTo(json("""
                {"type": "json_schema",
                 "json_schema": {"name": "response", "schema": {"type": "object"}, "strict": true}}"""));
    }

    @Test
    void shouldUseTheGivenResponseFormatName() throws AdapterException {
        JsonNode body = render(structure, call("Hi").schema("{\"type\": \"object\"}").schemaName("city_facts"));
        assertThat(body.at("/response_format/json_schema/name").asText()).isEqualTo("city_facts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "dots.not.allowed"})
    void shouldRejectAResponseFormatNameOpenAiRefuses(String name) {
        assertFails(() -> structure.render(call("Hi").schema("{}").schemaName(name).build()),
                FailureCategory.InvalidInput).hasMessageContaining("response format name");
    }

    @Test
    void shouldIgnoreAResponseFormatNameWithoutAResponseFormat() throws AdapterException {
        assertThat(render(structure, call("Hi").schemaName("has space")).has("response_format")).isFalse();
    }

    @Test
    void shouldAskForUsageWhenStreaming() throws AdapterException {
        JsonNode body = render(structure, call("Hi").stream());
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("stream_options")).isEqualTo(json("{\"include_usage\": true}"));
    }

    @Test
    void shouldSendNoStreamFieldsWhenNotStreaming() throws AdapterException {
        JsonNode body = render(structure, call("Hi"));
        assertThat(body.has("stream") || body.has("stream_options")).isFalse();
    }

    @Test
    void shouldCopyAllowedOptionsAsTheyAre() throws AdapterException {
        String options = """
                {"max_tokens": 100, "max_completion_tokens": 200, "temperature": 0.2, "top_p": 0.9,
                 "stop": ["\\n\\n", "END"], "seed": -7, "presence_penalty": 0.5, "frequency_penalty": -0.5,
                 "logit_bias": {"50256": -100}, "n": 1, "user": "u-1", "safety_identifier": "s-1",
                 "reasoning_effort": "low", "verbosity": "low"}""";
        JsonNode body = render(structure, call("Hi").options(options));
        JsonNode expected = json(options);
        expected.properties().forEach(option -> assertThat(body.get(option.getKey())).as(option.getKey())
                .isEqualTo(option.getValue()));
    }

    @Test
    void shouldAcceptStopAsASingleString() throws AdapterException {
        assertThat(render(structure, call("Hi").options("{\"stop\": \"END\"}")).get("stop").asText())
                .isEqualTo("END");
    }

    @Test
    void shouldDropOptionsSetToNull() throws AdapterException {
        assertThat(render(structure, call("Hi").options("{\"temperature\": null}")).has("temperature")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tools", "tool_choice", "response_format", "stream", "logprobs", "store", "top_k",
        "bogus"})
    void shouldRejectAnOptionOutsideTheAllowListNamingIt(String key) {
        assertFails(() -> structure.render(call("Hi").options("{\"" + key + "\": true}").build()),
                FailureCategory.InvalidInput).hasMessageStartingWith("option " + key + " is not supported")
                .hasMessageContaining("temperature");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 5})
    void shouldRejectMoreThanOneChoice(int n) {
        assertFails(() -> structure.render(call("Hi").options("{\"n\": " + n + "}").build()),
                FailureCategory.InvalidInput).hasMessageContaining("n must be 1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"temperature|\"hot\"|a number", "max_tokens|0|a positive integer",
        "max_completion_tokens|1.5|a positive integer", "seed|\"7\"|an integer",
        "stop|[1]|a string or a list of strings",
        "user|3|a string", "logit_bias|[]|an object", "n|0|a positive integer"})
    void shouldRejectAnOptionOfTheWrongType(String key, String value, String expected) {
        assertFails(() -> structure.render(call("Hi").options("{\"" + key + "\": " + value + "}").build()),
                FailureCategory.InvalidInput).hasMessage("option " + key + " must be " + expected);
    }

    @Test
    void shouldReadOutputFinishReasonAndUsage() throws AdapterException {
        ModelResponse response = structure.parse(json("""
                {"choices": [{"index": 0, "message": {"role": "assistant", "content": "Oslo"},
                              "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 20, "completion_tokens": 5, "total_tokens": 25,
                           "prompt_tokens_details": {"cached_tokens": 8, "cache_write_tokens": 4},
                           "completion_tokens_details": {"reasoning_tokens": 3}}}"""));
        assertThat(response).isEqualTo(new ModelResponse("Oslo", new TokenUsage(20L, 5L, 8L, 4L, 3L), "stop"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\"prompt_tokens\": null, \"completion_tokens\": null,",
        "\"prompt_tokens\": \"20\", \"completion_tokens\": 5.5,", "\"prompt_tokens\": -1, \"completion_tokens\": {},",
        "\"prompt_tokens_details\": null, \"completion_tokens_details\": {\"reasoning_tokens\": \"3\"},"})
    void shouldReadMissingOrMalformedTokenCountsAsUnknown(String counts) throws AdapterException {
        ModelResponse response = structure.parse(json("""
                {"choices": [{"message": {"content": "x"}}], "usage": {%s "total_tokens": 1}}"""
                .formatted(counts)));
        assertThat(response.usage()).isEqualTo(TokenUsage.UNKNOWN);
    }

    @Test
    void shouldReadAResponseWithoutUsageAsUnknownUsage() throws AdapterException {
        ModelResponse response = structure.parse(json("{\"choices\": [{\"message\": {\"content\": \"x\"}}]}"));
        assertThat(response).isEqualTo(new ModelResponse("x", TokenUsage.UNKNOWN, null));
    }

    @Test
    void shouldReportARefusalAsUpstreamErrorWithoutItsText() {
        assertFails(() -> structure.parse(json("""
                {"choices": [{"message": {"content": null, "refusal": "I can't help with secret-42"}}]}""")),
                FailureCategory.UpstreamError).hasMessage("model refused");
    }

    @Test
    void shouldRejectAMessageWithoutTextContent() {
        assertFails(() -> structure.parse(json("{\"choices\": [{\"message\": {\"content\": null}}]}")),
                FailureCategory.InvalidJson).hasMessageContaining("content");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"choices\": []}", "{\"choices\": {}}", "{\"choices\": [{\"text\": \"x\"}]}",
        "[]", "\"text\"", "null"})
    void shouldRejectAResponseWithoutChoices(String response) {
        assertFails(() -> structure.parse(json(response)), FailureCategory.InvalidJson);
    }

    @Test
    void shouldReportAnErrorObjectByTypeAndCodeOnly() {
        assertFails(() -> structure.parse(json("""
                {"error": {"message": "Incorrect API key provided: sk-live-123", "type": "invalid_request_error",
                           "code": "invalid_api_key", "param": null}}""")), FailureCategory.UpstreamError)
                .hasMessage("endpoint answered with an error: type invalid_request_error, code invalid_api_key")
                .hasMessageNotContaining("sk-live-123").hasMessageNotContaining("Incorrect");
    }

    @Test
    void shouldLeaveOutErrorFieldsThatAreNotIdentifiers() {
        assertFails(() -> structure.parse(json("""
                {"error": {"type": "bad key sk-live-123 given", "code": 429}}""")), FailureCategory.UpstreamError)
                .hasMessage("endpoint answered with an error: code 429");
    }

    @Test
    void shouldStreamTextFinishAndUsageFromChunks() throws AdapterException {
        assertThat(structure.parseStreamEvent(null, """
                {"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}""")).isEmpty();
        assertThat(structure.parseStreamEvent(null, """
                {"choices": [{"index": 0, "delta": {"content": "Os"}, "finish_reason": null}], "usage": null}"""))
                .containsExactly(new StreamEvent.TextDelta("Os"));
        assertThat(structure.parseStreamEvent(null, """
                {"choices": [{"index": 0, "delta": {"content": "lo"}, "finish_reason": "stop"}]}"""))
                .containsExactly(new StreamEvent.TextDelta("lo"), new StreamEvent.Finish("stop"));
        assertThat(structure.parseStreamEvent(null, """
                {"choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 2}}"""))
                .containsExactly(new StreamEvent.Usage(TokenUsage.of(9L, 2L)));
    }

    @Test
    void shouldSkipNullContentDeltas() throws AdapterException {
        assertThat(structure.parseStreamEvent(null, "{\"choices\": [{\"delta\": {\"content\": null}}]}")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[DONE]", " [DONE]\n", ""})
    void shouldEmitNothingForTheDoneMarker(String data) throws AdapterException {
        assertThat(structure.parseStreamEvent(null, data)).isEmpty();
        assertThat(structure.forwardsEvent(data)).as("the gateway sends its own end marker").isFalse();
    }

    @Test
    void shouldForwardEveryChunkEvenOneWithoutContent() {
        assertThat(structure.forwardsEvent("{\"choices\": [{\"delta\": {\"content\": null}}]}")).isTrue();
    }

    @Test
    void shouldReportAnErrorChunkAsUpstreamError() {
        assertFails(() -> structure.parseStreamEvent(null, """
                {"error": {"message": "echo sk-live-123", "type": "server_error", "code": null}}"""),
                FailureCategory.UpstreamError).hasMessage("endpoint answered with an error: type server_error");
    }

    @Test
    void shouldReportAStreamedRefusalAsUpstreamError() {
        assertFails(() -> structure.parseStreamEvent(null, """
                {"choices": [{"delta": {"content": null, "refusal": "I can't"}}]}"""),
                FailureCategory.UpstreamError).hasMessage("model refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"choices\": [", "[1]", "42"})
    void shouldRejectAChunkThatIsNotAJsonObject(String data) {
        assertFails(() -> structure.parseStreamEvent(null, data), FailureCategory.InvalidJson)
                .hasMessageNotContaining(data);
    }
}
