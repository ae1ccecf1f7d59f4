package dev.modelport.adapter.provider;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.MediaPart;
import dev.modelport.api.v1alpha1.Example;
import dev.modelport.api.v1alpha1.Modality;
import dev.modelport.api.v1alpha1.ProviderFeatures;
import java.util.List;

/**
 * What a provider model declares, copied out of the mutable spec once so that every call checks against the same
 * snapshot. An unset flag or modality list means "not supported".
 */
record DeclaredFeatures(boolean structuredResponse, boolean streaming, boolean imageInput, boolean audioInput) {

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
        if (invocation.prompt() == null || invocation.prompt().isBlank()) {
            throw invalid("the prompt is empty");
        }
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
