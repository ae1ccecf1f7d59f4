package dev.modelport.gateway.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.adapter.JsonBodies;
import dev.modelport.adapter.JsonSpans;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.ProviderError;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.adapter.ToolCall;
import dev.modelport.gateway.GatewayException;
import dev.modelport.gateway.models.ServedModel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The JSON bodies the gateway answers with: OpenAI completions, model lists and errors, and invoke results. */
public final class Responses {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] NOTHING = new byte[0];

    private Responses() {
    }

    public static ObjectNode completion(ServedModel model, ModelResponse response, Clock clock) {
        ObjectNode completion = JSON.objectNode()
                .put("id", completionId())
                .put("object", "chat.completion")
                .put("created", clock.instant().getEpochSecond())
                .put("model", model.id());
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (response.toolCalls().isEmpty() || !response.output().isEmpty()) {
            message.put("content", response.output());
        } else {
            // OpenAI's answer that only calls tools has no content.
            message.putNull("content");
        }
        if (!response.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : response.toolCalls()) {
                calls.addObject().put("id", call.id()).put("type", "function").putObject("function")
                        .put("name", call.name()).put("arguments", call.arguments());
            }
        }
        choice.put("finish_reason", finishReason(response.finishReason()));
        ObjectNode usage = usage(response.usage());
        if (!usage.isEmpty()) {
            completion.set("usage", usage);
        }
        return completion;
    }

    /**
     * The endpoint's own OpenAI chat completion ({@link ModelResponse#verbatim}) as it came, but for its model field,
     * which names the served model as a rebuilt completion does; empty when there is none to forward or it has no
     * model field to replace.
     */
    public static Optional<byte[]> forwarded(ServedModel model, ModelResponse response) {
        byte[] body = response.verbatim();
        if (body == null) {
            return Optional.empty();
        }
        byte[] name = JsonSpans.quoted(model.id()).getBytes(StandardCharsets.UTF_8);
        return JsonSpans.topLevelString(body, "model").map(span -> JsonSpans.splice(body, span, name, span.end(),
                NOTHING));
    }

    static String completionId() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        return "chatcmpl-" + HexFormat.of().formatHex(id);
    }

    /** Maps provider stop reasons to OpenAI's; OpenAI's own pass through, and no reason means a normal stop. */
    static String finishReason(String reason) {
        if (reason == null) {
            return "stop";
        }
        return switch (reason) {
            case "end_turn", "stop_sequence" -> "stop";
            case "max_tokens" -> "length";
            case "tool_use" -> "tool_calls";
            default -> reason;
        };
    }

    /** Only the counts the endpoint reported: an unknown count is left out, never 0. */
    static ObjectNode usage(TokenUsage usage) {
        ObjectNode node = JSON.objectNode();
        if (usage == null) {
            return node;
        }
        if (usage.inputTokens() != null) {
            node.put("prompt_tokens", usage.inputTokens());
        }
        if (usage.outputTokens() != null) {
            node.put("completion_tokens", usage.outputTokens());
        }
        if (usage.inputTokens() != null && usage.outputTokens() != null) {
            node.put("total_tokens", usage.inputTokens() + usage.outputTokens());
        }
        return node;
    }

    public static ObjectNode invokeResult(ModelResponse response) {
        ObjectNode result = JSON.objectNode().put("output", response.output());
        TokenUsage usage = response.usage() == null ? TokenUsage.UNKNOWN : response.usage();
        ObjectNode counts = JSON.objectNode();
        if (usage.inputTokens() != null) {
            counts.put("inputTokens", usage.inputTokens());
        }
        if (usage.outputTokens() != null) {
            counts.put("outputTokens", usage.outputTokens());
        }
        result.set("usage", counts);
        if (response.finishReason() != null) {
            result.put("finishReason", response.finishReason());
        }
        return result;
    }

    public static ObjectNode models(List<ServedModel> models) {
        ObjectNode list = JSON.objectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (ServedModel model : models) {
            data.add(model(model));
        }
        return list;
    }

    /** One model as OpenAI lists it, with its display name and capabilities. */
    public static ObjectNode model(ServedModel model) {
        ObjectNode entry = JSON.objectNode().put("id", model.id()).put("object", "model")
                .put("created", model.created()).put("owned_by", model.namespace())
                .put("display_name", model.displayName());
        entry.set("capabilities", JsonBodies.MAPPER.valueToTree(model.capabilities()));
        return entry;
    }

    /**
     * A failure after a stream's start as its last server-sent event: the error object alone, as OpenAI sends it,
     * which its clients raise (openai-java as an SseException carrying the code and message).
     */
    public static String errorEvent(GatewayException e) {
        return "data: " + error(e) + "\n\n";
    }

    /** The error; an endpoint's own error object, where it has a part, answers with that part. */
    public static ObjectNode error(GatewayException e) {
        ProviderError upstream = e.upstream() == null ? new ProviderError(null, null, null) : e.upstream();
        ObjectNode body = JSON.objectNode();
        body.putObject("error").put("message", either(upstream.message(), e.getMessage()))
                .put("type", either(upstream.type(), e.type())).putNull("param")
                .put("code", either(upstream.code(), e.code()));
        return body;
    }

    private static String either(String preferred, String otherwise) {
        return preferred != null ? preferred : otherwise;
    }
}
