package dev.modelport.openapi;

import dev.modelport.api.v1alpha1.ProviderApi;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Map;

/**
 * Recognises an operation that speaks a provider structure Modelport has built in, so that it is imported as that
 * structure instead of a custom template: a {@code messages} array and a {@code model} in the request, and the
 * structure's path or answer (OpenAI Chat Completions: {@code /chat/completions} or {@code choices}; Anthropic
 * Messages: {@code /messages} with {@code max_tokens}, or {@code content} with {@code stop_reason}).
 *
 * @param model the model id from the request schema's default, example or first enum value, or null
 * @param streaming whether the success response offers text/event-stream
 */
record ProviderShape(ProviderApi api, String model, boolean streaming) {

    static ProviderShape of(Schemas schemas, Schemas.Resolved request, Schemas.Resolved answer, String path,
            boolean streaming, String where) throws ImportException {
        Map<String, Schemas.Resolved> properties = schemas.properties(request, where);
        if (!properties.containsKey("messages") || !properties.containsKey("model")) {
            return null;
        }
        Map<String, Schemas.Resolved> answered = answer == null ? Map.of()
                : schemas.properties(schemas.firstAlternative(answer, where), where);
        ProviderApi api = null;
        if (path.endsWith("/chat/completions") || answered.containsKey("choices")) {
            api = ProviderApi.OpenAIChatCompletions;
        } else if (properties.containsKey("max_tokens") && (path.endsWith("/messages")
                || answered.containsKey("content") && answered.containsKey("stop_reason"))) {
            api = ProviderApi.AnthropicMessages;
        }
        if (api == null) {
            return null;
        }
        Schema<?> model = properties.get("model").schema();
        Object value = model.getDefault() != null ? model.getDefault() : model.getExample() != null
                ? model.getExample() : model.getEnum() != null && !model.getEnum().isEmpty() ? model.getEnum().get(0)
                : null;
        return new ProviderShape(api, value == null ? null : String.valueOf(value), streaming);
    }
}
