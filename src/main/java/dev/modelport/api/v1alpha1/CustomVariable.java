package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CustomVariable {

    @JsonPropertyDescription("Variable name used in the body as {{name}}: an identifier, not prompt, "
            + "systemPrompt, examples or stream. An OpenAI option of a chat completion (temperature, max_tokens, "
            + "top_p, stop, seed) fills the variable of its name.")
    @Required
    @Size(min = 1, max = 64)
    @ValidationRule(value = Rules.VARIABLE_NAME, message = Rules.VARIABLE_NAME_MESSAGE)
    @ValidationRule(value = Rules.VARIABLE_NAME_NOT_RESERVED, message = Rules.VARIABLE_NAME_NOT_RESERVED_MESSAGE)
    public String name;

    @JsonPropertyDescription("Label shown to people for this variable.")
    @Size(max = 128)
    public String displayName;

    @JsonPropertyDescription("Value type: String, Number, Boolean or JSON (any JSON value).")
    @Required
    public VariableType type;

    @JsonPropertyDescription("Value used when a call does not pass this variable; must be of the declared type.")
    @JsonProperty("default")
    public JsonNode defaultValue;

    @JsonPropertyDescription("Whether every call must pass this variable. A required variable has no default. "
            + "Default false.")
    public Boolean required;

    public static boolean isRequired(CustomVariable variable) {
        return Boolean.TRUE.equals(variable.required);
    }
}
