package dev.modelport.adapter.provider;

import dev.modelport.adapter.Structure;
import dev.modelport.api.v1alpha1.ProviderConfiguration;
import java.util.Objects;

/** The structure a provider model speaks, by its declared API. */
public final class ProviderStructures {

    private ProviderStructures() {
    }

    public static Structure of(ProviderConfiguration config) {
        return switch (Objects.requireNonNull(config.api, "api")) {
            case OpenAIChatCompletions -> new OpenAiChatStructure(config);
            case AnthropicMessages -> new AnthropicMessagesStructure(config);
        };
    }
}
