package dev.modelport.adapter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.JsonPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathDetectorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PROMPT = "Write a short paragraph about the history of the printing press in Europe.";
    private static final String SENTENCE = "A few plain words that read like an answer to a question.";

    private final PathDetector detector = new PathDetector();

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static ObjectNode object(Map<String, ?> fields) {
        return MAPPER.valueToTree(fields);
    }

    private Detection detect(String response) {
        return detector.detect(json(response), null);
    }

    @Test
    void shouldNotPickTheEchoedPromptEvenWhenItIsTheLongestString() {
        ObjectNode neutralKey = object(Map.of("echo", PROMPT, "reply", "Gutenberg's press spread fast."));
        ObjectNode promptKey = object(Map.of("original_prompt", PROMPT + " Thanks!", "reply", "It spread fast."));
        ObjectNode quoted = object(Map.of("note", "You asked: " + PROMPT + " We answered below.",
                "reply", "It spread fast."));

        assertThat(detector.detect(neutralKey, PROMPT).outputPath()).isEqualTo("$.reply");
        assertThat(detector.detect(promptKey, PROMPT).outputPath()).isEqualTo("$.reply");
        assertThat(detector.detect(quoted, PROMPT).outputPath()).isEqualTo("$.reply");
        assertThat(detector.detect(neutralKey, PROMPT).candidates()).extracting(Candidate::path)
                .doesNotContain("$.echo");
    }

    /** Each path's runner-ups, for correcting a wrong pick: ranked, each less sure than the pick. */
    @Test
    void shouldKeepTheRunnerUpsOfEveryPathWithAConfidenceBelowThePicks() {
        Detection detection = detect("""
                {"output": {"text": "%s"}, "summary": "Plain words.",
                 "usage": {"prompt_tokens": 12, "completion_tokens": 9},
                 "billing": {"input_tokens": 12, "output_tokens": 9}}""".formatted(SENTENCE));

        assertThat(detection.outputPath()).isEqualTo("$.output.text");
        assertThat(detection.candidates()).extracting(Candidate::path).containsExactly("$.summary");
        assertThat(detection.inputTokensCandidates()).hasSize(1);
        assertThat(detection.outputTokensCandidates()).hasSize(1);
        assertThat(List.of(detection.inputTokensPath(), detection.inputTokensCandidates().get(0).path()))
                .containsExactlyInAnyOrder("$.usage.prompt_tokens", "$.billing.input_tokens");
        assertThat(detection.candidates().get(0).confidence()).isPositive().isLessThanOrEqualTo(0.5)
                .isLessThan(detection.confidence());
    }

    @Test
    void shouldNotPickAShortPromptEchoedAlone() {
        assertThat(detector.detect(object(Map.of("text", " Tell a joke ")), "Tell a joke").outputPath()).isNull();
    }

    @Test
    void shouldNotPickRequestEchoesOrUserAndSystemMessages() {
        Detection detection = detect("""
                {"query": "What is the capital of France and why did it become the capital?",
                 "messages": [
                   {"role": "system", "content": "You are a helpful and very knowledgeable geography assistant."},
                   {"role": "user", "content": [{"type": "text", "text": "What is the capital of France, please?"}]}],
                 "parameters": {"stop": "Observation and more words"},
                 "output": {"role": "assistant", "content": "Paris."}}
                """);

        assertThat(detection.outputPath()).isEqualTo("$.output.content");
        assertThat(detection.candidates()).isEmpty();
    }

    @Test
    void shouldFallBackToPromptPlusContinuationOnlyWhenNothingElseFits() {
        String fullText = PROMPT + " It began in Mainz around 1450 and reached Venice within twenty years.";

        Detection alone = detector.detect(json("[{\"generated_text\": " + quote(fullText) + "}]"), PROMPT);
        Detection withAnswer = detector.detect(object(Map.of("full", fullText, "text", "It began in Mainz.")), PROMPT);

        assertThat(alone.outputPath()).isEqualTo("$[0].generated_text");
        assertThat(alone.confidence()).isLessThan(0.5);
        assertThat(withAnswer.outputPath()).isEqualTo("$.text");
    }

    @Test
    void shouldNeverPickIdsModelsRolesReasonsTypesTimestampsOrUrlsByKey() {
        List<String> keys = List.of("id", "request_id", "requestId", "uuid", "object", "type", "role", "model",
                "model_id", "modelVersion", "finish_reason", "stop_reason", "finishReason", "status", "created_at",
                "createdAt", "timestamp", "url", "system_fingerprint", "stop_type");
        ObjectNode response = MAPPER.createObjectNode();
        keys.forEach(key -> response.put(key, SENTENCE));

        Detection detection = detector.detect(response, null);

        assertThat(detection.outputPath()).isNull();
        assertThat(detection.confidence()).isZero();
        assertThat(detection.candidates()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"3f2b8c1e-9a4d-4e7b-8c2f-1d0e9b8a7c6f", "9f86d081884c7d659a2feaa0c55ad015",
        "chatcmpl-9x8YzAbC1234", "msg_01XFDUDYJgAACzvnptvVoYEL", "2025-03-14T09:26:53.184Z",
        "https://example.com/answers/42", "assistant", "User", "system"})
    void shouldNeverPickMachineLookingValues(String value) {
        assertThat(detector.detect(object(Map.of("text", value)), null).outputPath()).isNull();
    }

    @Test
    void shouldPreferAnswerKeysOverLongerStringsUnderOtherKeys() {
        Detection detection = detect("""
                {"choices": [{"message": {"role": "assistant", "content": "Paris."}, "finish_reason": "stop"}],
                 "warning": "This model is deprecated and will be removed at the end of next quarter, please migrate."}
                """);

        assertThat(detection.outputPath()).isEqualTo("$.choices[0].message.content");
    }

    @Test
    void shouldNotPickPerTokenData() {
        Detection detection = detect("""
                {"choices": [{"message": {"role": "assistant", "content": "Hi."},
                  "logprobs": {"content": [{"token": "Hi", "top_logprobs": [{"token": " Hello"}]}]}}],
                 "details": {"prefill": [{"id": 1, "text": "A fairly long fragment of the prompt, split up"}],
                             "tokens": [{"id": 2, "text": "Hi and then some more text of a token"}]}}
                """);

        assertThat(detection.outputPath()).isEqualTo("$.choices[0].message.content");
        assertThat(detection.candidates()).isEmpty();
    }

    @Test
    void shouldPreferTheFirstChoice() {
        Detection detection = detect("""
                {"choices": [
                  {"index": 0, "message": {"role": "assistant", "content": "The first answer."}},
                  {"index": 1, "message": {"role": "assistant", "content": "A second and rather longer answer."}}]}
                """);

        assertThat(detection.outputPath()).isEqualTo("$.choices[0].message.content");
        assertThat(detection.candidates()).extracting(Candidate::path).containsExactly("$.choices[1].message.content");
    }

    @Test
    void shouldPreferTheAnswerBlockOverReasoningThatComesFirst() {
        Detection anthropic = detect("""
                {"role": "assistant", "content": [
                  {"type": "thinking", "thinking": "The user wants a number. 6 times 7 is 42, so I will say that.",
                   "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},
                  {"type": "text", "text": "It is 42."}]}
                """);
        Detection responses = detect("""
                {"output": [
                  {"type": "reasoning", "id": "rs_6a1f0c2b9e3d", "summary": []},
                  {"type": "message", "role": "assistant",
                   "content": [{"type": "output_text", "text": "It is 42.", "annotations": []}]}]}
                """);

        assertThat(anthropic.outputPath()).isEqualTo("$.content[1].text");
        assertThat(responses.outputPath()).isEqualTo("$.output[1].content[0].text");
    }

    @Test
    void shouldNeverPickTotals() {
        assertThat(detect("{\"usage\": {\"total_tokens\": 30, \"totalTokenCount\": 30, \"total_prompt_tokens\": 10, "
                + "\"total_completion_tokens\": 20}}"))
                .extracting(Detection::inputTokensPath, Detection::outputTokensPath).containsExactly(null, null);
        assertThat(detect("{\"usage\": {\"total_tokens\": 30, \"prompt_tokens\": 10, \"completion_tokens\": 20}}"))
                .extracting(Detection::inputTokensPath, Detection::outputTokensPath)
                .containsExactly("$.usage.prompt_tokens", "$.usage.completion_tokens");
    }

    @Test
    void shouldIgnoreCountsThatAreNotNonNegativeIntegers() {
        Detection detection = detect("""
                {"usage": {"prompt_tokens": 12.5, "completion_tokens": null},
                 "meta": {"input_tokens": "12", "output_tokens": -1},
                 "stats": {"prompt_tokens": 12.0, "completion_tokens": true}}
                """);

        assertThat(detection.inputTokensPath()).isNull();
        assertThat(detection.outputTokensPath()).isNull();
    }

    @Test
    void shouldIgnorePartsOfCountsAndRequestLimits() {
        Detection detection = detect("""
                {"usage": {"cache_read_input_tokens": 5, "prompt_tokens_details": {"cached_tokens": 5},
                           "completion_tokens_details": {"reasoning_tokens": 7}},
                 "max_output_tokens": 256, "options": {"num_predict_tokens": 128}, "context": [1, 2, 3]}
                """);

        assertThat(detection.inputTokensPath()).isNull();
        assertThat(detection.outputTokensPath()).isNull();
    }

    @Test
    void shouldWriteBracketNotationForKeysThatAreNotIdentifiers() {
        JsonNode response = json("""
                {"data-out": {"generated text": "Hello there, friend."},
                 "it's": {"usage": {"prompt-tokens": 3, "completion tokens": 4}}}
                """);

        Detection detection = detector.detect(response, null);

        assertThat(detection.outputPath()).isEqualTo("$['data-out']['generated text']");
        assertThat(detection.inputTokensPath()).isEqualTo("$['it\\'s'].usage['prompt-tokens']");
        assertThat(detection.outputTokensPath()).isEqualTo("$['it\\'s'].usage['completion tokens']");
        String text = response.toString();
        assertThat(JsonPath.<Object>read(text, detection.outputPath())).isEqualTo("Hello there, friend.");
        assertThat(JsonPath.<Object>read(text, detection.inputTokensPath())).isEqualTo(3);
        assertThat(JsonPath.<Object>read(text, detection.outputTokensPath())).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "{\"a\": 1, \"b\": true, \"c\": null, \"d\": [2.5]}", "{\"text\": \"  \"}"})
    void shouldFindNothingWithoutStrings(String response) {
        Detection detection = detect(response);

        assertThat(detection.outputPath()).isNull();
        assertThat(detection.confidence()).isZero();
        assertThat(detection.candidates()).isEmpty();
    }

    @Test
    void shouldTreatNullAsAnEmptyResponse() {
        assertThat(detector.detect(null, PROMPT)).isEqualTo(new Detection(null, null, null, 0, List.of()));
    }

    @Test
    void shouldListAtMostFiveRunnersUpBestFirst() {
        ObjectNode response = MAPPER.createObjectNode();
        for (String key : List.of("text", "answer", "reply", "note", "comment", "body", "caption", "extra")) {
            response.put(key, SENTENCE);
        }

        Detection detection = detector.detect(response, null);

        assertThat(detection.outputPath()).isEqualTo("$.text");
        assertThat(detection.candidates()).hasSize(5).extracting(Candidate::path).doesNotContain("$.text");
        assertThat(detection.candidates()).extracting(Candidate::score)
                .isSortedAccordingTo(Collections.reverseOrder());
        assertThat(detection.confidence()).isBetween(0.0, 1.0);
    }

    @Test
    void shouldBreakTiesByShorterThenSmallerPathWhateverTheKeyOrder() {
        String forward = "{\"b\": {\"text\": \"Same words here.\"}, \"a\": {\"text\": \"Same words here.\"}}";
        String shorter = "{\"aa\": {\"text\": \"Same words here.\"}, \"b\": {\"text\": \"Same words here.\"}}";

        assertThat(detect(forward).outputPath()).isEqualTo("$.a.text");
        assertThat(detector.detect(reversed(json(forward)), null)).isEqualTo(detect(forward));
        assertThat(detect(shorter).outputPath()).isEqualTo("$.b.text");
    }

    @ParameterizedTest
    @MethodSource("dev.modelport.adapter.detect.PathDetectorCorpusTest#corpus")
    void shouldNotDependOnTheOrderOfKeys(CorpusSample sample) {
        assertThat(detector.detect(reversed(sample.response()), sample.prompt()))
                .isEqualTo(detector.detect(sample.response(), sample.prompt()));
    }

    @Test
    void shouldReadRootArrays() {
        Detection detection = detect("[{\"generated_text\": \"First continuation.\"}, "
                + "{\"generated_text\": \"Second continuation.\"}]");

        assertThat(detection.outputPath()).isEqualTo("$[0].generated_text");
        assertThat(detection.candidates()).extracting(Candidate::path).containsExactly("$[1].generated_text");
    }

    @Test
    void shouldPickTheFirstStringOfAnAnswerArray() {
        Detection detection = detect("{\"outputs\": [\"A first answer.\", \"A second, longer answer.\"]}");

        assertThat(detection.outputPath()).isEqualTo("$.outputs[0]");
    }

    @Test
    void shouldGiveTheKnownProviderPathsWithFullConfidence() {
        assertThat(PathDetector.openAiChatCompletions()).isEqualTo(new Detection("$.choices[0].message.content",
                "$.usage.prompt_tokens", "$.usage.completion_tokens", 1.0, List.of()));
        assertThat(PathDetector.anthropicMessages()).isEqualTo(new Detection("$.content[0].text",
                "$.usage.input_tokens", "$.usage.output_tokens", 1.0, List.of()));
    }

    /** The same tree with every object's keys in reverse order. */
    private static JsonNode reversed(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            Collections.reverse(fields);
            ObjectNode copy = MAPPER.createObjectNode();
            fields.forEach(field -> copy.set(field.getKey(), reversed(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = MAPPER.createArrayNode();
            node.forEach(element -> copy.add(reversed(element)));
            return copy;
        }
        return node;
    }

    private static String quote(String text) {
        return MAPPER.getNodeFactory().textNode(text).toString();
    }
}
