package dev.modelport.validation;

import static dev.modelport.api.v1alpha1.Rules.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.modelport.adapter.template.BodyTemplate;
import dev.modelport.adapter.template.Placeholder;
import dev.modelport.adapter.template.TemplateException;
import dev.modelport.api.v1alpha1.CustomConfiguration;
import dev.modelport.api.v1alpha1.CustomVariable;
import dev.modelport.api.v1alpha1.Example;
import dev.modelport.api.v1alpha1.TestInput;
import dev.modelport.api.v1alpha1.Variables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The checks of the custom ("Default") configuration: declared variables, the body template and test values. */
final class CustomConfigurationValidator {

    private static final String FIELD = "spec.configuration.custom";
    private static final Pattern IDENTIFIER_REGEX = Pattern.compile(IDENTIFIER_PATTERN);
    /**
     * Not a CEL rule: a variable's default is of any JSON type (x-kubernetes-preserve-unknown-fields without a
     * type), and the API server does not expose such a field to CEL, so no rule can test whether it is set.
     */
    static final String REQUIRED_WITHOUT_DEFAULT_MESSAGE = "a required variable cannot have a default";

    void validate(CustomConfiguration custom, TestInput test, List<Violation> problems) {
        Map<String, CustomVariable> declared = variables(custom.variables, problems);
        body(custom, declared, test, problems);
        ExternalModelValidator.jsonPaths(FIELD + ".response", custom.response, problems);
        StreamingValidator.validate(FIELD + ".streaming", custom.streaming, problems);
    }

    private static Map<String, CustomVariable> variables(Variables variables, List<Violation> problems) {
        Map<String, CustomVariable> declared = new LinkedHashMap<>();
        List<CustomVariable> list = Variables.customOf(variables);
        boolean duplicate = false;
        for (int i = 0; i < list.size(); i++) {
            CustomVariable variable = list.get(i);
            String field = FIELD + ".variables.custom[" + i + "]";
            if (variable == null) {
                problems.add(new Violation(field, "must be an object"));
                continue;
            }
            if (CustomVariable.isRequired(variable) && variable.defaultValue != null) {
                problems.add(new Violation(field, REQUIRED_WITHOUT_DEFAULT_MESSAGE));
            }
            if (variable.type == null) {
                problems.add(new Violation(field + ".type", "is required"));
            } else if (variable.defaultValue != null && !variable.type.accepts(variable.defaultValue)) {
                problems.add(new Violation(field + ".default", "must be a " + variable.type + ", the declared type"));
            }
            if (variable.name == null) {
                problems.add(new Violation(field + ".name", "is required"));
                continue;
            }
            if (!IDENTIFIER_REGEX.matcher(variable.name).find()) {
                problems.add(new Violation(field + ".name", VARIABLE_NAME_MESSAGE));
            }
            if (RESERVED_VARIABLES.contains(variable.name)) {
                problems.add(new Violation(field + ".name", VARIABLE_NAME_NOT_RESERVED_MESSAGE));
                continue;
            }
            duplicate |= declared.putIfAbsent(variable.name, variable) != null;
        }
        if (duplicate) {
            problems.add(new Violation(FIELD + ".variables.custom", VARIABLES_UNIQUE_MESSAGE));
        }
        return declared;
    }

