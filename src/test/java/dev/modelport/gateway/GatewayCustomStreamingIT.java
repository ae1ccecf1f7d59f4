package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.testing.ModelAnswers;
import dev.modelport.testing.ModelYaml;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Custom models that stream: the gateway reads the upstream's own stream (Hugging Face TGI's generate_stream
 * server-sent events, Ollama's NDJSON lines) and forwards each piece as it arrives.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayCustomStreamingIT extends GatewayTestBase {

    /** As text-generation-inference.openapi.json's StreamResponse: a token per event, the last with details. */
    static final String TGI_STREAM = tgiEvent(1, "Hel", "null", "null") + tgiEvent(2, "lo", "null", "null")
            + tgiEvent(3, "!", "\"Hello!\"", "{\"finish_reason\":\"eos_token\",\"generated_tokens\":3,"
                    + "\"input_length\":4,\"seed\":null}");
    static final String OLLAMA_STREAM = """
            {"model":"llama3","created_at":"2026-12-06T12:00:00Z","response":"Bon","done":false}
            {"model":"llama3","created_at":"2026-12-06T12:00:01Z","response":"jour","done":false}
            {"model":"llama3","created_at":"2026-12-06T12:00:02Z","response":"","done":true,"done_reason":"length",\
            "prompt_eval_count":26,"eval_count":2}
            """;

    static String tgiEvent(int index, String text, String generated, String details) {
        return "data:{\"index\":" + index + ",\"token\":{\"id\":" + index + ",\"text\":\"" + text
                + "\",\"logprob\":-0.3,\"special\":false},\"generated_text\":" + generated + ",\"details\":" + details
                + "}\n\n";
    }

    /** The README's and samples/' streaming TGI model, in the namespace, calling the path. */
    static String tgi(String namespace, String path) {
        try {
            String file = Files.readString(Path.of("samples/custom-streaming-tgi.yaml"));
            return file.substring(file.indexOf("apiVersion: modelport.dev"))
                    .replace("https://tgi.internal.example.com/", upstream.url(path))
                    .replace("namespace: team-a", "namespace: " + namespace)
                    .replace("name: tgi-credentials", "name: creds");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldStreamATgiGenerateStreamAsItsEventsArrive() {
        secret("custom-tgi", TOKEN);
        serve("custom-tgi", tgi("custom-tgi", "/generate_stream"), Phase.InferenceEnabled);
        awaitServed("custom-tgi", "tgi-streaming");
        // About 160 bytes an event, 100 ms apart: the whole answer takes about 400 ms.
        upstream.enqueue("/generate_stream", new MockResponse.Builder()
                .setHeader("Content-Type", "text/event-stream").body(TGI_STREAM)
                .throttleBody(40, 25, TimeUnit.MILLISECONDS).build());

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        List<Long> contentAt = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = openAi().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("custom-tgi/tgi-streaming").addUserMessage("hi")
                        .maxTokens(5).build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                if (chunk.choices().stream().anyMatch(choice -> choice.delta().content().isPresent())) {
                    contentAt.add(System.nanoTime());
                }
            });
        }
        assertThat(GatewayStreamingIT.content(chunks)).isEqualTo("Hello!");
        assertThat(GatewayStreamingIT.finishReasons(chunks))
                .containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(GatewayStreamingIT.usage(chunks)).containsExactly(4L, 3L, 7L);
        assertThat(Duration.ofNanos(contentAt.getLast() - contentAt.getFirst()))
                .as("the first token reached the caller well before the last").isGreaterThan(Duration.ofMillis(150));
        RecordedRequest sent = upstream.last("/generate_stream");
        assertThat(readTree(sent).path("stream").asBoolean()).isTrue();
        assertThat(readTree(sent).path("parameters").path("max_new_tokens").asInt()).isEqualTo(5);
        assertThat(header(sent, "Accept")).isEqualTo("text/event-stream");
    }

    @Test
    void shouldEndACutOrMalformedStreamWithAnErrorEventNeverAShortAnswer() throws Exception {
        secret("custom-cut", TOKEN);
        serve("custom-cut", tgi("custom-cut", "/cut_stream"), Phase.InferenceEnabled);
        awaitServed("custom-cut", "tgi-streaming");
        String first = tgiEvent(1, "Hel", "null", "null");
        upstream.enqueue("/cut_stream", sse(first), sse(first + "data:{\"token\": secret-upstream-detail}\n\n"));

        for (String code : List.of("ConnectionFailed", "InvalidJson")) {
            try (Response raw = post("/v1/chat/completions", null, "{\"model\": \"custom-cut/tgi-streaming\", "
                    + "\"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")) {
                assertThat(raw.code()).isEqualTo(200);
                String body = raw.body().string();
                String last = body.strip().substring(body.strip().lastIndexOf("data: ") + 6);
                assertThat(body).as(code).contains("\"content\":\"Hel\"").doesNotContain("[DONE]")
                        .doesNotContain("secret-upstream-detail").doesNotContain("\"finish_reason\":\"stop\"");
                assertThat(MAPPER.readTree(last).path("error").path("code").asText()).isEqualTo(code);
            }
        }
    }

    static MockResponse sse(String body) {
        return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body).build();
    }

    @Test
    void shouldStreamOllamaNdjsonLinesWithUsageAndFinishReason() {
        secret("custom-ollama", TOKEN);
        serve("custom-ollama", ModelYaml.custom("ollama").endpoint(upstream.url("/api/generate")).inference(true)
                .body("{\"model\": \"llama3\", \"prompt\": \"{{prompt}}\", \"stream\": {{stream}}, "
                        + "\"options\": {\"temperature\": {{temperature}}}}")
                .customLine("variables: {custom: [{name: temperature, type: Number, default: 0.8}]}")
                .customLine("response: {outputPath: $.response}")
                .customLine("streaming: {format: NDJSON, deltaPath: $.response, usage: {inputTokensPath: "
                        + "$.prompt_eval_count, outputTokensPath: $.eval_count}, finishReasonPath: $.done_reason, "
                        + "doneWhen: {path: $.done, value: 'true'}}")
                .yaml(), Phase.InferenceEnabled);
        awaitServed("custom-ollama", "ollama");
        upstream.enqueue("/api/generate", new MockResponse.Builder()
                .setHeader("Content-Type", "application/x-ndjson").body(OLLAMA_STREAM).build());

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = openAi().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("custom-ollama/ollama").addUserMessage("hi")
                        .temperature(0.3).build())) {
            chunks = stream.stream().toList();
        }
        assertThat(GatewayStreamingIT.content(chunks)).isEqualTo("Bonjour");
        assertThat(GatewayStreamingIT.finishReasons(chunks))
                .containsExactly(ChatCompletionChunk.Choice.FinishReason.LENGTH);
        assertThat(GatewayStreamingIT.usage(chunks)).containsExactly(26L, 2L, 28L);
        RecordedRequest sent = upstream.last("/api/generate");
        assertThat(readTree(sent).path("options").path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(header(sent, "Accept")).isEqualTo("application/x-ndjson");
    }

    @Test
    void shouldAnswerWholeCallsOfAStreamingModelAndPassOnItsErrorMessage() {
        secret("custom-whole", TOKEN);
        serve("custom-whole", tgi("custom-whole", "/generate"), Phase.InferenceEnabled);
        awaitServed("custom-whole", "tgi-streaming");
        upstream.enqueue("/generate", ModelAnswers.json("[{\"generated_text\": \"Hello!\"}]"),
                ModelAnswers.json("{\"error\": \"Input validation error: `inputs` tokens + `max_new_tokens` must be "
                        + "<= 2048\", \"error_type\": \"validation\"}").newBuilder().code(422).build());

        ChatCompletion whole = openAi().chat().completions().create(chat("custom-whole/tgi-streaming", "hi"));
        assertThat(whole.choices().getFirst().message().content()).contains("Hello!");
        assertThat(readTree(upstream.last("/generate")).path("stream").asBoolean(true)).isFalse();

        OpenAIServiceException refused = catchThrowableOfType(OpenAIServiceException.class,
                () -> openAi().chat().completions().create(chat("custom-whole/tgi-streaming", "hi")));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.getMessage()).contains("Input validation error: `inputs` tokens");
    }

    /** TGI's generate_stream, which always streams: a whole chat completion is read from its stream. */
    @Test
    void shouldAnswerAWholeCallOfAnEndpointThatAlwaysStreamsFromItsStream() {
        secret("custom-always", TOKEN);
        serve("custom-always", ModelYaml.custom("always").endpoint(upstream.url("/generate_stream")).inference(true)
                .body("{\"inputs\": \"{{prompt}}\", \"parameters\": {\"details\": true}}")
                .customLine("streaming: {format: SSE, deltaPath: $.token.text, usage: {outputTokensPath: "
                        + "$.details.generated_tokens}, finishReasonPath: $.details.finish_reason, "
                        + "doneWhen: {path: $.generated_text}}")
                .yaml(), Phase.InferenceEnabled);
        awaitServed("custom-always", "always");
        upstream.enqueue("/generate_stream", new MockResponse.Builder()
                .setHeader("Content-Type", "text/event-stream").body(TGI_STREAM).build());

        ChatCompletion whole = openAi().chat().completions().create(chat("custom-always/always", "hi"));

        assertThat(whole.choices().getFirst().message().content()).contains("Hello!");
        assertThat(whole.usage().orElseThrow().completionTokens()).isEqualTo(3);
        assertThat(whole.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    }
}
