package dev.modelport.adapter.provider;

import static dev.modelport.adapter.provider.ProviderJson.OptionKind.COUNT;
import static dev.modelport.adapter.provider.ProviderJson.OptionKind.INTEGER;
import static dev.modelport.adapter.provider.ProviderJson.OptionKind.NUMBER;
import static dev.modelport.adapter.provider.ProviderJson.OptionKind.OBJECT;
import static dev.modelport.adapter.provider.ProviderJson.OptionKind.STOP;
import static dev.modelport.adapter.provider.ProviderJson.OptionKind.STRING;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.JsonSpans;
import dev.modelport.adapter.MediaPart;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.Structure;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.TokenUsage;
import dev.modelport.adapter.ToolCall;
import dev.modelport.adapter.Turn;
import dev.modelport.api.v1alpha1.Example;
import dev.modelport.api.v1alpha1.ProviderConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** The OpenAI Chat Completions API (POST /v1/chat/completions) and the many endpoints that copy it. */
public final class OpenAiChatStructure implements Structure {

    /**
     * Options that only tune generation. Left out on purpose: tools, tool_choice and parallel_tool_calls (set from
     * the invocation's tools), the deprecated functions, response_format and stream (set from the invocation),
     * logprobs, audio and modalities (not read back), store and metadata (retention is the operator's call), and n
     * (one answer per call; n = 1 is harmless).
     */
    private static final Map<String, ProviderJson.OptionKind> OPTIONS = Map.ofEntries(
            Map.entry("max_tokens", COUNT), Map.entry("max_completion_tokens", COUNT),
            Map.entry("temperature", NUMBER), Map.entry("top_p", NUMBER), Map.entry("stop", STOP),
            Map.entry("seed", INTEGER), Map.entry("presence_penalty", NUMBER),
            Map.entry("frequency_penalty", NUMBER), Map.entry("logit_bias", OBJECT), Map.entry("n", COUNT),
            Map.entry("user", STRING), Map.entry("safety_identifier", STRING),
            Map.entry("reasoning_effort", STRING), Map.entry("verbosity", STRING));

    /** What OpenAI accepts as a json_schema name. */
    private static final Pattern SCHEMA_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** What a stream's body adds: without it the stream carries no token counts. */
    private static final byte[] STREAM_USAGE = ",\"stream_options\":{\"include_usage\":true}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOTHING = new byte[0];

    private final String model;
    private final byte[] quotedModel;
    private final DeclaredFeatures features;

    public OpenAiChatStructure(ProviderConfiguration config) {
        this.model = Objects.requireNonNull(config.model, "model");
        this.quotedModel = JsonSpans.quoted(model).getBytes(StandardCharsets.UTF_8);
        this.features = DeclaredFeatures.of(config.features);
    }

    @Override
    public boolean streams() {
        return features.streaming();
    }

    /**
     * The caller's own body when the invocation has one ({@link Invocation#verbatim}), with this model's name and,
     * streamed, the request for token counts; refused exactly as {@link #render} refuses the invocation.
     */
    @Override
    public byte[] renderBytes(Invocation invocation) throws AdapterException {
        if (invocation.verbatim() == null) {
            return Structure.super.renderBytes(invocation);
        }
        checkedOptions(invocation);
        return invocation.verbatim().with(quotedModel, invocation.stream() ? STREAM_USAGE : NOTHING);
    }

    @Override
    public boolean answersAsOpenAi() {
        return true;
    }

    /** Every event but an empty one and the {@code [DONE]} that ends the stream is a chunk. */
    @Override
    public boolean forwardsEvent(String data) {
        return data != null && !data.isBlank() && !data.strip().equals("[DONE]");
    }

