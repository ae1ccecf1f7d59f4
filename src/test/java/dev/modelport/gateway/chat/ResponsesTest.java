package dev.modelport.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.gateway.models.ServedModel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ResponsesTest {

    static final ServedModel MODEL = new ServedModel("team-a", "support", 0, null, null);
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);

    @Test
    void shouldMapFinishReasonsToOpenAi() {
        assertThat(Responses.finishReason("end_turn")).isEqualTo("stop");
        assertThat(Responses.finishReason("stop_sequence")).isEqualTo("stop");
        assertThat(Responses.finishReason("max_tokens")).isEqualTo("length");
        assertThat(Responses.finishReason("tool_use")).isEqualTo("tool_calls");
        assertThat(Responses.finishReason(null)).isEqualTo("stop");
        assertThat(Responses.finishReason("length")).isEqualTo("length");
    }

    @Test
    void shouldWriteACompletionWithOnlyTheKnownUsage() {
        ObjectNode full = Responses.completion(MODEL, new ModelResponse("hi", TokenUsage.of(3L, 1L), null), CLOCK);
        assertThat(full.path("id").asText()).matches("chatcmpl-[0-9a-f]{24}");
        assertThat(full.path("created").asLong()).isEqualTo(1_700_000_000L);
        assertThat(full.path("model").asText()).isEqualTo("team-a/support");
        assertThat(full.at("/choices/0/message/content").asText()).isEqualTo("hi");
        assertThat(full.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(full.path("usage").toString())
                .isEqualTo("{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}");

        ObjectNode partial = Responses.completion(MODEL, new ModelResponse("hi", TokenUsage.of(null, 1L), null),
                CLOCK);
        assertThat(partial.path("usage").toString()).isEqualTo("{\"completion_tokens\":1}");
        ObjectNode none = Responses.completion(MODEL, new ModelResponse("hi", TokenUsage.UNKNOWN, null), CLOCK);
        assertThat(none.has("usage")).isFalse();
    }

    @Test
    void shouldWriteAnInvokeResultWithoutUnknownCounts() {
        assertThat(Responses.invokeResult(new ModelResponse("ok", TokenUsage.of(5L, null), "end_turn")).toString())
                .isEqualTo("{\"output\":\"ok\",\"usage\":{\"inputTokens\":5},\"finishReason\":\"end_turn\"}");
    }

    @Test
    void anEndpointsOpenAiCompletionIsForwardedAsItCameButForItsModel() {
        String upstream = "{\"id\":\"chatcmpl-up\",\"object\":\"chat.completion\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}";
        ModelResponse answer = new ModelResponse("hi", TokenUsage.UNKNOWN, "stop")
                .withVerbatim(upstream.getBytes(StandardCharsets.UTF_8));

        assertThat(new String(Responses.forwarded(MODEL, answer).orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo(upstream.replace("gpt-4o-mini-2024-07-18", "team-a/support"));
        assertThat(Responses.forwarded(MODEL, new ModelResponse("hi", TokenUsage.UNKNOWN, "stop")))
                .as("an answer rebuilt from its parts").isEmpty();
        assertThat(Responses.forwarded(MODEL, answer.withVerbatim("{\"choices\":[]}".getBytes(StandardCharsets.UTF_8))))
                .as("no model field to name the served model in").isEmpty();
    }
}