    private static void body(CustomConfiguration custom, Map<String, CustomVariable> declared, TestInput test,
            List<Violation> problems) {
        String field = FIELD + ".body";
        if (custom.body == null || custom.body.isEmpty()) {
            problems.add(new Violation(field, "is required"));
            return;
        }
        BodyTemplate template;
        try {
            template = BodyTemplate.parse(custom.body);
        } catch (TemplateException e) {
            problems.add(new Violation(field, e.getMessage()));
            return;
        }
        int before = problems.size();
        boolean systemPrompt = Variables.systemPromptEnabled(custom.variables);
        boolean examples = Variables.examplesEnabled(custom.variables);
        for (Placeholder placeholder : template.placeholders()) {
            String name = placeholder.name();
            String at = " at line " + placeholder.line() + ", column " + placeholder.column();
            if ((name.equals("systemPrompt") && !systemPrompt) || (name.equals("examples") && !examples)) {
                problems.add(new Violation(field, "variable {{" + name + "}} is not enabled (set variables." + name
                        + ": true)" + at));
            } else if (!name.equals("prompt") && !RESERVED_VARIABLES.contains(name) && !declared.containsKey(name)) {
                problems.add(new Violation(field, "unknown variable {{" + name + "}}" + at + " (declared: "
                        + String.join(", ", available(declared, systemPrompt, examples)) + ")"));
            }
        }
        if (!template.variableNames().contains("prompt")) {
            problems.add(new Violation(field, "must use {{prompt}}"));
        }
        if (problems.size() == before) {
            renderSample(template, declared, test, field, problems);
        }
    }

    private static List<String> available(Map<String, CustomVariable> declared, boolean systemPrompt,
            boolean examples) {
        List<String> names = new ArrayList<>();
        names.add("prompt");
        if (systemPrompt) {
            names.add("systemPrompt");
        }
        if (examples) {
            names.add("examples");
        }
        names.addAll(declared.keySet());
        return names;
    }

    /** Renders the body with the test values (defaults where absent) and checks that the result is JSON. */
    private static void renderSample(BodyTemplate template, Map<String, CustomVariable> declared, TestInput test,
            String field, List<Violation> problems) {
        Map<String, JsonNode> values = new HashMap<>();
        values.put("stream", BooleanNode.FALSE);
        declared.forEach((name, variable) -> values.put(name, variable.defaultValue));
        if (test != null) {
            values.put("prompt", test.prompt == null ? null : TextNode.valueOf(test.prompt));
            values.put("systemPrompt", test.systemPrompt == null ? null : TextNode.valueOf(test.systemPrompt));
            values.put("examples", examples(test.examples));
            if (test.variables != null) {
                values.putAll(test.variables);
            }
        }
        if (!BodyTemplate.isJson(template.render(values::get))) {
            problems.add(new Violation(field, "does not render valid JSON with the test values"));
        }
    }

    private static JsonNode examples(List<Example> examples) {
        if (examples == null) {
            return null;
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Example example : examples) {
            if (example != null) {
                array.addObject().put("input", example.input).put("output", example.output);
            }
        }
        return array;
    }

    void validateTest(CustomConfiguration custom, TestInput test, List<Violation> problems) {
        if (test.systemPrompt != null && !Variables.systemPromptEnabled(custom.variables)) {
            problems.add(new Violation("spec.test.systemPrompt",
                    "the model does not enable variables.systemPrompt"));
        }
        if (test.examples != null && !Variables.examplesEnabled(custom.variables)) {
            problems.add(new Violation("spec.test.examples", "the model does not enable variables.examples"));
        }
        Map<String, CustomVariable> declared = new LinkedHashMap<>();
        Variables.customOf(custom.variables).stream()
                .filter(v -> v != null && v.name != null)
                .forEach(v -> declared.putIfAbsent(v.name, v));
        Map<String, JsonNode> values = test.variables == null ? Map.of() : test.variables;
        values.forEach((name, value) -> {
            CustomVariable variable = declared.get(name);
            String field = "spec.test.variables." + name;
            if (variable == null) {
                problems.add(new Violation(field, "is not a declared variable (declared: "
                        + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet())) + ")"));
            } else if (variable.type != null && (value == null || !variable.type.accepts(value))) {
                problems.add(new Violation(field, "must be a " + variable.type + ", the declared type"));
            }
        });
        declared.values().stream()
                .filter(v -> CustomVariable.isRequired(v) && !values.containsKey(v.name))
                .forEach(v -> problems.add(new Violation("spec.test.variables",
                        "required variable " + v.name + " is missing")));
    }
}
