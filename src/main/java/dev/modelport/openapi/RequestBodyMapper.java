package dev.modelport.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.modelport.api.v1alpha1.Rules;
import dev.modelport.api.v1alpha1.VariableType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body template from the request schema: the prompt field gets {{prompt}}, a system field {{systemPrompt}}, a
 * {@code stream} flag {{stream}} when the operation can stream; every other property with a default becomes a typed
 * variable (the default and, as display name, the description's first sentence, taken from the schema), a required
 * one without default a required variable; the rest stays out of the body, so the upstream's defaults apply.
 */
final class RequestBodyMapper {

    static final int MAX_VARIABLES = 32;
    /** Objects nested deeper are left out: a schema may refer to itself. */
    static final int MAX_DEPTH = 8;
    private static final int MAX_DISPLAY_NAME = 128;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Schemas schemas;
    private final String where;
    private final PromptFields.Field prompt;
    private final String system;
    private final boolean streaming;
    private final List<BodyPlan.Variable> variables = new ArrayList<>();
    private final Set<String> names = new HashSet<>(Rules.RESERVED_VARIABLES);
    private final List<String> unmapped = new ArrayList<>();

    private RequestBodyMapper(Schemas schemas, String where, PromptFields.Field prompt, String system,
            boolean streaming) {
        this.schemas = schemas;
        this.where = where;
        this.prompt = prompt;
        this.system = system;
        this.streaming = streaming;
    }

    /** @param streaming whether the operation can stream: a boolean {@code stream} property gets {{stream}} */
    static BodyPlan map(Schemas schemas, Schemas.Resolved body, String where, String promptField, boolean streaming)
            throws ImportException {
        PromptFields fields = new PromptFields(schemas, where);
        PromptFields.Field prompt = fields.prompt(body, promptField);
        String system = fields.system(body, prompt);
        RequestBodyMapper mapper = new RequestBodyMapper(schemas, where, prompt, system, streaming);
        String template = mapper.object(body, "", "");
        return new BodyPlan(body.originOr(where), prompt.path(), system, template, List.copyOf(mapper.variables),
                List.copyOf(mapper.unmapped));
    }

    /** The object's JSON text with placeholders, or null when none of its properties is sent. */
    private String object(Schemas.Resolved object, String prefix, String indent) throws ImportException {
        Set<String> required = schemas.required(object, where);
        List<String> members = new ArrayList<>();
        for (Map.Entry<String, Schemas.Resolved> property : schemas.properties(object, where).entrySet()) {
            String path = prefix + property.getKey();
            String value = value(property.getValue(), path, property.getKey(),
                    required.contains(property.getKey()), indent + "  ");
            if (value != null) {
                members.add(indent + "  " + TextNode.valueOf(property.getKey()) + ": " + value);
            }
        }
        return members.isEmpty() ? null : "{\n" + String.join(",\n", members) + "\n" + indent + "}";
    }

    private String value(Schemas.Resolved schema, String path, String name, boolean required, String indent)
            throws ImportException {
        if (path.equals(prompt.path())) {
            return prompt.messages() ? "[{\"role\": \"user\", \"content\": \"{{prompt}}\"}]" : "\"{{prompt}}\"";
        }
        if (path.equals(system)) {
            return "\"{{systemPrompt}}\"";
        }
        String type = schema.type();
        if ("stream".equals(name) && "boolean".equals(type)) {
            if (streaming) {
                return "{{stream}}";
            }
            unmapped.add(path + ": the operation declares no stream response, so the model is called whole"
                    + (required ? " (sent as false)" : ""));
            return required ? "false" : null;
        }
        if ("object".equals(type) && schema.schema().getDefault() == null) {
            if (indent.length() / 2 > MAX_DEPTH) {
                unmapped.add(path + ": nested more than " + MAX_DEPTH + " objects deep; left out");
                return null;
            }
            boolean holdsPrompt = prompt.path().startsWith(path + ".");
            String needed = required || holdsPrompt ? null : requiredWithoutDefault(schema, path);
            if (needed != null) {
                unmapped.add(path + ": optional, and its " + needed + " would have to be sent without a default; "
                        + "left out");
                return null;
            }
            String nested = object(schema, path + ".", indent);
            if (nested == null && required) {
                unmapped.add(path + ": required, but none of its properties could be mapped; sent as {}");
                return "{}";
            }
            return nested;
        }
        VariableType variableType = variableType(type);
        JsonNode defaultValue = Defaults.coerce(schemas.rawDefault(schema), variableType);
        if (defaultValue == null && !required) {
            unmapped.add(path + ": no default in the document (left out, the upstream's own default applies)");
            return null;
        }
        if (variables.size() >= MAX_VARIABLES) {
            unmapped.add(path + ": more than " + MAX_VARIABLES + " variables; left out");
            return null;
        }
        String variable = name(path, name);
        JsonNode example = defaultValue != null ? null : example(schema, variableType);
        JsonNode sample = defaultValue != null || example != null ? example : placeholder(schema, variableType);
        variables.add(new BodyPlan.Variable(variable, path, variableType, defaultValue, defaultValue == null,
                displayName(schema.schema().getDescription()), sample, example != null));
        return "{{" + variable + "}}";
    }

    /** The first required property of an object that has no default (nor is the prompt), or null. */
    private String requiredWithoutDefault(Schemas.Resolved object, String path) throws ImportException {
        Set<String> required = schemas.required(object, where);
        for (Map.Entry<String, Schemas.Resolved> property : schemas.properties(object, where).entrySet()) {
            if (required.contains(property.getKey()) && schemas.rawDefault(property.getValue()) == null
                    && !prompt.path().equals(path + "." + property.getKey())) {
                return property.getKey();
            }
        }
        return null;
    }

    private static VariableType variableType(String type) {
        if (type == null) {
            return VariableType.JSON;
        }
        return switch (type) {
            case "string" -> VariableType.String;
            case "integer", "number" -> VariableType.Number;
            case "boolean" -> VariableType.Boolean;
            default -> VariableType.JSON;
        };
    }

    /** The property name as an identifier; prefixed with its parents' names when taken or reserved. */
    private String name(String path, String property) {
        String simple = identifier(property);
        String chosen = names.contains(simple) ? identifier(path.replace('.', '_')) : simple;
        while (names.contains(chosen)) {
            chosen = chosen + "_";
        }
        names.add(chosen);
        return chosen;
    }

    private static String identifier(String text) {
        String cleaned = text.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(cleaned.charAt(0)) ? "_" + cleaned : cleaned;
    }

    /** The schema's example when it is of the type, or null. */
    private static JsonNode example(Schemas.Resolved schema, VariableType type) {
        Object example = schema.schema().getExample();
        if (example == null && schema.schema().getExamples() != null && !schema.schema().getExamples().isEmpty()) {
            example = schema.schema().getExamples().get(0);
        }
        return Defaults.coerce(example, type);
    }

    /** A typed placeholder for a required variable's test value: the first enum value, else an empty value. */
    private static JsonNode placeholder(Schemas.Resolved schema, VariableType type) {
        if (schema.schema().getEnum() != null && !schema.schema().getEnum().isEmpty()) {
            return JSON.valueToTree(schema.schema().getEnum().get(0));
        }
        return switch (type) {
            case String -> TextNode.valueOf("replace-me");
            case Number -> IntNode.valueOf(0);
            case Boolean -> BooleanNode.FALSE;
            case JSON -> JSON.createObjectNode();
        };
    }

    /** The description's first sentence, at most 128 characters; null without a description. */
    static String displayName(String description) {
        if (description == null || description.isBlank()) {
            return null;
        }
        String first = description.strip().split("\n", 2)[0].strip();
        int stop = first.indexOf(". ");
        if (stop > 0) {
            first = first.substring(0, stop + 1);
        }
        return first.length() <= MAX_DISPLAY_NAME ? first : first.substring(0, MAX_DISPLAY_NAME - 3) + "...";
    }
}
