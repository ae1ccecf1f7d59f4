package dev.modelport.adapter.custom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.EchoedText;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.Invocation;
import dev.modelport.api.v1alpha1.Capabilities;
import dev.modelport.api.v1alpha1.CustomVariable;
import dev.modelport.api.v1alpha1.Example;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values a custom body template is rendered with: the built-ins ({{prompt}}, {{systemPrompt}}, {{examples}},
 * {{stream}}, {{responseSchema}}) and the declared variables, from the call's variables, else from the OpenAI options of the same name
 * (temperature, max_tokens, stop, ...), else their defaults; each checked against its declared type.
 */
final class CustomValues {

    private final Map<String, CustomVariable> declared;

    CustomValues(Map<String, CustomVariable> declared) {
        this.declared = declared;
    }

    Map<String, JsonNode> of(Invocation invocation) throws AdapterException {
        Map<String, JsonNode> values = new HashMap<>();
        values.put("prompt", TextNode.valueOf(invocation.prompt()));
        values.put("stream", BooleanNode.valueOf(invocation.stream()));
        if (invocation.systemPrompt() != null) {
            values.put("systemPrompt", TextNode.valueOf(invocation.systemPrompt()));
        }
        if (!invocation.examples().isEmpty()) {
            values.put("examples", examplesArray(invocation.examples()));
        }
        if (invocation.responseFormat() != null) {
            values.put(Capabilities.RESPONSE_SCHEMA_VARIABLE, invocation.responseFormat());
        }
        Map<String, JsonNode> options = options(invocation);
        for (CustomVariable variable : declared.values()) {
            JsonNode value = invocation.variables().get(variable.name);
            String given = "variable " + variable.name;
            if (value == null || value.isNull()) {
                value = options.get(variable.name);
                given = "option " + variable.name;
            }
            if (value == null || value.isNull()) {
                if (CustomVariable.isRequired(variable)) {
                    throw invalid("variable " + variable.name + " is required");
                }
                value = variable.defaultValue;
            } else if (!variable.type.accepts(value)) {
                throw invalid(given + " must be a " + variable.type + ", the declared type of variable "
                        + variable.name);
            }
            values.put(variable.name, value);
        }
        return values;
    }

    /**
     * The call's OpenAI options that name declared variables. An option that names none is refused, by name: the
     * model would otherwise ignore it silently. One given both as an option and in variables is ambiguous.
     */
    private Map<String, JsonNode> options(Invocation invocation) throws AdapterException {
        if (invocation.options() == null || invocation.options().isEmpty()) {
            return Map.of();
        }
        Map<String, JsonNode> options = new HashMap<>();
        List<String> undeclared = new ArrayList<>();
        for (var option : invocation.options().properties()) {
            String name = option.getKey();
            if (!declared.containsKey(name)) {
                undeclared.add(EchoedText.caller(name));
            } else if (invocation.variables().containsKey(name)) {
                throw invalid(name + " is given both as an option and in variables");
            } else {
                options.put(name, option.getValue());
            }
        }
        if (!undeclared.isEmpty()) {
            throw new AdapterException(FailureCategory.FeatureNotSupported, "this model declares no variable for "
                    + "the option" + (undeclared.size() == 1 ? " " : "s ") + String.join(", ", undeclared)
                    + " (declared: " + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet())) + ")");
        }
        return options;
    }

    private static ArrayNode examplesArray(List<Example> examples) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(examples.size());
        for (Example example : examples) {
            array.addObject().put("input", example.input).put("output", example.output);
        }
        return array;
    }

    private static AdapterException invalid(String message) {
        return new AdapterException(FailureCategory.InvalidInput, message);
    }
}
