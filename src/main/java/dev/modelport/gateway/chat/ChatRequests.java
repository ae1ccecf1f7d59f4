package dev.modelport.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.adapter.EchoedText;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.MediaPart;
import dev.modelport.adapter.Tools;
import dev.modelport.api.v1alpha1.Example;
import dev.modelport.gateway.GatewayException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates an OpenAI chat completion request into an Invocation: system messages become the system prompt, the
 * last user message the prompt (with its images and audio), earlier user/assistant pairs the examples. A
 * conversation with tool calls or tool results keeps its turns instead (see {@link ChatTools}).
 */
public final class ChatRequests {

    /** Fields that are not generation options; everything else is passed on for the structure to validate. */
    static final Set<String> NOT_OPTIONS = Set.of("model", "messages", "response_format", "stream",
            "stream_options", "variables", "tools", "tool_choice", "parallel_tool_calls");

    private ChatRequests() {
    }

    public static Invocation toInvocation(JsonNode body) throws GatewayException {
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw GatewayException.invalid("messages must be a non-empty array");
        }
        List<String> system = new ArrayList<>();
        List<JsonNode> dialog = new ArrayList<>();
        boolean withToolTurns = false;
        for (JsonNode message : messages) {
            if (!message.path("role").isTextual()) {
                throw GatewayException.invalid("each message needs a role");
            }
            String role = message.path("role").textValue();
            switch (role) {
                case "system", "developer" -> system.add(text(message.path("content"), role));
                case "user" -> dialog.add(message);
                case "assistant" -> {
                    dialog.add(message);
                    withToolTurns |= hasToolCalls(message);
                }
                case "tool" -> {
                    dialog.add(message);
                    withToolTurns = true;
                }
                default -> throw GatewayException.unsupported("messages with role " + EchoedText.caller(role));
            }
        }
        String systemPrompt = system.isEmpty() ? null : String.join("\n\n", system);
        Tools tools = ChatTools.tools(body);
        boolean stream = stream(body.path("stream"));
        JsonNode last = dialog.isEmpty() ? null : dialog.getLast();
        String lastRole = last == null ? "" : last.path("role").asText();
        List<MediaPart> media = new ArrayList<>();
        if (withToolTurns) {
            // A tool conversation keeps its turns as they are; it ends with the user's prompt or a tool result.
            if (!"user".equals(lastRole) && !"tool".equals(lastRole)) {
                throw GatewayException.invalid("the last message must be a user or tool message");
            }
            String prompt = null;
            if ("user".equals(lastRole)) {
                dialog.removeLast();
                prompt = userContent(last.path("content"), media);
            }
            return new Invocation(prompt, systemPrompt, List.of(), variables(body.path("variables")), media,
                    schema(body), schemaName(body), options(body), stream, tools, ChatTools.turns(dialog), null);
        }
        if (!"user".equals(lastRole)) {
            throw GatewayException.invalid("the last message must be a user message");
        }
        dialog.removeLast();
        String prompt = userContent(last.path("content"), media);
        return new Invocation(prompt, systemPrompt, examples(dialog), variables(body.path("variables")), media,
                schema(body), schemaName(body), options(body), stream, tools, null, null);
    }

    private static boolean hasToolCalls(JsonNode message) {
        JsonNode calls = message.get("tool_calls");
        return calls != null && !calls.isNull() && !(calls.isArray() && calls.isEmpty());
    }

    /** Earlier turns as (user, assistant) pairs, in order. */
    private static List<Example> examples(List<JsonNode> dialog) throws GatewayException {
        if (dialog.size() % 2 != 0) {
            throw GatewayException.invalid("earlier messages must alternate user and assistant");
        }
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < dialog.size(); i += 2) {
            JsonNode user = dialog.get(i);
            JsonNode assistant = dialog.get(i + 1);
            if (!"user".equals(user.path("role").asText()) || !"assistant".equals(assistant.path("role").asText())) {
                throw GatewayException.invalid("earlier messages must alternate user and assistant");
            }
            examples.add(new Example(text(user.path("content"), "user"), text(assistant.path("content"),
                    "assistant")));
        }
        return examples;
    }

    /** The text of a content that may only hold text: a string or text parts. */
    static String text(JsonNode content, String role) throws GatewayException {
        List<MediaPart> media = new ArrayList<>();
        String text = userContent(content, media);
        if (!media.isEmpty()) {
            throw GatewayException.unsupported("images or audio in a " + role
                    + " message other than the last user message");
        }
        return text;
    }

    private static String userContent(JsonNode content, List<MediaPart> media) throws GatewayException {
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw GatewayException.invalid("message content must be a string or an array of parts");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            switch (part.path("type").asText()) {
                case "text" -> text.append(text.isEmpty() ? "" : "\n").append(part.path("text").asText());
                case "image_url" -> media.add(image(part.path("image_url").path("url").asText()));
                case "input_audio" -> media.add(MediaPart.inline(MediaPart.Kind.AUDIO,
                        "audio/" + part.path("input_audio").path("format").asText(),
                        part.path("input_audio").path("data").asText()));
                default -> throw GatewayException.unsupported("content parts of type "
                        + EchoedText.caller(part.path("type").asText()));
            }
        }
        return text.toString();
    }

    /** A data: URL is inline base64 with its media type; any other URL is passed by reference. */
    private static MediaPart image(String url) throws GatewayException {
        if (url.isEmpty()) {
            throw GatewayException.invalid("image_url.url is required");
        }
        if (!url.startsWith("data:")) {
            return MediaPart.imageUrl(url);
        }
        int comma = url.indexOf(',');
        int base64 = url.indexOf(";base64");
        if (comma < 0 || base64 < 0 || base64 > comma) {
            throw GatewayException.invalid("image data URLs must be base64");
        }
        return MediaPart.inline(MediaPart.Kind.IMAGE, url.substring(5, base64), url.substring(comma + 1));
    }

    /** OpenAI's clients send true or false; anything else is an error, never an answer of the other kind. */
    private static boolean stream(JsonNode stream) throws GatewayException {
        if (stream.isMissingNode() || stream.isNull()) {
            return false;
        }
        if (!stream.isBoolean()) {
            throw GatewayException.invalid("stream must be a boolean");
        }
        return stream.booleanValue();
    }

    private static JsonNode schema(JsonNode body) throws GatewayException {
        JsonNode format = body.path("response_format");
        if (format.isMissingNode() || format.isNull()) {
            return null;
        }
        if (!format.isObject() || !format.path("type").isTextual()) {
            throw GatewayException.invalid("response_format must be an object with a type");
        }
        String type = format.path("type").textValue();
        return switch (type) {
            case "text" -> null;
            case "json_schema" -> {
                JsonNode schema = format.path("json_schema").path("schema");
                if (!schema.isObject()) {
                    throw GatewayException.invalid("response_format.json_schema.schema must be an object");
                }
                yield schema;
            }
            default -> throw GatewayException.unsupported("response_format of type " + EchoedText.caller(type));
        };
    }

    private static String schemaName(JsonNode body) {
        JsonNode name = body.path("response_format").path("json_schema").path("name");
        return name.isTextual() ? name.asText() : null;
    }

    private static JsonNode options(JsonNode body) {
        ObjectNode options = JsonNodeFactory.instance.objectNode();
        body.properties().forEach(field -> {
            if (!NOT_OPTIONS.contains(field.getKey())) {
                options.set(field.getKey(), field.getValue());
            }
        });
        return options.isEmpty() ? null : options;
    }

    public static Map<String, JsonNode> variables(JsonNode variables) throws GatewayException {
        if (variables.isMissingNode() || variables.isNull()) {
            return Map.of();
        }
        if (!variables.isObject()) {
            throw GatewayException.invalid("variables must be an object");
        }
        Map<String, JsonNode> values = new HashMap<>();
        variables.properties().forEach(field -> values.put(field.getKey(), field.getValue()));
        return values;
    }
}
