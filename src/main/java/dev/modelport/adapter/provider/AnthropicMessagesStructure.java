package dev.modelport.adapter.provider;

import static dev.modelport.adapter.provider.ProviderJson.OptionKind.COUNT;
import static dev.modelport.adapter.provider.ProviderJson.OptionKind.NUMBER;
import static dev.modelport.adapter.provider.ProviderJson.OptionKind.STOP;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.MediaPart;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.Structure;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.adapter.ToolCall;
import dev.modelport.api.v1alpha1.Example;
import dev.modelport.api.v1alpha1.ProviderConfiguration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Anthropic Messages API (POST /v1/messages).
 *
 * <p>Structured output uses {@code output_config.format = {"type": "json_schema", "schema": ...}}: the request
 * field of anthropic-java 3.14.0's (non-beta) MessageCreateParams. The model then answers with the JSON as
 * ordinary text blocks, so the answer, its streaming and its stop reason read exactly as for plain text. The
 * older workaround, a forced tool whose input is the answer, is not needed.
 */
public final class AnthropicMessagesStructure implements Structure {

    /** The API requires max_tokens; this is used when the invocation sets neither max_tokens option. */
    static final long DEFAULT_MAX_TOKENS = 1024;

    /**
     * Sampling and stop options by their OpenAI names. anthropic-java 3.14.0 no longer types temperature, top_p
     * and top_k, but the API still takes them for models that sample; a model that does not answers 400.
     */
    private static final Map<String, ProviderJson.OptionKind> OPTIONS = Map.of("max_tokens", COUNT,
            "max_completion_tokens", COUNT, "temperature", NUMBER, "top_p", NUMBER, "top_k", COUNT, "stop", STOP);

    private final String model;
    private final DeclaredFeatures features;

    public AnthropicMessagesStructure(ProviderConfiguration config) {
        this.model = Objects.requireNonNull(config.model, "model");
        this.features = DeclaredFeatures.of(config.features);
    }

    @Override
    public boolean streams() {
        return features.streaming();
    }

    @Override
    public String render(Invocation invocation) throws AdapterException {
        features.check(invocation);
        for (MediaPart part : invocation.media()) {
            if (part.kind() == MediaPart.Kind.AUDIO) {
                throw DeclaredFeatures.unsupported("audio input is not supported by the Anthropic Messages API");
            }
        }
        Map<String, JsonNode> options = ProviderJson.options(invocation.options(), OPTIONS);
        List<JsonNode> toolInputs = AnthropicTools.toolInputs(invocation.turns());
        return ProviderJson.write(out -> {
            out.writeStartObject();
            out.writeStringField("model", model);
            out.writeNumberField("max_tokens", maxTokens(options));
            if (invocation.systemPrompt() != null && !invocation.systemPrompt().isBlank()) {
                out.writeStringField("system", invocation.systemPrompt());
            }
            out.writeArrayFieldStart("messages");
            for (Example example : invocation.examples()) {
                message(out, "user", example.input);
                message(out, "assistant", example.output);
            }
            AnthropicTools.turns(out, invocation.turns(), toolInputs.iterator());
            if (invocation.prompt() != null) {
                userMessage(out, invocation);
            }
            out.writeEndArray();
            if (invocation.tools() != null) {
                AnthropicTools.tools(out, invocation.tools());
            }
            if (invocation.responseFormat() != null) {
                outputFormat(out, invocation.responseFormat());
            }
            writeOptions(out, options);
            if (invocation.stream()) {
                out.writeBooleanField("stream", true);
            }
            out.writeEndObject();
        });
    }

    private static long maxTokens(Map<String, JsonNode> options) {
        JsonNode max = options.getOrDefault("max_tokens", options.get("max_completion_tokens"));
        return max != null ? max.longValue() : DEFAULT_MAX_TOKENS;
    }

