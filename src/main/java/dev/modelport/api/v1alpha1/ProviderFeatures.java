package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Rules.FEATURE_ON, message = Rules.FEATURE_ON_MESSAGE)
public class ProviderFeatures {

    @JsonPropertyDescription("The model accepts a JSON schema for its answer (structured output). Default false.")
    public Boolean structuredResponse;

    @JsonPropertyDescription("The model may be used for data generation (synthetic data jobs). Default false.")
    public Boolean dataGeneration;

    @JsonPropertyDescription("The endpoint streams answers as server-sent events. Default false.")
    public Boolean streaming;

    @JsonPropertyDescription("Input and output modalities: TextToText, TextToImage, ImageToText, AudioToText.")
    @Size(max = 4)
    @ValidationRule(value = Rules.MODALITIES_UNIQUE, message = Rules.MODALITIES_UNIQUE_MESSAGE)
    public List<Modality> modalities;
}
