package dev.modelport.api.v1alpha1;

/** The provider request/response structures Modelport speaks natively. */
public enum ProviderApi {
    OpenAIChatCompletions,
    AnthropicMessages
}