    /** Everything but the max_tokens pair (already written); stop becomes the stop_sequences list. */
    private static void writeOptions(JsonGenerator out, Map<String, JsonNode> options) throws IOException {
        for (Map.Entry<String, JsonNode> option : options.entrySet()) {
            JsonNode value = option.getValue();
            switch (option.getKey()) {
                case "max_tokens", "max_completion_tokens" -> {
                }
                case "stop" -> {
                    out.writeArrayFieldStart("stop_sequences");
                    if (value.isTextual()) {
                        out.writeString(value.textValue());
                    } else {
                        for (JsonNode sequence : value) {
                            out.writeString(sequence.textValue());
                        }
                    }
                    out.writeEndArray();
                }
                default -> {
                    out.writeFieldName(option.getKey());
                    out.writeTree(value);
                }
            }
        }
    }

    static void textBlock(JsonGenerator out, String text) throws IOException {
        out.writeStartObject();
        out.writeStringField("type", "text");
        out.writeStringField("text", text);
        out.writeEndObject();
    }

    static void message(JsonGenerator out, String role, String content) throws IOException {
        out.writeStartObject();
        out.writeStringField("role", role);
        out.writeStringField("content", content);
        out.writeEndObject();
    }

    /** Plain text when there is no image, else the images followed by the prompt, as Anthropic recommends. */
    private static void userMessage(JsonGenerator out, Invocation invocation) throws IOException {
        if (invocation.media().isEmpty()) {
            message(out, "user", invocation.prompt());
            return;
        }
        out.writeStartObject();
        out.writeStringField("role", "user");
        out.writeArrayFieldStart("content");
        for (MediaPart image : invocation.media()) {
            out.writeStartObject();
            out.writeStringField("type", "image");
            out.writeObjectFieldStart("source");
            if (image.url() != null) {
                out.writeStringField("type", "url");
                out.writeStringField("url", image.url());
            } else {
                out.writeStringField("type", "base64");
                out.writeStringField("media_type", image.mediaType());
                out.writeStringField("data", image.data());
            }
            out.writeEndObject();
            out.writeEndObject();
        }
        out.writeStartObject();
        out.writeStringField("type", "text");
        out.writeStringField("text", invocation.prompt());
        out.writeEndObject();
        out.writeEndArray();
        out.writeEndObject();
    }

    private static void outputFormat(JsonGenerator out, JsonNode schema) throws IOException {
        out.writeObjectFieldStart("output_config");
        out.writeObjectFieldStart("format");
        out.writeStringField("type", "json_schema");
        out.writeFieldName("schema");
        out.writeTree(schema);
        out.writeEndObject();
        out.writeEndObject();
    }

    @Override
    public ModelResponse parse(JsonNode response) throws AdapterException {
        if (response == null || !response.isObject()) {
            throw new AdapterException(FailureCategory.InvalidJson, "the response is not a JSON object");
        }
        failOnError(response);
        JsonNode content = response.get("content");
        if (content == null || !content.isArray()) {
            throw new AdapterException(FailureCategory.InvalidJson, "the response has no content array");
        }
        // Thinking and citation blocks are not part of the answer; tool_use blocks are its tool calls.
        StringBuilder output = new StringBuilder();
        List<ToolCall> toolCalls = new ArrayList<>(0);
        for (JsonNode block : content) {
            String type = ProviderJson.text(block, "type");
            if ("text".equals(type)) {
                String text = ProviderJson.text(block, "text");
                output.append(text == null ? "" : text);
            } else if ("tool_use".equals(type)) {
                toolCalls.add(AnthropicTools.toolCall(block, null));
            }
        }
        return new ModelResponse(output.toString(), usage(response.get("usage")),
                ProviderJson.text(response, "stop_reason"), toolCalls, ProviderJson.text(response, "model"));
    }

    @Override
    public List<StreamEvent> parseStreamEvent(String eventName, String data) throws AdapterException {
        if (eventName != null && isWithoutContent(eventName)) {
            return List.of();
        }
        JsonNode event = ProviderJson.readEvent(data);
        // The data repeats the event name as its type; use it when the SSE parser saw no event line.
        String type = eventName != null ? eventName : ProviderJson.text(event, "type");
        if (type == null) {
            return List.of();
        }
        return switch (type) {
            case "message_start" -> messageStart(event.path("message"));
            case "content_block_start" -> blockStart(event);
            case "content_block_delta" -> blockDelta(event);
            case "message_delta" -> messageDelta(event);
            case "error" -> throw upstreamError(event);
            // Unknown events are skipped: the API documents that new ones may appear.
            default -> List.of();
        };
    }

