package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Rules.ONE_CONFIGURATION, message = Rules.ONE_CONFIGURATION_MESSAGE)
public class Configuration {

    @JsonPropertyDescription("The \"Default\" option: declared variables, a JSON body template with {{variable}} "
            + "placeholders and optional response JSON paths. Exactly one of custom or provider.")
    public CustomConfiguration custom;

    @JsonPropertyDescription("The \"Existing model provider structures\" option: the endpoint speaks OpenAI Chat "
            + "Completions or Anthropic Messages. Exactly one of custom or provider.")
    public ProviderConfiguration provider;

    /** The value of the Api printer column: Custom, or the provider API. */
    public static String apiOf(Configuration configuration) {
        if (configuration == null) {
            return null;
        }
        if (configuration.provider != null && configuration.provider.api != null) {
            return configuration.provider.api.name();
        }
        return configuration.custom != null ? "Custom" : null;
    }
}
