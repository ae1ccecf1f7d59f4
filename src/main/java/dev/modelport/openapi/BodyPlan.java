package dev.modelport.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.api.v1alpha1.VariableType;
import java.util.List;

/**
 * What the request schema became: the body template, the variables it uses and what was left out.
 *
 * @param origin where the schema came from, e.g. components.schemas.GenerateRequest
 * @param prompt the property that carries {{prompt}}
 * @param system the property that carries {{systemPrompt}}, or null
 * @param unmapped properties left out of the body, each with why
 */
record BodyPlan(String origin, String prompt, String system, String template, List<Variable> variables,
        List<String> unmapped) {

    /**
     * A custom variable.
     *
     * @param property its property path in the body, for the comment
     * @param sample the test's value of a required variable (the schema's example, or a placeholder), else null
     * @param sampleFromDocument whether the sample is the schema's example
     */
    record Variable(String name, String property, VariableType type, JsonNode defaultValue, boolean required,
            String displayName, JsonNode sample, boolean sampleFromDocument) {
    }
}