    private static boolean isWithoutContent(String type) {
        return switch (type) {
            case "ping", "message_stop", "content_block_stop" -> true;
            default -> false;
        };
    }

    /**
     * The model that answers, and the usage: its input side is final at the start; the output count there is a
     * placeholder, so it is left unknown.
     */
    private static List<StreamEvent> messageStart(JsonNode message) {
        List<StreamEvent> events = new ArrayList<>(2);
        String model = ProviderJson.text(message, "model");
        if (model != null) {
            events.add(new StreamEvent.Model(model));
        }
        JsonNode usage = message.get("usage");
        if (usage != null && usage.isObject()) {
            TokenUsage counts = usage(usage);
            events.add(new StreamEvent.Usage(new TokenUsage(counts.inputTokens(), null, counts.cacheReadTokens(),
                    counts.cacheWriteTokens(), null)));
        }
        return events;
    }

    /** A tool_use block starts a tool call; text blocks start empty, and other blocks are not the answer. */
    private static List<StreamEvent> blockStart(JsonNode event) throws AdapterException {
        JsonNode block = event.path("content_block");
        if (!"tool_use".equals(ProviderJson.text(block, "type"))) {
            return List.of();
        }
        ToolCall call = AnthropicTools.toolCall(block, "");
        return List.of(new StreamEvent.ToolCallDelta(blockIndex(event), call.id(), call.name(), call.arguments()));
    }

    /** Text deltas are answer text and input JSON deltas tool call arguments; thinking and the rest are neither. */
    private static List<StreamEvent> blockDelta(JsonNode event) throws AdapterException {
        JsonNode delta = event.path("delta");
        String type = ProviderJson.text(delta, "type");
        if ("text_delta".equals(type)) {
            String text = ProviderJson.text(delta, "text");
            return text == null || text.isEmpty() ? List.of() : List.of(new StreamEvent.TextDelta(text));
        }
        if ("input_json_delta".equals(type)) {
            String json = ProviderJson.text(delta, "partial_json");
            return json == null || json.isEmpty() ? List.of()
                    : List.of(new StreamEvent.ToolCallDelta(blockIndex(event), null, null, json));
        }
        return List.of();
    }

    private static int blockIndex(JsonNode event) throws AdapterException {
        JsonNode index = event.get("index");
        if (index == null || !index.canConvertToInt()) {
            throw new AdapterException(FailureCategory.InvalidJson, "a streamed content block has no index");
        }
        return index.intValue();
    }

    private static List<StreamEvent> messageDelta(JsonNode event) {
        List<StreamEvent> events = new ArrayList<>(2);
        String stopReason = ProviderJson.text(event.path("delta"), "stop_reason");
        if (stopReason != null) {
            events.add(new StreamEvent.Finish(stopReason));
        }
        JsonNode usage = event.get("usage");
        if (usage != null && usage.isObject()) {
            events.add(new StreamEvent.Usage(usage(usage)));
        }
        return events;
    }

    private static void failOnError(JsonNode body) throws AdapterException {
        if ("error".equals(ProviderJson.text(body, "type")) || body.path("error").isObject()) {
            throw upstreamError(body);
        }
    }

    private static AdapterException upstreamError(JsonNode body) {
        return ProviderJson.upstreamError(body.path("error"), "type");
    }

    /** Anthropic's input_tokens excludes cache reads and writes, which it counts separately. */
    private static TokenUsage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return TokenUsage.UNKNOWN;
        }
        return new TokenUsage(ProviderJson.count(usage, "input_tokens"), ProviderJson.count(usage, "output_tokens"),
                ProviderJson.count(usage, "cache_read_input_tokens"),
                ProviderJson.count(usage, "cache_creation_input_tokens"),
                ProviderJson.count(usage.get("output_tokens_details"), "thinking_tokens"));
    }
}
