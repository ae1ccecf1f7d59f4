package dev.modelport.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.JsonBodies;
import dev.modelport.gateway.GatewayException;
import java.io.IOException;
import java.util.Optional;

/**
 * A chat completion request as the gateway reads it: its model field and stream flag, which route it, and its
 * invocation. A plain request ({@link PlainChat}) is read in one pass and keeps the caller's bytes; any other is read
 * as a JSON tree and translated ({@link ChatRequests}) when its invocation is asked for, after the caller is
 * authorized, so that a denied caller learns nothing from the refusal of its body.
 */
public final class ChatBody {

    private final JsonNode model;
    private final boolean stream;
    private final Invocation plain;
    private final JsonNode tree;

    private ChatBody(JsonNode model, boolean stream, Invocation plain, JsonNode tree) {
        this.model = model;
        this.stream = stream;
        this.plain = plain;
        this.tree = tree;
    }

    public static ChatBody read(byte[] body) throws GatewayException {
        Optional<PlainChat> plain = PlainChat.read(body);
        if (plain.isPresent()) {
            Invocation invocation = plain.get().invocation();
            return new ChatBody(TextNode.valueOf(plain.get().model()), invocation.stream(), invocation, null);
        }
        JsonNode tree = object(body);
        return new ChatBody(tree.get("model"), tree.path("stream").asBoolean(false), null, tree);
    }

    /** A request body that must be a JSON object. */
    public static JsonNode object(byte[] body) throws GatewayException {
        try {
            JsonNode node = JsonBodies.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw GatewayException.invalid("the request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw GatewayException.invalid("the request body is not valid JSON");
        }
    }

    /** The model field as sent (null when missing), for {@code ModelSelection.fromModelField}. */
    public JsonNode model() {
        return model;
    }

    /** Whether the caller asks for a stream. */
    public boolean stream() {
        return stream;
    }

    public Invocation invocation() throws GatewayException {
        return plain != null ? plain : ChatRequests.toInvocation(tree);
    }
}
