package dev.modelport.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.api.v1alpha1.Example;
import dev.modelport.api.v1alpha1.TestInput;
import java.util.List;
import java.util.Map;

/**
 * One call of a model: the prompt and, as the model allows, a system prompt, examples, custom variables, image or
 * audio inputs, a JSON schema for the answer, and streaming. Lists and maps are never null.
 *
 * @param responseFormat a JSON schema object the answer must follow (structured output), or null
 * @param responseFormatName the schema's name where the structure wants one (OpenAI), or null
 * @param options generation parameters for provider structures, by their OpenAI names (max_tokens, temperature,
 *     top_p, stop, ...), or null; each structure maps the ones it knows
 * @param tools the tools the model may call (provider structures only), or null
 * @param turns a conversation with tool calls or tool results, between the examples and the prompt; when it ends
 *     with a tool result the prompt may be null (the model answers the result)
 * @param verbatim the caller's own OpenAI chat completion body when it says exactly this invocation and nothing
 *     else, which an OpenAI-structured endpoint is sent as it is; null otherwise
 */
public record Invocation(String prompt, String systemPrompt, List<Example> examples, Map<String, JsonNode> variables,
        List<MediaPart> media, JsonNode responseFormat, String responseFormatName, JsonNode options,
        boolean stream, Tools tools, List<Turn> turns, VerbatimBody verbatim) {

    public Invocation {
        examples = examples == null ? List.of() : List.copyOf(examples);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        media = media == null ? List.of() : List.copyOf(media);
        turns = turns == null ? List.of() : List.copyOf(turns);
    }

    /** Whether the conversation ends with a tool result, which the model answers without a new prompt. */
    public boolean answersToolResult() {
        return !turns.isEmpty() && turns.getLast().role() == Turn.Role.TOOL;
    }

    public static Invocation of(String prompt) {
        return builder().prompt(prompt).build();
    }

    /** The invocation of the connectivity test. */
    public static Invocation fromTest(TestInput test) {
        return builder().prompt(test.prompt).systemPrompt(test.systemPrompt).examples(test.examples)
                .variables(test.variables).build();
    }

    /** An invocation built part by part: what is not set is absent (null, or empty for lists and maps). */
    public static Builder builder() {
        return new Builder();
    }

    /** The invocation streamed or not; the caller's body goes with it only while it says the same. */
    public Invocation withStream(boolean stream) {
        return new Invocation(prompt, systemPrompt, examples, variables, media, responseFormat, responseFormatName,
                options, stream, tools, turns, stream == this.stream ? verbatim : null);
    }

    public static final class Builder {

        private String prompt;
        private String systemPrompt;
        private List<Example> examples;
        private Map<String, JsonNode> variables;
        private List<MediaPart> media;
        private JsonNode responseFormat;
        private String responseFormatName;
        private JsonNode options;
        private boolean stream;
        private Tools tools;
        private List<Turn> turns;

        private Builder() {
        }

        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        public Builder systemPrompt(String systemPrompt) {
            this.systemPrompt = systemPrompt;
            return this;
        }

        public Builder examples(List<Example> examples) {
            this.examples = examples;
            return this;
        }

        public Builder variables(Map<String, JsonNode> variables) {
            this.variables = variables;
            return this;
        }

        public Builder media(List<MediaPart> media) {
            this.media = media;
            return this;
        }

        /** A JSON schema the answer must follow, and its name where the structure wants one (or null). */
        public Builder responseFormat(JsonNode schema, String name) {
            this.responseFormat = schema;
            this.responseFormatName = name;
            return this;
        }

        public Builder options(JsonNode options) {
            this.options = options;
            return this;
        }

        public Builder stream(boolean stream) {
            this.stream = stream;
            return this;
        }

        public Builder tools(Tools tools) {
            this.tools = tools;
            return this;
        }

        public Builder turns(List<Turn> turns) {
            this.turns = turns;
            return this;
        }

        public Invocation build() {
            return new Invocation(prompt, systemPrompt, examples, variables, media, responseFormat,
                    responseFormatName, options, stream, tools, turns, null);
        }
    }
}
