package dev.modelport.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.JsonBodies;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.gateway.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChatStreamTest {

    private final List<String> sent = new ArrayList<>();
    private final AtomicInteger contentWritten = new AtomicInteger();
    private final ChatStream stream = new ChatStream(ResponsesTest.CLOCK, sent::add, contentWritten::incrementAndGet);

    @Test
    void anEndpointsOwnChunksAreForwardedAsTheyCameNamingTheModelThatAnswers() throws Exception {
        stream.answeredBy(ResponsesTest.MODEL);
        String first = "{\"id\":\"chatcmpl-up\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-x\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":null}]}";
        String last = "{\"id\":\"chatcmpl-up\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1},"
                + "\"model\":\"gpt-x\"}";

        stream.accept(new StreamEvent.Chunk(first));
        stream.accept(new StreamEvent.Model("gpt-x"));
        stream.accept(new StreamEvent.TextDelta("Hi"));
        stream.accept(new StreamEvent.Finish("stop"));
        stream.accept(new StreamEvent.Chunk(last));
        stream.accept(new StreamEvent.Usage(TokenUsage.of(3L, 1L)));
        stream.finish();

        assertThat(sent).containsExactly("data: " + first.replace("gpt-x", "team-a/support") + "\n\n",
                "data: " + last.replace("gpt-x", "team-a/support") + "\n\n", "data: [DONE]\n\n");
        assertThat(contentWritten).hasValue(1);
        assertThat(stream.usage()).isEqualTo(TokenUsage.of(3L, 1L));
    }

    @Test
    void aForwardedStreamThatEndsWithoutAFinishReasonFails() {
        stream.answeredBy(ResponsesTest.MODEL);
        stream.accept(new StreamEvent.Chunk("{\"model\":\"gpt-x\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}"));
        stream.accept(new StreamEvent.TextDelta("Hi"));

        assertThatThrownBy(stream::finish).isInstanceOf(GatewayException.class)
                .hasMessageContaining("ended before the answer was complete");
        assertThat(sent).hasSize(1);
    }

    @Test
    void eventsWithoutTheEndpointsChunksAreRebuiltAsOpenAiChunks() throws Exception {
        stream.answeredBy(ResponsesTest.MODEL);
        stream.accept(new StreamEvent.TextDelta("Bon"));
        stream.accept(new StreamEvent.Finish("end_turn"));
        stream.accept(new StreamEvent.Usage(TokenUsage.of(3L, 1L)));
        stream.finish();

        assertThat(sent).hasSize(4).last().isEqualTo("data: [DONE]\n\n");
        JsonNode content = chunk(sent.get(0));
        assertThat(content.path("id").asText()).startsWith("chatcmpl-");
        assertThat(content.path("model").asText()).isEqualTo("team-a/support");
        assertThat(content.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(content.at("/choices/0/delta/content").asText()).isEqualTo("Bon");
        assertThat(chunk(sent.get(1)).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(chunk(sent.get(2)).at("/usage/total_tokens").asInt()).isEqualTo(4);
        assertThat(contentWritten).hasValue(1);
    }

    private static JsonNode chunk(String event) throws Exception {
        assertThat(event).startsWith("data: ").endsWith("\n\n");
        return JsonBodies.MAPPER.readTree(event.substring("data: ".length()));
    }
}
