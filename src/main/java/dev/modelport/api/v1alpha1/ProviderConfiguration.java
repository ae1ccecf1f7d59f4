package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Rules.MODALITIES_CARRIED, message = Rules.MODALITIES_CARRIED_MESSAGE,
        fieldPath = ".features.modalities")
public class ProviderConfiguration {

    @JsonPropertyDescription("The request and response structure the endpoint speaks: OpenAIChatCompletions or "
            + "AnthropicMessages.")
    @Required
    public ProviderApi api;

    @JsonPropertyDescription("The upstream model id sent in the request's model field, e.g. gpt-4o-mini or "
            + "claude-sonnet-4-5.")
    @Required
    @Size(min = 1, max = 256)
    public String model;

    @JsonPropertyDescription("What the model supports; the gateway refuses calls that use an undeclared feature. "
            + "At least one feature must be on.")
    @Required
    public ProviderFeatures features;
}
