package dev.modelport.testing;

import dev.modelport.api.v1alpha1.ExternalModel;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;

/**
 * An ExternalModel manifest as a platform team writes it, for every test that needs one: a custom model (a body
 * template) or a provider's API, with the Bearer token of Secret {@code creds}, a test prompt, and inference as the
 * test sets it. {@link #yaml()} is the manifest; {@link #model()} is the object it reads as.
 */
public final class ModelYaml {

    private final String name;
    private final String api;
    private String namespace;
    private Long generation;
    private String endpoint = "https://models.example.com/v1/generate";
    private String authorization = "{type: Bearer, secretRef: {name: creds}}";
    private final List<String> headers = new ArrayList<>();
    private String body = "{\"prompt\": \"{{prompt}}\"}";
    private final List<String> customLines = new ArrayList<>();
    private boolean streaming;
    private String modalities = "TextToText";
    private String testPrompt = "Reply with pong.";
    private String testTimeout;
    private String inference;

    private ModelYaml(String name, String api) {
        this.name = name;
        this.api = api;
    }

    /** A custom model: its body template sends the prompt as {@code {"prompt": ...}}. */
    public static ModelYaml custom(String name) {
        return new ModelYaml(name, null);
    }

    /** A model of a provider's API (OpenAIChatCompletions, AnthropicMessages, ...), text only, not streaming. */
    public static ModelYaml provider(String name, String api) {
        return new ModelYaml(name, api);
    }

    public ModelYaml namespace(String namespace) {
        this.namespace = namespace;
        return this;
    }

    public ModelYaml generation(long generation) {
        this.generation = generation;
        return this;
    }

    public ModelYaml endpoint(String endpoint) {
        this.endpoint = endpoint;
        return this;
    }

    /** The Bearer token of another Secret than {@code creds}. */
    public ModelYaml secret(String secret) {
        return authorization("{type: Bearer, secretRef: {name: " + secret + "}}");
    }

    /** The authorization block as YAML, or null for none. */
    public ModelYaml authorization(String authorization) {
        this.authorization = authorization;
        return this;
    }

    /** A header sent with every request, with its value as written. */
    public ModelYaml header(String name, String value) {
        headers.add("{name: " + name + ", value: " + value + "}");
        return this;
    }

    /** A custom model's body template. */
    public ModelYaml body(String body) {
        this.body = body;
        return this;
    }

    /** A line of a custom model's configuration beside its body, such as {@code variables: ...}. */
    public ModelYaml customLine(String line) {
        customLines.add(line);
        return this;
    }

    /** Whether a provider model declares streaming. */
    public ModelYaml streaming(boolean streaming) {
        this.streaming = streaming;
        return this;
    }

    /** A provider model's modalities, as a YAML list's items ({@code TextToText, TextToImage}). */
    public ModelYaml modalities(String modalities) {
        this.modalities = modalities;
        return this;
    }

    public ModelYaml testPrompt(String prompt) {
        this.testPrompt = prompt;
        return this;
    }

    public ModelYaml testTimeout(String timeout) {
        this.testTimeout = timeout;
        return this;
    }

    /** {@code inference: {enabled: ...}}. */
    public ModelYaml inference(boolean enabled) {
        return inference("{enabled: " + enabled + "}");
    }

    /** The inference block as YAML, such as {@code {enabled: true, retry: {attempts: 2}}}. */
    public ModelYaml inference(String inference) {
        this.inference = inference;
        return this;
    }

    public String yaml() {
        StringBuilder yaml = new StringBuilder("apiVersion: modelport.dev/v1alpha1\nkind: ExternalModel\n")
                .append("metadata: {name: ").append(name);
        if (namespace != null) {
            yaml.append(", namespace: ").append(namespace);
        }
        if (generation != null) {
            yaml.append(", generation: ").append(generation);
        }
        yaml.append("}\nspec:\n  endpoint: ").append(endpoint).append('\n');
        if (authorization != null) {
            yaml.append("  authorization: ").append(authorization).append('\n');
        }
        if (!headers.isEmpty()) {
            yaml.append("  headers: [").append(String.join(", ", headers)).append("]\n");
        }
        yaml.append("  configuration:\n");
        if (api == null) {
            yaml.append("    custom:\n      body: '").append(body).append("'\n");
            customLines.forEach(line -> yaml.append("      ").append(line).append('\n'));
        } else {
            yaml.append("    provider: {api: ").append(api).append(", model: upstream-model, features: ")
                    .append("{modalities: [").append(modalities).append("], streaming: ").append(streaming).append("}}\n");
        }
        yaml.append("  test: {prompt: \"").append(testPrompt).append('"');
        if (testTimeout != null) {
            yaml.append(", timeout: ").append(testTimeout);
        }
        yaml.append("}\n");
        if (inference != null) {
            yaml.append("  inference: ").append(inference).append('\n');
        }
        return yaml.toString();
    }

    public ExternalModel model() {
        return Serialization.unmarshal(yaml(), ExternalModel.class);
    }

    @Override
    public String toString() {
        return yaml();
    }
}
