package dev.modelport.gateway.chat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.JsonBodies;
import dev.modelport.adapter.JsonSpans;
import dev.modelport.adapter.VerbatimBody;
import dev.modelport.api.v1alpha1.Example;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A chat completion request that needs no translation, read in one pass of the streaming parser without a JSON
 * tree: a model, text messages (one optional system message first, then user and assistant turns in alternation,
 * ending with the user's), the stream flag and generation options. Its invocation carries the caller's bytes
 * ({@link VerbatimBody}), which an OpenAI-structured model is sent as they are. What {@link ChatRequests} would
 * read differently from the bytes (several or later system messages, developer messages, content parts, media,
 * tools and tool turns, response formats, stream options, variables, null options, repeated fields, message fields
 * other than role and content, anything after the object) is left to it, which translates it or refuses it with
 * the reason.
 *
 * @param model the model field
 */
public record PlainChat(String model, Invocation invocation) {

    private record Message(String role, String content) {
    }

    public static Optional<PlainChat> read(byte[] body) {
        try (JsonParser in = JsonBodies.MAPPER.createParser(body)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String model = null;
            JsonSpans.Span modelSpan = null;
            Boolean stream = null;
            List<Message> messages = null;
            ObjectNode options = null;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                JsonToken value = in.nextToken();
                switch (field) {
                    case "model" -> {
                        if (value != JsonToken.VALUE_STRING || model != null) {
                            return Optional.empty();
                        }
                        modelSpan = JsonSpans.stringSpan(in);
                        model = in.getText();
                    }
                    case "stream" -> {
                        if (!value.isBoolean() || stream != null) {
                            return Optional.empty();
                        }
                        stream = value == JsonToken.VALUE_TRUE;
                    }
                    case "messages" -> {
                        if (value != JsonToken.START_ARRAY || messages != null || (messages = messages(in)) == null) {
                            return Optional.empty();
                        }
                    }
                    default -> {
                        if (ChatRequests.NOT_OPTIONS.contains(field) || value == JsonToken.VALUE_NULL) {
                            return Optional.empty();
                        }
                        options = options == null ? JsonNodeFactory.instance.objectNode() : options;
                        if (options.has(field)) {
                            return Optional.empty();
                        }
                        options.set(field, in.readValueAsTree());
                    }
                }
            }
            int end = (int) in.currentTokenLocation().getByteOffset();
            if (in.currentToken() != JsonToken.END_OBJECT || in.nextToken() != null || model == null
                    || messages == null || modelSpan.start() < 0) {
                return Optional.empty();
            }
            String name = model;
            return invocation(messages, options, Boolean.TRUE.equals(stream), new VerbatimBody(body, modelSpan, end))
                    .map(invocation -> new PlainChat(name, invocation));
        } catch (IOException e) {
            // Not JSON: ChatRequests says so.
            return Optional.empty();
        }
    }

    /** The messages of a plain request, each with a string role and content only; null for any other. */
    private static List<Message> messages(JsonParser in) throws IOException {
        List<Message> messages = new ArrayList<>();
        while (in.nextToken() == JsonToken.START_OBJECT) {
            String role = null;
            String content = null;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                if (in.nextToken() != JsonToken.VALUE_STRING) {
                    return null;
                }
                switch (field) {
                    case "role" -> {
                        if (role != null) {
                            return null;
                        }
                        role = in.getText();
                    }
                    case "content" -> {
                        if (content != null) {
                            return null;
                        }
                        content = in.getText();
                    }
                    default -> {
                        return null;
                    }
                }
            }
            if (role == null || content == null) {
                return null;
            }
            messages.add(new Message(role, content));
        }
        return in.currentToken() == JsonToken.END_ARRAY ? messages : null;
    }

    /** The invocation ChatRequests reads from the same messages, when it sends them as they are. */
    private static Optional<Invocation> invocation(List<Message> messages, JsonNode options, boolean stream,
            VerbatimBody verbatim) {
        int first = 0;
        String system = null;
        if (!messages.isEmpty() && messages.getFirst().role().equals("system")) {
            system = messages.getFirst().content();
            // A blank system prompt is left out of a rendered body.
            if (system.isBlank()) {
                return Optional.empty();
            }
            first = 1;
        }
        int turns = messages.size() - first;
        if (turns % 2 == 0) {
            return Optional.empty();
        }
        List<Example> examples = new ArrayList<>(turns / 2);
        for (int i = first; i < messages.size() - 1; i += 2) {
            if (!messages.get(i).role().equals("user") || !messages.get(i + 1).role().equals("assistant")) {
                return Optional.empty();
            }
            examples.add(new Example(messages.get(i).content(), messages.get(i + 1).content()));
        }
        Message last = messages.getLast();
        if (!last.role().equals("user")) {
            return Optional.empty();
        }
        return Optional.of(new Invocation(last.content(), system, examples, Map.of(), List.of(), null, null, options,
                stream, null, null, verbatim));
    }
}
