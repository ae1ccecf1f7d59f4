package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.modelport.api.v1alpha1.Phase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Streamed chat completions through the gateway, read by the official OpenAI client and by raw HTTP. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayStreamingIT extends GatewayTestBase {

    @Test
    void shouldStreamChunksWithAFinalUsageChunk() {
        secret("streams", TOKEN);
        serve("streams", provider("gpt", "OpenAIChatCompletions", "/openai-stream"), Phase.InferenceEnabled);
        serve("streams", provider("claude", "AnthropicMessages", "/anthropic-stream"), Phase.InferenceEnabled);
        serve("streams", custom("plain", "/custom", ""), Phase.InferenceEnabled);
        serve("streams", provider("no-stream", "OpenAIChatCompletions", "/openai"), Phase.InferenceEnabled);
        awaitServed("streams", "no-stream");

        List<ChatCompletionChunk> gpt = chunks("streams/gpt");
        assertThat(content(gpt)).isEqualTo("hello");
        assertThat(finishReasons(gpt)).containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(usage(gpt)).containsExactly(7L, 2L, 9L);
        assertThat(gpt).allSatisfy(chunk -> assertThat(chunk.model()).isEqualTo("streams/gpt"));
        assertThat(readTree(upstream.last("/openai-stream")).path("stream").asBoolean()).isTrue();

        List<ChatCompletionChunk> claude = chunks("streams/claude");
        assertThat(content(claude)).isEqualTo("bonjour");
        assertThat(finishReasons(claude)).containsExactly(ChatCompletionChunk.Choice.FinishReason.LENGTH);
        assertThat(usage(claude)).containsExactly(12L, 3L, 15L);
        assertThat(readTree(upstream.last("/anthropic-stream")).path("stream").asBoolean()).isTrue();

        List<ChatCompletionChunk> plain = chunks("streams/plain");
        assertThat(content(plain)).isEqualTo("pong");
        assertThat(finishReasons(plain)).containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(usage(plain)).containsExactly(18L, 1L, 19L);

        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> chunks("streams/no-stream"));
        assertThat(refused).isInstanceOf(OpenAIServiceException.class);
        assertError((OpenAIServiceException) refused, 400, "FeatureNotSupported");
        assertThat(refused.getMessage()).contains("streaming");
    }

    @Test
    void shouldEndAStreamThatFailsAfterItsStartWithAnErrorTheClientRaises() throws Exception {
        secret("midstream", TOKEN);
        serve("midstream", provider("overloaded", "AnthropicMessages", "/anthropic-overloaded-stream"),
                Phase.InferenceEnabled);
        serve("midstream", provider("invalid", "OpenAIChatCompletions", "/openai-invalid-stream"),
                Phase.InferenceEnabled);
        serve("midstream", provider("truncated", "OpenAIChatCompletions", "/openai-truncated-stream"),
                Phase.InferenceEnabled);
        serve("midstream", provider("reset", "OpenAIChatCompletions", "/openai-reset-stream"),
                Phase.InferenceEnabled);
        serve("midstream", provider("stalled", "OpenAIChatCompletions", "/openai-stalled-stream"),
                Phase.InferenceEnabled);
        awaitServed("midstream", "stalled");

        assertStreamFails("midstream/overloaded", "bon", "UpstreamError", "overloaded_error");
        assertStreamFails("midstream/invalid", "hel", "InvalidJson", "not JSON");
        assertStreamFails("midstream/truncated", "hello", "ConnectionFailed", "ended before");
        assertStreamFails("midstream/stalled", "hel", "Timeout", "");
        Throwable reset = catchThrowable(() -> chunks("midstream/reset"));
        assertThat(reset).as("a reset mid-answer").isInstanceOf(SseException.class);
        assertThat(((SseException) reset).code()).hasValueSatisfying(code -> assertThat(code).isIn(
                "ConnectionFailed", "InvalidJson"));

        try (Response raw = post("/v1/chat/completions", null, "{\"model\": \"midstream/overloaded\", "
                + "\"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")) {
            assertThat(raw.code()).isEqualTo(200);
            String body = raw.body().string();
            String last = body.strip().substring(body.strip().lastIndexOf("data: ") + 6);
            assertThat(MAPPER.readTree(last).path("error").path("code").asText()).isEqualTo("UpstreamError");
            assertThat(MAPPER.readTree(last).path("error").path("type").asText()).isEqualTo("upstream_error");
            assertThat(body).doesNotContain("[DONE]").doesNotContain("secret-upstream-detail")
                    .doesNotContain("\"finish_reason\":\"stop\"");
        }
    }

    /** The client got the text before the failure, then an exception naming the failure, never a short answer. */
    void assertStreamFails(String model, String before, String code, String message) {
        List<ChatCompletionChunk> received = new ArrayList<>();
        Throwable thrown;
        try (StreamResponse<ChatCompletionChunk> stream = openAi().chat().completions()
                .createStreaming(chat(model, "hi"))) {
            thrown = catchThrowable(() -> stream.stream().forEach(received::add));
        }
        assertThat(content(received)).as(model).isEqualTo(before);
        assertThat(finishReasons(received)).as(model).isEmpty();
        assertThat(thrown).as(model).isInstanceOf(SseException.class);
        SseException error = (SseException) thrown;
        assertThat(error.code()).as(model).contains(code);
        assertThat(error.type()).as(model).contains("upstream_error");
        assertThat(error.getMessage()).as(model).contains(message).doesNotContain("secret-upstream-detail");
    }

    @Test
    void shouldCancelTheUpstreamWhenTheCallerDisconnects() throws Exception {
        try (StreamingUpstream endless = new StreamingUpstream()) {
            secret("hangup", TOKEN);
            serve("hangup", provider("endless", "OpenAIChatCompletions", "/endless-stream")
                    .replace(upstream.url("/endless-stream"), endless.url("/endless")), Phase.InferenceEnabled);
            awaitServed("hangup", "endless");

            try (Response response = post("/v1/chat/completions", null, "{\"model\": \"hangup/endless\", "
                    + "\"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")) {
                assertThat(response.code()).isEqualTo(200);
                assertThat(response.body().source().readUtf8Line()).startsWith("data: ").contains("tick");
            }

            assertThat(endless.hungUp(WAIT)).as("the gateway closed the upstream connection").isTrue();
        }
    }

    List<ChatCompletionChunk> chunks(String model) {
        try (StreamResponse<ChatCompletionChunk> stream = openAi().chat().completions()
                .createStreaming(chat(model, "hi"))) {
            return stream.stream().toList();
        }
    }

    static String content(List<ChatCompletionChunk> chunks) {
        return chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
    }

    static List<ChatCompletionChunk.Choice.FinishReason> finishReasons(List<ChatCompletionChunk> chunks) {
        return chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .flatMap(choice -> choice.finishReason().stream()).toList();
    }

    /** Prompt, completion and total tokens of the usage chunks. */
    static List<Long> usage(List<ChatCompletionChunk> chunks) {
        return chunks.stream().flatMap(chunk -> chunk.usage().stream())
                .flatMap(u -> java.util.stream.Stream.of(u.promptTokens(), u.completionTokens(), u.totalTokens()))
                .toList();
    }
}
