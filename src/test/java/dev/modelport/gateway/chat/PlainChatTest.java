package dev.modelport.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.JsonBodies;
import dev.modelport.adapter.Structure;
import dev.modelport.adapter.provider.ProviderStructures;
import dev.modelport.api.v1alpha1.ProviderApi;
import dev.modelport.api.v1alpha1.ProviderConfiguration;
import dev.modelport.api.v1alpha1.ProviderFeatures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainChatTest {

    private static final Structure OPENAI = structure(ProviderApi.OpenAIChatCompletions, true);
    private static final String REFUSED = "refused: ";
    private static final Structure ANTHROPIC = structure(ProviderApi.AnthropicMessages, true);

    /** Plain requests: each must be read as ChatRequests reads it, and sent as the OpenAI structure renders it. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"model\":\"team-a/support\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "{ \"messages\" : [ {\"content\": \"Hello \\u00e9\\n\\\"quoted\\\"\", \"role\": \"user\"} ],\n"
            + "  \"model\": \"team-a/support\", \"temperature\": 0.25, \"max_tokens\": 12 }  ",
        "{\"model\":\"a/b\",\"stream\":false,\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":\"2+2?\"},{\"role\":\"assistant\",\"content\":\"4\"},"
            + "{\"role\":\"user\",\"content\":\"3+3?\"}],\"stop\":[\"\\n\"],\"seed\":7,\"user\":\"u-1\"}",
        "{\"model\":\"a/b\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_p\":1}",
        "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"logit_bias\":{\"50256\":-100}}",
    })
    void aPlainRequestIsReadAsChatRequestsReadsItAndSentAsTheStructureRendersIt(String text) throws Exception {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        PlainChat plain = PlainChat.read(body).orElseThrow();
        JsonNode tree = JsonBodies.MAPPER.readTree(body);
        Invocation translated = ChatRequests.toInvocation(tree);
        Invocation read = plain.invocation();

        assertThat(plain.model()).isEqualTo(tree.get("model").textValue());
        assertThat(read.prompt()).isEqualTo(translated.prompt());
        assertThat(read.systemPrompt()).isEqualTo(translated.systemPrompt());
        assertThat(read.examples()).extracting(e -> e.input + "|" + e.output)
                .containsExactlyElementsOf(translated.examples().stream().map(e -> e.input + "|" + e.output).toList());
        assertThat(read.options()).isEqualTo(translated.options());
        assertThat(read.stream()).isEqualTo(translated.stream());
        assertThat(read.variables()).isEqualTo(translated.variables());
        assertThat(read.tools()).isEqualTo(translated.tools());
        assertThat(read.verbatim()).isNotNull();
        assertThat(translated.verbatim()).isNull();

        // What an OpenAI endpoint is sent is the caller's bytes, and means what the rendered body means (a stream
        // flag of false, OpenAI's default, stays as the caller sent it).
        ObjectNode sent = (ObjectNode) JsonBodies.MAPPER.readTree(OPENAI.renderBytes(read));
        if (sent.path("stream").isBoolean() && !sent.path("stream").booleanValue()) {
            sent.remove("stream");
        }
        assertThat(sent).isEqualTo(JsonBodies.MAPPER.readTree(OPENAI.renderBytes(translated)));
        // Any other structure (a fallback) renders the same invocation as before, or refuses it alike.
        assertThat(rendered(ANTHROPIC, read)).isEqualTo(rendered(ANTHROPIC, translated));
    }

    @Test
    void theCallersBytesAreSentAsTheyAreButForTheModelAndAStreamsTokenCounts() throws Exception {
        String text = "{ \"model\" : \"team-a/support\",\"temperature\":1.50,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"caf\\u00e9\"}] ,\"stream\":true }";
        Invocation read = PlainChat.read(text.getBytes(StandardCharsets.UTF_8)).orElseThrow().invocation();

        assertThat(new String(OPENAI.renderBytes(read), StandardCharsets.UTF_8)).isEqualTo(
                "{ \"model\" : \"upstream-model\",\"temperature\":1.50,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"caf\\u00e9\"}] ,\"stream\":true ,\"stream_options\":{\"include_usage\":true}}");
        assertThat(new String(OPENAI.renderBytes(read.withStream(true)), StandardCharsets.UTF_8))
                .contains("\"temperature\":1.50");
        assertThat(read.withStream(false).verbatim()).as("a body that says otherwise").isNull();
    }

    @Test
    void aPlainRequestIsRefusedForWhatTheTranslatedOneIsRefused() throws Exception {
        Structure noStreaming = structure(ProviderApi.OpenAIChatCompletions, false);
        for (String text : List.of(
                "{\"model\":\"a/b\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\" \"}]}",
                "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":2}",
                "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"}",
                "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"store\":true}")) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            Invocation read = PlainChat.read(body).orElseThrow().invocation();
            Invocation translated = ChatRequests.toInvocation(JsonBodies.MAPPER.readTree(body));
            String refusal = rendered(noStreaming, translated);
            assertThat(refusal).as(text).startsWith(REFUSED);
            assertThatThrownBy(() -> noStreaming.renderBytes(read)).as(text)
                    .isInstanceOf(AdapterException.class).hasMessage(refusal.substring(REFUSED.length()));
        }
    }

    /** What ChatRequests reads differently from the bytes, or refuses, is left to it. */
    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[]",
        "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} trailing",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "{\"model\":\"a/b\",\"model\":\"c/d\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "{\"model\":\"a/b\",\"messages\":[]}",
        "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}",
        "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"name\":\"bob\"}]}",
        "{\"model\":\"a/b\",\"messages\":[{\"role\":\"developer\",\"content\":\"x\"},"
            + "{\"role\":\"user\",\"content\":\"hi\"}]}",
        "{\"model\":\"a/b\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"},"
            + "{\"role\":\"system\",\"content\":\"y\"},"
            + "{\"role\":\"user\",\"content\":\"hi\"}]}",
        "{\"model\":\"a/b\",\"messages\":[{\"role\":\"system\",\"content\":\" \"},"
            + "{\"role\":\"user\",\"content\":\"hi\"}]}",
        "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
            + "{\"role\":\"user\",\"content\":\"b\"}]}",
        "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
            + "{\"role\":\"assistant\",\"content\":\"b\"}]}",
        "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":null}]}",
        "{\"model\":\"a/b\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream_options\":{}}",
        "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"response_format\":{\"type\":\"text\"}}",
        "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[]}",
        "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"variables\":{}}",
        "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":null}",
        "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"seed\":1,\"seed\":2}",
    })
    void anythingElseIsLeftToTheTranslation(String text) {
        assertThat(PlainChat.read(text.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void aBodyInAnotherEncodingIsLeftToTheTranslation() {
        byte[] utf16 = "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                .getBytes(StandardCharsets.UTF_16BE);
        assertThat(PlainChat.read(utf16)).isEmpty();
    }

    /** The body the structure renders, or why it refuses to. */
    private static String rendered(Structure structure, Invocation invocation) {
        try {
            return structure.render(invocation);
        } catch (AdapterException e) {
            return REFUSED + e.getMessage();
        }
    }

    private static Structure structure(ProviderApi api, boolean streaming) {
        ProviderFeatures features = new ProviderFeatures();
        features.streaming = streaming;
        ProviderConfiguration config = new ProviderConfiguration();
        config.api = api;
        config.model = "upstream-model";
        config.features = features;
        return ProviderStructures.of(config);
    }
}