    @Override
    public String render(Invocation invocation) throws AdapterException {
        Map<String, JsonNode> options = checkedOptions(invocation);
        String schemaName = invocation.responseFormat() == null ? null : schemaName(invocation.responseFormatName());
        List<String> audioFormats = audioFormats(invocation.media());
        return ProviderJson.write(out -> {
            out.writeStartObject();
            out.writeStringField("model", model);
            out.writeArrayFieldStart("messages");
            if (invocation.systemPrompt() != null && !invocation.systemPrompt().isBlank()) {
                message(out, "system", invocation.systemPrompt());
            }
            for (Example example : invocation.examples()) {
                message(out, "user", example.input);
                message(out, "assistant", example.output);
            }
            for (Turn turn : invocation.turns()) {
                OpenAiTools.turn(out, turn);
            }
            if (invocation.prompt() != null) {
                userMessage(out, invocation, audioFormats);
            }
            out.writeEndArray();
            if (invocation.tools() != null) {
                OpenAiTools.tools(out, invocation.tools());
            }
            if (invocation.responseFormat() != null) {
                responseFormat(out, schemaName, invocation.responseFormat());
            }
            for (Map.Entry<String, JsonNode> option : options.entrySet()) {
                out.writeFieldName(option.getKey());
                out.writeTree(option.getValue());
            }
            if (invocation.stream()) {
                out.writeBooleanField("stream", true);
                // Without it the stream carries no token counts (STREAM_USAGE).
                out.writeObjectFieldStart("stream_options");
                out.writeBooleanField("include_usage", true);
                out.writeEndObject();
            }
            out.writeEndObject();
        });
    }

    /** The invocation's options, once it is checked against what the model declares. */
    private Map<String, JsonNode> checkedOptions(Invocation invocation) throws AdapterException {
        features.check(invocation);
        Map<String, JsonNode> options = ProviderJson.options(invocation.options(), OPTIONS);
        JsonNode n = options.get("n");
        if (n != null && n.longValue() != 1) {
            throw DeclaredFeatures.invalid("option n must be 1: a call returns one answer");
        }
        return options;
    }

    private static String schemaName(String name) throws AdapterException {
        if (name == null) {
            return "response";
        }
        if (!SCHEMA_NAME.matcher(name).matches()) {
            throw DeclaredFeatures.invalid("the response format name must be 1 to 64 letters, digits, _ or -");
        }
        return name;
    }

    /** The input_audio format of each audio part, in order: the API takes inline wav or mp3 only. */
    private static List<String> audioFormats(List<MediaPart> media) throws AdapterException {
        List<String> formats = new ArrayList<>();
        for (MediaPart part : media) {
            if (part.kind() != MediaPart.Kind.AUDIO) {
                continue;
            }
            if (part.data() == null) {
                throw DeclaredFeatures.unsupported("OpenAI chat takes audio as inline data, not by URL");
            }
            formats.add(switch (part.mediaType().toLowerCase(Locale.ROOT)) {
                case "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave" -> "wav";
                case "audio/mpeg", "audio/mp3", "audio/mpeg3" -> "mp3";
                default -> throw DeclaredFeatures.unsupported("OpenAI chat takes wav or mp3 audio only");
            });
        }
        return formats;
    }

    private static void message(JsonGenerator out, String role, String content) throws IOException {
        out.writeStartObject();
        out.writeStringField("role", role);
        out.writeStringField("content", content);
        out.writeEndObject();
    }

    /** Plain text when there is no media, else the media parts followed by the prompt. */
    private static void userMessage(JsonGenerator out, Invocation invocation, List<String> audioFormats)
            throws IOException {
        if (invocation.media().isEmpty()) {
            message(out, "user", invocation.prompt());
            return;
        }
        out.writeStartObject();
        out.writeStringField("role", "user");
        out.writeArrayFieldStart("content");
        int audio = 0;
        for (MediaPart part : invocation.media()) {
            if (part.kind() == MediaPart.Kind.IMAGE) {
                imagePart(out, part);
            } else {
                audioPart(out, part, audioFormats.get(audio++));
            }
        }
        out.writeStartObject();
        out.writeStringField("type", "text");
        out.writeStringField("text", invocation.prompt());
        out.writeEndObject();
        out.writeEndArray();
        out.writeEndObject();
    }

