package dev.modelport.adapter.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.StreamDecoder;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.StreamEvent.Finish;
import dev.modelport.adapter.StreamEvent.TextDelta;
import dev.modelport.adapter.StreamEvent.Usage;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.api.v1alpha1.CustomConfiguration;
import dev.modelport.api.v1alpha1.StreamFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A custom model's stream read event by event, as Hugging Face TGI and Ollama send theirs. */
class CustomStreamTest {

    private static final String TGI = """
            body: '{"inputs": "{{prompt}}", "stream": {{stream}}}'
            response:
              errorMessagePath: $.error
            streaming:
              format: SSE
              deltaPath: $.token.text
              usage: {outputTokensPath: $.details.generated_tokens}
              finishReasonPath: $.details.finish_reason
              doneWhen: {path: $.generated_text}
            """;

    /** generate_stream's events: a token each, and on the last one generated_text and details. */
    private static final List<String> TGI_EVENTS = List.of(
            "{\"index\":1,\"token\":{\"id\":1,\"text\":\"Hel\",\"logprob\":-0.1,\"special\":false},"
                    + "\"generated_text\":null,\"details\":null}",
            "{\"index\":2,\"token\":{\"id\":2,\"text\":\"lo\",\"logprob\":-0.1,\"special\":false},"
                    + "\"generated_text\":null,\"details\":null}",
            "{\"index\":3,\"token\":{\"id\":3,\"text\":\"!\",\"logprob\":-0.1,\"special\":false},"
                    + "\"generated_text\":\"Hello!\",\"details\":{\"finish_reason\":\"eos_token\","
                    + "\"generated_tokens\":3,\"seed\":null}}");

    private static final String OLLAMA = """
            body: '{"model": "llama3", "prompt": "{{prompt}}", "stream": {{stream}}}'
            streaming:
              format: NDJSON
              deltaPath: $.response
              usage: {inputTokensPath: $.prompt_eval_count, outputTokensPath: $.eval_count}
              finishReasonPath: $.done_reason
              doneWhen: {path: $.done, value: "true"}
            """;

    private static CustomStructure structure(String yaml) throws Exception {
        return new CustomStructure(new ObjectMapper(new YAMLFactory()).readValue(yaml, CustomConfiguration.class),
                null);
    }

    private static List<StreamEvent> decode(StreamDecoder decoder, List<String> events) throws AdapterException {
        List<StreamEvent> out = new ArrayList<>();
        for (String event : events) {
            out.addAll(decoder.event("message", event));
        }
        out.addAll(decoder.end());
        return out;
    }

    @Test
    void shouldReadTgiTokensWithUsageAndFinishReasonFromTheLastEvent() throws Exception {
        CustomStructure tgi = structure(TGI);
        assertThat(tgi.streams()).isTrue();
        assertThat(tgi.answerFormat().stream()).isEqualTo(StreamFormat.SSE);
        assertThat(decode(tgi.streamDecoder(), TGI_EVENTS)).containsExactly(new TextDelta("Hel"),
                new TextDelta("lo"), new TextDelta("!"), new Usage(TokenUsage.of(null, 3L)), new Finish("stop"));
    }

    @Test
    void shouldReadOllamaLinesUntilThePathHasTheValueAndIgnoreWhatFollows() throws Exception {
        CustomStructure ollama = structure(OLLAMA);
        assertThat(ollama.answerFormat().stream()).isEqualTo(StreamFormat.NDJSON);
        assertThat(decode(ollama.streamDecoder(), List.of(
                "{\"model\":\"llama3\",\"response\":\"Bon\",\"done\":false}",
                "{\"model\":\"llama3\",\"response\":\"jour\",\"done\":false}",
                "{\"model\":\"llama3\",\"response\":\"\",\"done\":true,\"done_reason\":\"length\","
                        + "\"prompt_eval_count\":26,\"eval_count\":2}",
                "{\"response\":\"after the end\"}")))
                .containsExactly(new TextDelta("Bon"), new TextDelta("jour"), new Usage(TokenUsage.of(26L, 2L)),
                        new Finish("length"));
    }

