package dev.modelport.adapter.provider;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.EchoedText;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.ToolCall;
import dev.modelport.adapter.Tools;
import dev.modelport.adapter.Turn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Tool calling in the Anthropic Messages API, translated from and to OpenAI's terms of the invocation. */
final class AnthropicTools {

    private AnthropicTools() {
    }

    /** The input object of every tool call in the turns, in order: OpenAI carries it as JSON text. */
    static List<JsonNode> toolInputs(List<Turn> turns) throws AdapterException {
        List<JsonNode> inputs = new ArrayList<>();
        for (Turn turn : turns) {
            for (ToolCall call : turn.toolCalls()) {
                JsonNode input;
                try {
                    input = call.arguments().isBlank() ? ProviderJson.MAPPER.createObjectNode()
                            : ProviderJson.MAPPER.readTree(call.arguments());
                } catch (JsonProcessingException e) {
                    input = null;
                }
                if (input == null || !input.isObject()) {
                    throw DeclaredFeatures.invalid("the arguments of tool call " + EchoedText.caller(call.id())
                            + " must be a JSON object");
                }
                inputs.add(input);
            }
        }
        return inputs;
    }

    /**
     * Assistant turns as text and tool_use blocks; consecutive tool results as one user message of tool_result
     * blocks, the way the API expects the answer to one assistant turn's calls.
     */
    static void turns(JsonGenerator out, List<Turn> turns, Iterator<JsonNode> toolInputs)
            throws IOException {
        for (int i = 0; i < turns.size(); i++) {
            Turn turn = turns.get(i);
            switch (turn.role()) {
                case USER -> AnthropicMessagesStructure.message(out, "user", turn.text());
                case ASSISTANT -> {
                    out.writeStartObject();
                    out.writeStringField("role", "assistant");
                    out.writeArrayFieldStart("content");
                    if (turn.text() != null && !turn.text().isEmpty()) {
                        AnthropicMessagesStructure.textBlock(out, turn.text());
                    }
                    for (ToolCall call : turn.toolCalls()) {
                        out.writeStartObject();
                        out.writeStringField("type", "tool_use");
                        out.writeStringField("id", call.id());
                        out.writeStringField("name", call.name());
                        out.writeFieldName("input");
                        out.writeTree(toolInputs.next());
                        out.writeEndObject();
                    }
                    out.writeEndArray();
                    out.writeEndObject();
                }
                case TOOL -> {
                    out.writeStartObject();
                    out.writeStringField("role", "user");
                    out.writeArrayFieldStart("content");
                    for (; i < turns.size() && turns.get(i).role() == Turn.Role.TOOL; i++) {
                        out.writeStartObject();
                        out.writeStringField("type", "tool_result");
                        out.writeStringField("tool_use_id", turns.get(i).toolCallId());
                        out.writeStringField("content", turns.get(i).text());
                        out.writeEndObject();
                    }
                    i--;
                    out.writeEndArray();
                    out.writeEndObject();
                }
            }
        }
    }

    /** OpenAI's function tools as Anthropic's custom tools; "required" is Anthropic's "any". */
    static void tools(JsonGenerator out, Tools tools) throws IOException {
        if (!tools.definitions().isEmpty()) {
            out.writeArrayFieldStart("tools");
            for (Tools.Definition tool : tools.definitions()) {
                out.writeStartObject();
                out.writeStringField("name", tool.name());
                if (tool.description() != null) {
                    out.writeStringField("description", tool.description());
                }
                out.writeFieldName("input_schema");
                // The API requires an object schema even for a function without parameters.
                out.writeTree(tool.parameters() != null ? tool.parameters()
                        : ProviderJson.MAPPER.createObjectNode().put("type", "object"));
                if (tool.strict() != null) {
                    out.writeBooleanField("strict", tool.strict());
                }
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        Tools.Choice choice = tools.choice();
        Tools.Choice.Mode mode = choice == null ? null : choice.mode();
        boolean serial = Boolean.FALSE.equals(tools.parallelCalls()) && !tools.definitions().isEmpty();
        if (mode == null && !serial) {
            return;
        }
        out.writeObjectFieldStart("tool_choice");
        out.writeStringField("type", switch (mode == null ? Tools.Choice.Mode.AUTO : mode) {
            case AUTO -> "auto";
            case NONE -> "none";
            case REQUIRED -> "any";
            case TOOL -> "tool";
        });
        if (mode == Tools.Choice.Mode.TOOL) {
            out.writeStringField("name", choice.name());
        }
        if (serial && mode != Tools.Choice.Mode.NONE) {
            out.writeBooleanField("disable_parallel_tool_use", true);
        }
        out.writeEndObject();
    }

    /**
     * The call of a tool_use block.
     *
     * @param arguments the arguments when the block's input is not final (streamed, where it starts empty and
     *     arrives in pieces), or null to take its input
     */
    static ToolCall toolCall(JsonNode block, String arguments) throws AdapterException {
        String id = ProviderJson.text(block, "id");
        String name = ProviderJson.text(block, "name");
        JsonNode input = block.get("input");
        if (id == null || name == null || arguments == null && (input == null || !input.isObject())) {
            throw new AdapterException(FailureCategory.InvalidJson, "a tool_use block has no id, name or input");
        }
        return new ToolCall(id, name, arguments != null ? arguments : input.toString());
    }
}