    private static void imagePart(JsonGenerator out, MediaPart part) throws IOException {
        out.writeStartObject();
        out.writeStringField("type", "image_url");
        out.writeObjectFieldStart("image_url");
        out.writeStringField("url", part.url() != null ? part.url()
                : "data:" + part.mediaType() + ";base64," + part.data());
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void audioPart(JsonGenerator out, MediaPart part, String format) throws IOException {
        out.writeStartObject();
        out.writeStringField("type", "input_audio");
        out.writeObjectFieldStart("input_audio");
        out.writeStringField("data", part.data());
        out.writeStringField("format", format);
        out.writeEndObject();
        out.writeEndObject();
    }

    private static void responseFormat(JsonGenerator out, String name, JsonNode schema) throws IOException {
        out.writeObjectFieldStart("response_format");
        out.writeStringField("type", "json_schema");
        out.writeObjectFieldStart("json_schema");
        out.writeStringField("name", name);
        out.writeFieldName("schema");
        out.writeTree(schema);
        out.writeBooleanField("strict", true);
        out.writeEndObject();
        out.writeEndObject();
    }

    @Override
    public ModelResponse parse(JsonNode response) throws AdapterException {
        if (response == null || !response.isObject()) {
            throw new AdapterException(FailureCategory.InvalidJson, "the response is not a JSON object");
        }
        failOnError(response);
        JsonNode choice = response.path("choices").path(0);
        JsonNode message = choice.get("message");
        if (message == null || !message.isObject()) {
            throw new AdapterException(FailureCategory.InvalidJson, "the response has no choices[0].message");
        }
        String output = ProviderJson.text(message, "content");
        List<ToolCall> toolCalls = OpenAiTools.toolCalls(message.get("tool_calls"));
        if (output == null) {
            if (ProviderJson.text(message, "refusal") != null) {
                throw new AdapterException(FailureCategory.UpstreamError, "model refused");
            }
            if (toolCalls.isEmpty()) {
                throw new AdapterException(FailureCategory.InvalidJson, "choices[0].message.content is not text");
            }
            output = "";
        }
        return new ModelResponse(output, usage(response.get("usage")), ProviderJson.text(choice, "finish_reason"),
                toolCalls, ProviderJson.text(response, "model"));
    }

    @Override
    public List<StreamEvent> parseStreamEvent(String eventName, String data) throws AdapterException {
        if (!forwardsEvent(data)) {
            return List.of();
        }
        JsonNode chunk = ProviderJson.readEvent(data);
        failOnError(chunk);
        List<StreamEvent> events = new ArrayList<>(2);
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        String refusal = ProviderJson.text(delta, "refusal");
        if (refusal != null && !refusal.isEmpty()) {
            throw new AdapterException(FailureCategory.UpstreamError, "model refused");
        }
        // Every chunk repeats the model; it is told once, with the chunk that opens the message (it has the role).
        String model = ProviderJson.text(delta, "role") != null ? ProviderJson.text(chunk, "model") : null;
        if (model != null) {
            events.add(new StreamEvent.Model(model));
        }
        String text = ProviderJson.text(delta, "content");
        if (text != null && !text.isEmpty()) {
            events.add(new StreamEvent.TextDelta(text));
        }
        OpenAiTools.streamed(delta.get("tool_calls"), events);
        String finishReason = ProviderJson.text(choice, "finish_reason");
        if (finishReason != null) {
            events.add(new StreamEvent.Finish(finishReason));
        }
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            events.add(new StreamEvent.Usage(usage(usage)));
        }
        return events;
    }

    private static void failOnError(JsonNode body) throws AdapterException {
        JsonNode error = body.get("error");
        if (error != null && error.isObject()) {
            throw ProviderJson.upstreamError(error, "type", "code");
        }
    }

    /** prompt_tokens includes the cached and cache-written ones, unlike Anthropic's input_tokens. */
    private static TokenUsage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return TokenUsage.UNKNOWN;
        }
        JsonNode promptDetails = usage.get("prompt_tokens_details");
        return new TokenUsage(ProviderJson.count(usage, "prompt_tokens"),
                ProviderJson.count(usage, "completion_tokens"), ProviderJson.count(promptDetails, "cached_tokens"),
                ProviderJson.count(promptDetails, "cache_write_tokens"),
                ProviderJson.count(usage.get("completion_tokens_details"), "reasoning_tokens"));
    }
}