    @Test
    void shouldEndAtTheSentinelOrWithoutDoneWhenAtTheEndOfTheBody() throws Exception {
        String sentinel = "body: '{\"q\": \"{{prompt}}\"}'\nstreaming: {format: SSE, deltaPath: $.text, "
                + "doneWhen: {sentinel: '[DONE]'}}\n";
        assertThat(decode(structure(sentinel).streamDecoder(), List.of("{\"text\":\"a\"}", " [DONE] ",
                "{\"text\":\"b\"}"))).containsExactly(new TextDelta("a"), new Finish(null));

        String bodyEnd = "body: '{\"q\": \"{{prompt}}\"}'\nstreaming: {format: NDJSON, deltaPath: $.text}\n";
        assertThat(decode(structure(bodyEnd).streamDecoder(), List.of("{\"text\":\"a\"}", "{\"other\":1}")))
                .containsExactly(new TextDelta("a"), new Finish(null));
    }

    @Test
    void shouldNotFinishABodyThatEndsBeforeItsDoneWhen() throws Exception {
        StreamDecoder decoder = structure(TGI).streamDecoder();
        assertThat(decode(decoder, TGI_EVENTS.subList(0, 2))).containsExactly(new TextDelta("Hel"),
                new TextDelta("lo"));
    }

    @Test
    void shouldFailOnAMalformedEventOrAnErrorEventWithoutEchoingEither() throws Exception {
        StreamDecoder decoder = structure(TGI).streamDecoder();
        assertThatThrownBy(() -> decoder.event("message", "{\"token\": {\"text\": \"secret-detail"))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.InvalidJson);
                    assertThat(e.getMessage()).isEqualTo("a streamed event is not valid JSON");
                });
        assertThatThrownBy(() -> structure(TGI).streamDecoder().event("message",
                "{\"error\":\"secret-detail: out of memory\",\"error_type\":\"generation\"}"))
                .isInstanceOfSatisfying(AdapterException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.UpstreamError);
                    assertThat(e.getMessage()).doesNotContain("secret-detail");
                });
    }

    @Test
    void shouldMapFinishReasonsToOpenAisAndNeverPassTheEndpointsText() {
        assertThat(FinishReasons.openAi("eos_token")).isEqualTo("stop");
        assertThat(FinishReasons.openAi("stop_sequence")).isEqualTo("stop");
        assertThat(FinishReasons.openAi("MAX_TOKENS")).isEqualTo("length");
        assertThat(FinishReasons.openAi("length")).isEqualTo("length");
        assertThat(FinishReasons.openAi("safety")).isEqualTo("content_filter");
        assertThat(FinishReasons.openAi("<script>")).isEqualTo("stop");
        assertThat(FinishReasons.openAi(null)).isNull();
    }

    /**
     * An endpoint that always streams (no {{stream}} to ask it otherwise): a whole answer is read from its stream,
     * the text joined; one that asks is read as JSON.
     */
    @Test
    void shouldReadAWholeAnswerFromTheStreamOfAnEndpointThatAlwaysStreams() throws Exception {
        CustomStructure always = structure(TGI.replace(", \"stream\": {{stream}}", ""));
        String body = String.join("", TGI_EVENTS.stream().map(event -> "data:" + event + "\n\n").toList());

        assertThat(always.alwaysStreams()).isTrue();
        assertThat(structure(TGI).alwaysStreams()).isFalse();
        ModelResponse answer = always.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.output()).isEqualTo("Hello!");
        assertThat(answer.usage().outputTokens()).isEqualTo(3);
        assertThat(answer.finishReason()).isEqualTo("stop");
        assertThatThrownBy(() -> always.parse(TGI_EVENTS.get(0).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AdapterException.class).hasMessageContaining("ended before streaming.doneWhen was met");
    }
}
