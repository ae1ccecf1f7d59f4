package dev.modelport.adapter.provider;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.ToolCall;
import dev.modelport.adapter.Tools;
import dev.modelport.adapter.Turn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Tool calling in the OpenAI Chat Completions API, whose terms the invocation already uses: written as given. */
final class OpenAiTools {

    private OpenAiTools() {
    }

    /** A turn of a tool conversation, as the API itself carries it. */
    static void turn(JsonGenerator out, Turn turn) throws IOException {
        switch (turn.role()) {
            case USER -> {
                out.writeStartObject();
                out.writeStringField("role", "user");
                out.writeStringField("content", turn.text());
                out.writeEndObject();
            }
            case TOOL -> {
                out.writeStartObject();
                out.writeStringField("role", "tool");
                out.writeStringField("tool_call_id", turn.toolCallId());
                out.writeStringField("content", turn.text());
                out.writeEndObject();
            }
            case ASSISTANT -> {
                out.writeStartObject();
                out.writeStringField("role", "assistant");
                out.writeStringField("content", turn.text());
                if (!turn.toolCalls().isEmpty()) {
                    out.writeArrayFieldStart("tool_calls");
                    for (ToolCall call : turn.toolCalls()) {
                        out.writeStartObject();
                        out.writeStringField("id", call.id());
                        out.writeStringField("type", "function");
                        out.writeObjectFieldStart("function");
                        out.writeStringField("name", call.name());
                        out.writeStringField("arguments", call.arguments());
                        out.writeEndObject();
                        out.writeEndObject();
                    }
                    out.writeEndArray();
                }
                out.writeEndObject();
            }
        }
    }

    static void tools(JsonGenerator out, Tools tools) throws IOException {
        if (!tools.definitions().isEmpty()) {
            out.writeArrayFieldStart("tools");
            for (Tools.Definition tool : tools.definitions()) {
                out.writeStartObject();
                out.writeStringField("type", "function");
                out.writeObjectFieldStart("function");
                out.writeStringField("name", tool.name());
                if (tool.description() != null) {
                    out.writeStringField("description", tool.description());
                }
                if (tool.parameters() != null) {
                    out.writeFieldName("parameters");
                    out.writeTree(tool.parameters());
                }
                if (tool.strict() != null) {
                    out.writeBooleanField("strict", tool.strict());
                }
                out.writeEndObject();
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        Tools.Choice choice = tools.choice();
        if (choice != null) {
            if (choice.mode() == Tools.Choice.Mode.TOOL) {
                out.writeObjectFieldStart("tool_choice");
                out.writeStringField("type", "function");
                out.writeObjectFieldStart("function");
                out.writeStringField("name", choice.name());
                out.writeEndObject();
                out.writeEndObject();
            } else {
                out.writeStringField("tool_choice", choice.mode().name().toLowerCase(Locale.ROOT));
            }
        }
        if (tools.parallelCalls() != null && !tools.definitions().isEmpty()) {
            out.writeBooleanField("parallel_tool_calls", tools.parallelCalls());
        }
    }

    static List<ToolCall> toolCalls(JsonNode calls) throws AdapterException {
        if (calls == null || !calls.isArray() || calls.isEmpty()) {
            return List.of();
        }
        List<ToolCall> list = new ArrayList<>(calls.size());
        for (JsonNode call : calls) {
            JsonNode function = call.path("function");
            String id = ProviderJson.text(call, "id");
            String name = ProviderJson.text(function, "name");
            String arguments = ProviderJson.text(function, "arguments");
            if (id == null || name == null || arguments == null) {
                throw new AdapterException(FailureCategory.InvalidJson,
                        "a tool call of the response has no id, function name or arguments");
            }
            list.add(new ToolCall(id, name, arguments));
        }
        return list;
    }

    /** The tool call pieces of one streamed delta, in order. */
    static void streamed(JsonNode toolCalls, List<StreamEvent> events) throws AdapterException {
        if (toolCalls == null || !toolCalls.isArray()) {
            return;
        }
        for (JsonNode call : toolCalls) {
            JsonNode index = call.get("index");
            if (index == null || !index.canConvertToInt()) {
                throw new AdapterException(FailureCategory.InvalidJson, "a streamed tool call has no index");
            }
            JsonNode function = call.path("function");
            String arguments = ProviderJson.text(function, "arguments");
            events.add(new StreamEvent.ToolCallDelta(index.intValue(), ProviderJson.text(call, "id"),
                    ProviderJson.text(function, "name"), arguments == null ? "" : arguments));
        }
    }
}
