package dev.modelport.adapter.provider;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.MediaPart;
import dev.modelport.api.v1alpha1.Example;
import dev.modelport.api.v1alpha1.Modality;
import dev.modelport.api.v1alpha1.ProviderFeatures;
import dev.modelport.adapter.ToolCall;
import dev.modelport.adapter.Tools;
import dev.modelport.adapter.Turn;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a provider model declares, copied out of the mutable spec once so that every call checks against the same
 * snapshot. An unset flag or modality list means "not supported".
 */
record DeclaredFeatures(boolean structuredResponse, boolean streaming, boolean imageInput, boolean audioInput) {

    /** What both APIs accept as a function name. */
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    static DeclaredFeatures of(ProviderFeatures features) {
        if (features == null) {
            return new DeclaredFeatures(false, false, false, false);
        }
        List<Modality> modalities = features.modalities == null ? List.of() : features.modalities;
        return new DeclaredFeatures(Boolean.TRUE.equals(features.structuredResponse),
                Boolean.TRUE.equals(features.streaming), modalities.contains(Modality.ImageToText),
                modalities.contains(Modality.AudioToText));
    }

    /** Refuses an invocation that is malformed or uses a feature the model does not declare. */
    void check(Invocation invocation) throws AdapterException {
        if ((invocation.prompt() == null || invocation.prompt().isBlank()) && !invocation.answersToolResult()) {
            throw invalid("the prompt is empty");
        }
        checkTools(invocation.tools());
        checkTurns(invocation.turns());
        if (!invocation.variables().isEmpty()) {
            throw invalid("provider models take no custom variables");
        }
        checkExamples(invocation.examples());
        for (MediaPart part : invocation.media()) {
            checkMedia(part);
        }
        if (invocation.responseFormat() != null) {
            if (!structuredResponse) {
                throw unsupported("a response format needs the structuredResponse feature");
            }
            if (!invocation.responseFormat().isObject()) {
                throw invalid("the response format must be a JSON schema object");
            }
        }
        if (invocation.stream() && !streaming) {
            throw unsupported("streaming needs the streaming feature");
        }
    }

    private static void checkExamples(List<Example> examples) throws AdapterException {
        for (int i = 0; i < examples.size(); i++) {
            Example example = examples.get(i);
            if (example == null || example.input == null || example.output == null) {
                throw invalid("example " + (i + 1) + " needs an input and an output");
            }
        }
    }

    private static void checkTools(Tools tools) throws AdapterException {
        if (tools == null) {
            return;
        }
        for (Tools.Definition tool : tools.definitions()) {
            if (tool == null || tool.name() == null || !TOOL_NAME.matcher(tool.name()).matches()) {
                throw invalid("a tool name must be 1 to 64 letters, digits, _ or -");
            }
            if (tool.parameters() != null && !tool.parameters().isObject()) {
                throw invalid("the parameters of tool " + tool.name() + " must be a JSON schema object");
            }
        }
        Tools.Choice choice = tools.choice();
        if (choice != null && choice.mode() != Tools.Choice.Mode.NONE && tools.definitions().isEmpty()) {
            throw invalid("tool_choice needs tools");
        }
        if (choice != null && choice.mode() == Tools.Choice.Mode.TOOL && tools.definitions().stream()
                .noneMatch(tool -> tool.name().equals(choice.name()))) {
            throw invalid("tool_choice names a function that is not among the tools");
        }
    }

    private static void checkTurns(List<Turn> turns) throws AdapterException {
        for (Turn turn : turns) {
            switch (turn.role()) {
                case USER -> {
                    if (turn.text() == null) {
                        throw invalid("a user message needs content");
                    }
                }
                case ASSISTANT -> {
                    if (turn.text() == null && turn.toolCalls().isEmpty()) {
                        throw invalid("an assistant message needs content or tool_calls");
                    }
                    for (ToolCall call : turn.toolCalls()) {
                        if (call.id() == null || call.id().isEmpty() || call.name() == null
                                || call.name().isEmpty() || call.arguments() == null) {
                            throw invalid("a tool call needs an id, a function name and arguments");
                        }
                    }
                }
                case TOOL -> {
                    if (turn.toolCallId() == null || turn.toolCallId().isEmpty() || turn.text() == null) {
                        throw invalid("a tool message needs a tool_call_id and content");
                    }
                }
            }
        }
    }

    private void checkMedia(MediaPart part) throws AdapterException {
        if (part.kind() == MediaPart.Kind.IMAGE && !imageInput) {
            throw unsupported("image input needs modality ImageToText");
        }
        if (part.kind() == MediaPart.Kind.AUDIO && !audioInput) {
            throw unsupported("audio input needs modality AudioToText");
        }
        // Exactly one source, and inline data must say what it is: the wire formats need the media type.
        boolean inline = part.data() != null;
        if (inline == (part.url() != null)) {
            throw invalid("a media part needs either a URL or inline data");
        }
        if (inline && (part.mediaType() == null || part.mediaType().isBlank())) {
            throw invalid("inline media needs a media type");
        }
    }

    static AdapterException invalid(String message) {
        return new AdapterException(FailureCategory.InvalidInput, message);
    }

    static AdapterException unsupported(String message) {
        return new AdapterException(FailureCategory.FeatureNotSupported, message);
    }
}
