package dev.modelport.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The functions a provider model may call in its answer, in OpenAI's terms (the structures translate them).
 *
 * @param choice whether and which tool the model must call, or null for the endpoint's default
 * @param parallelCalls whether the model may call several tools in one answer, or null for the default
 */
public record Tools(List<Definition> definitions, Choice choice, Boolean parallelCalls) {

    public Tools {
        definitions = definitions == null ? List.of() : List.copyOf(definitions);
    }

    /**
     * One function.
     *
     * @param parameters the JSON schema of its arguments (an object schema), or null for none
     * @param strict whether the endpoint must follow the schema exactly, or null for the default
     */
    public record Definition(String name, String description, JsonNode parameters, Boolean strict) {
    }

    /** OpenAI's tool_choice: auto, none, required (Anthropic's any) or one named tool. */
    public record Choice(Mode mode, String name) {

        public enum Mode {
            AUTO,
            NONE,
            REQUIRED,
            TOOL
        }
    }
}
