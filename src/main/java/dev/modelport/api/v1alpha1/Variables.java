package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Variables {

    @JsonPropertyDescription("Enable the systemPrompt variable ({{systemPrompt}}). Default false.")
    public Boolean systemPrompt;

    @JsonPropertyDescription("Enable the examples variable ({{examples}}): input/output pairs rendered as a JSON "
            + "array of {\"input\": ..., \"output\": ...}. Default false.")
    public Boolean examples;

    @JsonPropertyDescription("Typed variables of this model, each usable as {{name}} in the body.")
    @Size(max = 32)
    @ValidationRule(value = Rules.VARIABLES_UNIQUE, message = Rules.VARIABLES_UNIQUE_MESSAGE)
    public List<CustomVariable> custom;

    public static boolean systemPromptEnabled(Variables variables) {
        return variables != null && Boolean.TRUE.equals(variables.systemPrompt);
    }

    public static boolean examplesEnabled(Variables variables) {
        return variables != null && Boolean.TRUE.equals(variables.examples);
    }

    public static List<CustomVariable> customOf(Variables variables) {
        return variables == null || variables.custom == null ? List.of() : variables.custom;
    }
}
