package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a model offers its callers, computed from its spec by {@link #of}: the one rule behind both
 * {@code status.capabilities} (written by the operator) and each {@code /v1/models} entry (answered by the gateway).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Capabilities {

    /** The placeholder of a custom body that receives the caller's JSON schema (structured output). */
    public static final String RESPONSE_SCHEMA_VARIABLE = "responseSchema";
    /** The placeholder as the body template reads it: spaces inside the braces allowed. */
    private static final Pattern RESPONSE_SCHEMA = Pattern.compile("\\{\\{ *" + RESPONSE_SCHEMA_VARIABLE + " *}}");

    @JsonPropertyDescription("The model answers chat completions as a stream (stream: true).")
    public Boolean streaming;

    @JsonPropertyDescription("The model honours a JSON schema for its answer (response_format json_schema).")
    public Boolean structuredOutput;

    @JsonPropertyDescription("The model may be used for data generation (synthetic data jobs).")
    public Boolean dataGeneration;

    @JsonPropertyDescription("The model can call tools (tools and tool_choice of chat completions).")
    public Boolean tools;

    @JsonPropertyDescription("The input-to-output modalities the gateway serves for the model: TextToText (chat "
            + "completions), ImageToText and AudioToText (chat image and audio input; AudioToText also "
            + "/v1/audio/transcriptions), TextToImage (/v1/images/generations).")
    public List<Modality> modalities;

    /** The capabilities of a spec; null when the spec has no readable configuration. */
    public static Capabilities of(ExternalModelSpec spec) {
        Configuration configuration = spec == null ? null : spec.configuration;
        if (configuration != null && configuration.provider != null) {
            return provider(configuration.provider);
        }
        if (configuration != null && configuration.custom != null) {
            return custom(configuration.custom);
        }
        return null;
    }

    /** Whether the model serves the modality. */
    public static boolean serves(ExternalModelSpec spec, Modality modality) {
        Capabilities capabilities = of(spec);
        return capabilities != null && capabilities.modalities.contains(modality);
    }

    /**
     * A provider model: what its features declare; tools always (both structures carry them). A model that declares
     * no modality is still served by chat completions, so it reports TextToText.
     */
    private static Capabilities provider(ProviderConfiguration provider) {
        ProviderFeatures features = provider.features == null ? new ProviderFeatures() : provider.features;
        Capabilities capabilities = new Capabilities();
        capabilities.streaming = Boolean.TRUE.equals(features.streaming);
        capabilities.structuredOutput = Boolean.TRUE.equals(features.structuredResponse);
        capabilities.dataGeneration = Boolean.TRUE.equals(features.dataGeneration);
        capabilities.tools = true;
        capabilities.modalities = features.modalities == null || features.modalities.isEmpty()
                ? List.of(Modality.TextToText) : List.copyOf(features.modalities);
        return capabilities;
    }

    /**
     * A custom model: text always, TextToImage when the response declares an image path, structured output when
     * the body uses {{responseSchema}}; never tools, never data generation (nothing declares it).
     */
    private static Capabilities custom(CustomConfiguration custom) {
        Capabilities capabilities = new Capabilities();
        capabilities.streaming = custom.streaming != null;
        capabilities.structuredOutput = custom.body != null && RESPONSE_SCHEMA.matcher(custom.body).find();
        capabilities.dataGeneration = false;
        capabilities.tools = false;
        List<Modality> modalities = new ArrayList<>(List.of(Modality.TextToText));
        if (custom.response != null && custom.response.imagePath != null) {
            modalities.add(Modality.TextToImage);
        }
        capabilities.modalities = List.copyOf(modalities);
        return capabilities;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Capabilities that && Objects.equals(streaming, that.streaming)
                && Objects.equals(structuredOutput, that.structuredOutput)
                && Objects.equals(dataGeneration, that.dataGeneration) && Objects.equals(tools, that.tools)
                && Objects.equals(modalities, that.modalities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(streaming, structuredOutput, dataGeneration, tools, modalities);
    }
}
