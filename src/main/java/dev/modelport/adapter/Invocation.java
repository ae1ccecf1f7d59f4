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
 */
public record Invocation(String prompt, String systemPrompt, List<Example> examples, Map<String, JsonNode> variables,
        List<MediaPart> media, JsonNode responseFormat, String responseFormatName, JsonNode options,
        boolean stream, Tools tools, List<Turn> turns) {

    public Invocation {
        examples = examples == null ? List.of() : List.copyOf(examples);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        media = media == null ? List.of() : List.copyOf(media);
        turns = turns == null ? List.of() : List.copyOf(turns);
    }

    /** An invocation without tools. */
    public Invocation(String prompt, String systemPrompt, List<Example> examples, Map<String, JsonNode> variables,
            List<MediaPart> media, JsonNode responseFormat, String responseFormatName, JsonNode options,
            boolean stream) {
        this(prompt, systemPrompt, examples, variables, media, responseFormat, responseFormatName, options, stream,
                null, null);
    }

    /** Whether the conversation ends with a tool result, which the model answers without a new prompt. */
    public boolean answersToolResult() {
        return !turns.isEmpty() && turns.getLast().role() == Turn.Role.TOOL;
    }

    public static Invocation of(String prompt) {
        return new Invocation(prompt, null, null, null, null, null, null, null, false);
    }

    /** The invocation of the connectivity test. */
    public static Invocation fromTest(TestInput test) {
        return new Invocation(test.prompt, test.systemPrompt, test.examples, test.variables, null, null, null, null,
                false);
    }

    public Invocation withStream(boolean stream) {
        return new Invocation(prompt, systemPrompt, examples, variables, media, responseFormat, responseFormatName,
                options, stream, tools, turns);
    }
}
