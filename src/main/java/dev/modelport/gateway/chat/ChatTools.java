package dev.modelport.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.EchoedText;
import dev.modelport.adapter.ToolCall;
import dev.modelport.adapter.Tools;
import dev.modelport.adapter.Turn;
import dev.modelport.gateway.GatewayException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads OpenAI's tool fields of a chat request: {@code tools} (function tools), {@code tool_choice},
 * {@code parallel_tool_calls}, assistant messages with {@code tool_calls} and {@code role: tool} messages. The
 * structures write them in their API's terms; malformed ones are 400 naming the field.
 */
final class ChatTools {

    private ChatTools() {
    }

    /** The request's tools and choice, or null when it names none. */
    static Tools tools(JsonNode body) throws GatewayException {
        JsonNode tools = body.path("tools");
        JsonNode choice = body.path("tool_choice");
        JsonNode parallel = body.path("parallel_tool_calls");
        if (absent(tools) && absent(choice) && absent(parallel)) {
            return null;
        }
        List<Tools.Definition> definitions = new ArrayList<>();
        if (!absent(tools)) {
            if (!tools.isArray()) {
                throw GatewayException.invalid("tools must be an array");
            }
            for (JsonNode tool : tools) {
                definitions.add(definition(tool));
            }
        }
        if (!absent(parallel) && !parallel.isBoolean()) {
            throw GatewayException.invalid("parallel_tool_calls must be a boolean");
        }
        return new Tools(definitions, absent(choice) ? null : choice(choice),
                absent(parallel) ? null : parallel.booleanValue());
    }

    private static Tools.Definition definition(JsonNode tool) throws GatewayException {
        String type = tool.path("type").asText();
        if (!"function".equals(type)) {
            throw GatewayException.unsupported("tools of type " + EchoedText.caller(type) + " (only function tools)");
        }
        JsonNode function = tool.path("function");
        if (!function.path("name").isTextual()) {
            throw GatewayException.invalid("tools[].function.name is required");
        }
        JsonNode parameters = function.path("parameters");
        if (!absent(parameters) && !parameters.isObject()) {
            throw GatewayException.invalid("tools[].function.parameters must be a JSON schema object");
        }
        JsonNode description = function.path("description");
        JsonNode strict = function.path("strict");
        return new Tools.Definition(function.path("name").asText(),
                description.isTextual() ? description.asText() : null, absent(parameters) ? null : parameters,
                strict.isBoolean() ? strict.booleanValue() : null);
    }

    private static Tools.Choice choice(JsonNode choice) throws GatewayException {
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> new Tools.Choice(Tools.Choice.Mode.AUTO, null);
                case "none" -> new Tools.Choice(Tools.Choice.Mode.NONE, null);
                case "required" -> new Tools.Choice(Tools.Choice.Mode.REQUIRED, null);
                default -> throw GatewayException.invalid("tool_choice must be auto, none, required or a function");
            };
        }
        JsonNode name = choice.path("function").path("name");
        if (!"function".equals(choice.path("type").asText()) || !name.isTextual()) {
            throw GatewayException.invalid("tool_choice must be auto, none, required or a function");
        }
        return new Tools.Choice(Tools.Choice.Mode.TOOL, name.asText());
    }

    /** The dialog's user, assistant and tool messages as turns, in order. */
    static List<Turn> turns(List<JsonNode> dialog) throws GatewayException {
        List<Turn> turns = new ArrayList<>(dialog.size());
        for (JsonNode message : dialog) {
            String role = message.path("role").asText();
            JsonNode content = message.path("content");
            turns.add(switch (role) {
                case "user" -> Turn.user(ChatRequests.text(content, role));
                case "assistant" -> Turn.assistant(absent(content) ? null : ChatRequests.text(content, role),
                        toolCalls(message.path("tool_calls")));
                default -> {
                    JsonNode id = message.path("tool_call_id");
                    if (!id.isTextual()) {
                        throw GatewayException.invalid("a tool message needs a tool_call_id");
                    }
                    yield Turn.toolResult(id.asText(), ChatRequests.text(content, role));
                }
            });
        }
        return turns;
    }

    private static List<ToolCall> toolCalls(JsonNode calls) throws GatewayException {
        if (absent(calls)) {
            return List.of();
        }
        if (!calls.isArray()) {
            throw GatewayException.invalid("tool_calls must be an array");
        }
        List<ToolCall> list = new ArrayList<>(calls.size());
        for (JsonNode call : calls) {
            JsonNode function = call.path("function");
            if (!call.path("id").isTextual() || !function.path("name").isTextual()
                    || !function.path("arguments").isTextual()) {
                throw GatewayException.invalid("tool_calls[] needs an id, function.name and function.arguments");
            }
            if (!call.path("type").asText("function").equals("function")) {
                throw GatewayException.unsupported("tool calls of type " + EchoedText.caller(call.path("type").asText())
                        + " (only function calls)");
            }
            list.add(new ToolCall(call.path("id").asText(), function.path("name").asText(),
                    function.path("arguments").asText()));
        }
        return list;
    }

    private static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }
}
