package dev.modelport.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.MediaPart;
import dev.modelport.adapter.ToolCall;
import dev.modelport.adapter.Tools;
import dev.modelport.adapter.Turn;
import dev.modelport.gateway.GatewayException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatRequestsTest {

    static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void shouldTranslateSystemExamplesPromptOptionsAndSchema() throws Exception {
        Invocation invocation = ChatRequests.toInvocation(json("""
                {"model": "ns/m", "temperature": 0.2, "max_tokens": 50, "stop": ["x"],
                 "messages": [
                   {"role": "system", "content": "Be brief."},
                   {"role": "user", "content": "2+2?"},
                   {"role": "assistant", "content": "4"},
                   {"role": "developer", "content": [{"type": "text", "text": "No prose."}]},
                   {"role": "user", "content": [{"type": "text", "text": "3+3?"}]}],
                 "response_format": {"type": "json_schema",
                   "json_schema": {"name": "answer", "schema": {"type": "object"}}},
                 "variables": {"tone": "dry"}}"""));
        assertThat(invocation.prompt()).isEqualTo("3+3?");
        assertThat(invocation.systemPrompt()).isEqualTo("Be brief.\n\nNo prose.");
        assertThat(invocation.examples()).singleElement().satisfies(e -> {
            assertThat(e.input).isEqualTo("2+2?");
            assertThat(e.output).isEqualTo("4");
        });
        assertThat(invocation.responseFormat()).isEqualTo(json("{\"type\": \"object\"}"));
        assertThat(invocation.responseFormatName()).isEqualTo("answer");
        assertThat(invocation.options())
                .isEqualTo(json("{\"temperature\": 0.2, \"max_tokens\": 50, \"stop\": [\"x\"]}"));
        assertThat(invocation.variables()).containsEntry("tone", json("\"dry\""));
        assertThat(invocation.media()).isEmpty();
        assertThat(invocation.stream()).isFalse();
    }

    @Test
    void shouldTurnImageAndAudioPartsOfTheLastUserMessageIntoMedia() throws Exception {
        Invocation invocation = ChatRequests.toInvocation(json("""
                {"messages": [{"role": "user", "content": [
                   {"type": "text", "text": "What is this?"},
                   {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
                   {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBO"}},
                   {"type": "input_audio", "input_audio": {"data": "UklG", "format": "wav"}}]}]}"""));
        assertThat(invocation.prompt()).isEqualTo("What is this?");
        assertThat(invocation.options()).isNull();
        assertThat(ChatRequests.toInvocation(json("{\"stream\": true, \"stream_options\": {\"include_usage\": "
                + "true}, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}")))
                .satisfies(streamed -> {
                    assertThat(streamed.stream()).isTrue();
                    assertThat(streamed.options()).isNull();
                });
        assertThat(invocation.media()).containsExactly(MediaPart.imageUrl("https://example.com/a.png"),
                MediaPart.inline(MediaPart.Kind.IMAGE, "image/png", "iVBO"),
                MediaPart.inline(MediaPart.Kind.AUDIO, "audio/wav", "UklG"));
    }

    @Test
    void shouldKeepTheTurnsOfAToolConversationAndReadToolsAndChoice() throws Exception {
        Invocation invocation = ChatRequests.toInvocation(json("""
                {"model": "ns/m", "parallel_tool_calls": false, "temperature": 0,
                 "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather",
                            "parameters": {"type": "object"}, "strict": true}}],
                 "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
                 "messages": [
                   {"role": "system", "content": "Be brief."},
                   {"role": "user", "content": "Weather in Oslo?"},
                   {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Oslo\\"}"}}]},
                   {"role": "tool", "tool_call_id": "call_1", "content": [{"type": "text", "text": "4 degrees"}]}]}
                """));
        assertThat(invocation.prompt()).isNull();
        assertThat(invocation.answersToolResult()).isTrue();
        assertThat(invocation.systemPrompt()).isEqualTo("Be brief.");
        assertThat(invocation.examples()).isEmpty();
        assertThat(invocation.options()).isEqualTo(json("{\"temperature\": 0}"));
        assertThat(invocation.turns()).containsExactly(Turn.user("Weather in Oslo?"),
                Turn.assistant(null, List.of(new ToolCall("call_1", "get_weather", "{\"city\": \"Oslo\"}"))),
                Turn.toolResult("call_1", "4 degrees"));
        assertThat(invocation.tools()).isEqualTo(new Tools(List.of(new Tools.Definition("get_weather", "Weather",
                json("{\"type\": \"object\"}"), true)), new Tools.Choice(Tools.Choice.Mode.TOOL, "get_weather"),
                false));

        Invocation followUp = ChatRequests.toInvocation(json("""
                {"tool_choice": "required", "messages": [
                   {"role": "user", "content": "Weather in Oslo?"},
                   {"role": "assistant", "content": "Checking.", "tool_calls": [{"id": "call_1", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{}"}}]},
                   {"role": "tool", "tool_call_id": "call_1", "content": "4 degrees"},
                   {"role": "assistant", "content": "4 degrees."},
                   {"role": "user", "content": "And tomorrow?"}]}"""));
        assertThat(followUp.prompt()).isEqualTo("And tomorrow?");
        assertThat(followUp.turns()).hasSize(4).last().isEqualTo(Turn.assistant("4 degrees.", List.of()));
        assertThat(followUp.tools().choice()).isEqualTo(new Tools.Choice(Tools.Choice.Mode.REQUIRED, null));
        assertThat(followUp.tools().definitions()).isEmpty();

        Invocation plain = ChatRequests.toInvocation(json("""
                {"tools": [{"type": "function", "function": {"name": "f"}}],
                 "messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"},
                              {"role": "user", "content": "c"}]}"""));
        assertThat(plain.turns()).as("no tool turns: the usual examples").isEmpty();
        assertThat(plain.examples()).hasSize(1);
        assertThat(plain.tools().definitions()).singleElement()
                .isEqualTo(new Tools.Definition("f", null, null, null));
    }

    @Test
    void shouldRefuseWhatCannotBeTranslated() {
        assertRefused("{\"messages\": []}", "InvalidInput", "messages must be a non-empty array");
        assertRefused("{\"messages\": [{\"role\": \"assistant\", \"content\": \"hi\"}]}", "InvalidInput",
                "the last message must be a user message");
        assertRefused("{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"user\", "
                + "\"content\": \"b\"}]}", "InvalidInput", "alternate user and assistant");
        assertRefused("{\"messages\": [{\"role\": \"function\", \"content\": \"x\"}]}", "FeatureNotSupported",
                "role function");
        assertRefused("{\"messages\": [{\"role\": \"tool\", \"content\": \"x\"}]}", "InvalidInput",
                "tool_call_id");
        assertRefused("{\"tools\": [{\"type\": \"custom\", \"custom\": {\"name\": \"f\"}}], "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}", "FeatureNotSupported",
                "tools of type custom");
        assertRefused("{\"tool_choice\": \"sometimes\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}",
                "InvalidInput", "tool_choice must be");
        assertRefused("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}, {\"role\": \"assistant\", "
                + "\"tool_calls\": [{\"id\": \"c\", \"type\": \"function\", \"function\": {\"name\": \"f\", "
                + "\"arguments\": \"{}\"}}]}]}", "InvalidInput", "last message must be a user or tool message");
        assertRefused("{\"response_format\": {\"type\": \"json_object\"}, "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}", "FeatureNotSupported", "json_object");
        assertRefused("{\"messages\": [{\"role\": \"system\", \"content\": [{\"type\": \"image_url\", "
                + "\"image_url\": {\"url\": \"https://x/a.png\"}}]}, {\"role\": \"user\", \"content\": \"x\"}]}",
                "FeatureNotSupported", "images or audio in a system message");
        assertRefused("{\"variables\": [1], \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}",
                "InvalidInput", "variables must be an object");
    }

    @Test
    void shouldRefuseFieldsOfTheWrongTypeInsteadOfReadingThemAsSomethingElse() {
        String user = "\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]";
        for (String stream : new String[] {"\"yes\"", "\"true\"", "1", "{}"}) {
            assertRefused("{\"stream\": " + stream + ", " + user + "}", "InvalidInput", "stream must be a boolean");
        }
        assertRefused("{\"response_format\": \"json_schema\", " + user + "}", "InvalidInput",
                "response_format must be an object with a type");
        assertRefused("{\"response_format\": {\"json_schema\": {\"schema\": {}}}, " + user + "}", "InvalidInput",
                "response_format must be an object with a type");
        assertRefused("{\"messages\": [{\"content\": \"x\"}]}", "InvalidInput", "each message needs a role");
        assertRefused("{\"messages\": [{\"role\": 1, \"content\": \"x\"}]}", "InvalidInput",
                "each message needs a role");
    }

    @Test
    void shouldRepeatCallerInputInMessagesCutAndWithoutControlCharacters() {
        String hostile = "evil\\n\\u001b[2J" + "x".repeat(100_000);
        String echoed = "evil  [2J" + "x".repeat(90) + "…";
        assertRefused("{\"messages\": [{\"role\": \"" + hostile + "\", \"content\": \"x\"}]}",
                "FeatureNotSupported", "messages with role " + echoed);
        assertRefused("{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"" + hostile + "\"}]}]}",
                "FeatureNotSupported", "content parts of type " + echoed);
        assertRefused("{\"response_format\": {\"type\": \"" + hostile + "\"}, "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}", "FeatureNotSupported",
                "response_format of type " + echoed);
        assertRefused("{\"tools\": [{\"type\": \"" + hostile + "\"}], "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}", "FeatureNotSupported",
                "tools of type " + echoed);
    }

    private static void assertRefused(String body, String code, String message) {
        assertThatThrownBy(() -> ChatRequests.toInvocation(json(body))).isInstanceOfSatisfying(
                GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(message).hasSizeLessThan(200)
                            .doesNotContainPattern("\\p{Cc}");
                });
    }
}
