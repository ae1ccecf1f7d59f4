package dev.modelport.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks an object against the CRD's structural schema as the API server does before CEL: types, required
 * fields, enums, patterns, lengths and item counts, and unknown fields (as with kubectl's strict field validation).
 * The messages are the API server's own (CrdAdmissionIT compares them on a real one), so that {@code validate}
 * prints what {@code kubectl apply} would answer.
 */
public final class SchemaValidator {

    private final JsonNode schema;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    public SchemaValidator(JsonNode openApiV3Schema) {
        this.schema = openApiV3Schema;
    }

    /** Validates spec and status of an ExternalModel object (apiVersion, kind and metadata are the caller's). */
    public List<Violation> validate(JsonNode object) {
        List<Violation> problems = new ArrayList<>();
        JsonNode properties = schema.path("properties");
        for (var fields = object.fields(); fields.hasNext();) {
            var field = fields.next();
            if (properties.has(field.getKey())) {
                check(field.getKey(), properties.get(field.getKey()), field.getValue(), problems);
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!object.has(required.asText())) {
                problems.add(new Violation(required.asText(), "Required value"));
            }
        }
        return problems;
    }

    private void check(String path, JsonNode schema, JsonNode value, List<Violation> problems) {
        if (value.isNull()) {
            return;
        }
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) && !schema.has("type")) {
            return;
        }
        String type = schema.path("type").asText("");
        if (!typeMatches(type, value)) {
            String actual = jsonType(value);
            problems.add(new Violation(path, "Invalid value: \"" + actual + "\": " + path + " in body must be of type "
                    + type + ": \"" + actual + "\""));
            return;
        }
        switch (type) {
            case "object" -> object(path, schema, value, problems);
            case "array" -> array(path, schema, value, problems);
            case "string" -> string(path, schema, value.textValue(), problems);
            default -> {
            }
        }
    }

    private static boolean typeMatches(String type, JsonNode value) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private void object(String path, JsonNode schema, JsonNode value, List<Violation> problems) {
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (var fields = value.fields(); fields.hasNext();) {
            var field = fields.next();
            String child = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(child, properties.get(field.getKey()), field.getValue(), problems);
            } else if (additional != null && additional.isObject()) {
                check(child, additional, field.getValue(), problems);
            } else if (!preserve) {
                // Server-side apply's words; kubectl's client-side apply says: unknown field "<path>".
                problems.add(new Violation(child, "field not declared in schema"));
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText()) || value.get(required.asText()).isNull()) {
                problems.add(new Violation(path + "." + required.asText(), "Required value"));
            }
        }
        if (schema.has("maxProperties") && value.size() > schema.get("maxProperties").asInt()) {
            problems.add(new Violation(path, "Too many: " + value.size() + ": must have at most "
                    + schema.get("maxProperties").asInt() + " items"));
        }
    }

    private void array(String path, JsonNode schema, JsonNode value, List<Violation> problems) {
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            problems.add(new Violation(path, "Too many: " + value.size() + ": must have at most "
                    + schema.get("maxItems").asInt() + " items"));
        }
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            problems.add(new Violation(path, "Invalid value: " + value.size() + ": " + path
                    + " in body should have at least " + schema.get("minItems").asInt() + " items"));
        }
        JsonNode items = schema.get("items");
        if (items != null) {
            for (int i = 0; i < value.size(); i++) {
                check(path + "[" + i + "]", items, value.get(i), problems);
            }
        }
    }

    private void string(String path, JsonNode schema, String value, List<Violation> problems) {
        int length = value.codePointCount(0, value.length());
        if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
            // The API server counts characters too, but words it in bytes.
            problems.add(new Violation(path, "Too long: may not be more than " + schema.get("maxLength").asInt()
                    + " bytes"));
        }
        if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
            problems.add(new Violation(path, "Invalid value: \"" + value + "\": " + path + " in body should be at least "
                    + schema.get("minLength").asInt() + " chars long"));
        }
        if (schema.has("enum")) {
            List<String> allowed = new ArrayList<>();
            schema.get("enum").forEach(e -> allowed.add(e.asText()));
            if (!allowed.contains(value)) {
                problems.add(new Violation(path, "Unsupported value: \"" + value + "\": supported values: "
                        + allowed.stream().sorted().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "))));
            }
        }
        if (schema.has("pattern")) {
            String pattern = schema.get("pattern").asText();
            if (!patterns.computeIfAbsent(pattern, Pattern::compile).matcher(value).find()) {
                problems.add(new Violation(path, "Invalid value: \"" + value + "\": " + path + " in body should match '"
                        + pattern + "'"));
            }
        }
    }

    /** The JSON type of a value, in the words of the API server's messages. */
    private static String jsonType(JsonNode value) {
        if (value.isTextual()) {
            return "string";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        return value.isBoolean() ? "boolean" : value.isArray() ? "array" : "object";
    }
}
