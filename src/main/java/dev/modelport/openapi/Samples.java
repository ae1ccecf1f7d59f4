package dev.modelport.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON answer as the document describes it, for the path detector: the media type's example when it has one,
 * otherwise one built from the schema (each property's example, or a value of its type; one element per array; the
 * first alternative of a oneOf or anyOf).
 */
final class Samples {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 8;

    /** A sample and whether it is the document's own example (true) or built from the schema (false). */
    record Sample(JsonNode value, boolean example) {
    }

    private final Schemas schemas;
    private final String where;

    Samples(Schemas schemas, String where) {
        this.schemas = schemas;
        this.where = where;
    }

    Sample of(MediaType media, Schemas.Resolved schema) throws ImportException {
        if (media.getExample() != null) {
            return new Sample(JSON.valueToTree(media.getExample()), true);
        }
        if (media.getExamples() != null) {
            for (var example : media.getExamples().values()) {
                if (example.getValue() != null) {
                    return new Sample(JSON.valueToTree(example.getValue()), true);
                }
            }
        }
        return new Sample(build(schema, 0), false);
    }

    /** One sample per alternative of a oneOf or anyOf (each event kind of a stream), else the one sample. */
    List<JsonNode> alternatives(Schemas.Resolved resolved) throws ImportException {
        List<Schema> choices = resolved.schema().getOneOf() != null ? resolved.schema().getOneOf()
                : resolved.schema().getAnyOf();
        if (choices == null || choices.isEmpty() || resolved.schema().getProperties() != null) {
            return List.of(build(resolved, 0));
        }
        List<JsonNode> samples = new ArrayList<>();
        for (Schema<?> choice : choices) {
            samples.add(build(schemas.resolve(choice, where, null), 0));
        }
        return samples;
    }

    JsonNode build(Schemas.Resolved resolved, int depth) throws ImportException {
        Schemas.Resolved schema = schemas.firstAlternative(resolved, where);
        Schema<?> s = schema.schema();
        if (s.getExample() != null && !"object".equals(schema.type()) && !"array".equals(schema.type())) {
            return JSON.valueToTree(s.getExample());
        }
        String type = schema.type();
        if (type == null || depth > MAX_DEPTH) {
            return JsonNodeFactory.instance.nullNode();
        }
        return switch (type) {
            case "object" -> object(schema, depth);
            case "array" -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                if (s.getItems() != null) {
                    array.add(build(schemas.items(schema, where), depth + 1));
                }
                yield array;
            }
            case "string" -> JsonNodeFactory.instance.textNode(s.getEnum() != null && !s.getEnum().isEmpty()
                    ? String.valueOf(s.getEnum().get(0)) : "text");
            case "integer" -> JsonNodeFactory.instance.numberNode(1);
            case "number" -> JsonNodeFactory.instance.numberNode(0.5);
            case "boolean" -> JsonNodeFactory.instance.booleanNode(false);
            default -> JsonNodeFactory.instance.nullNode();
        };
    }

    private ObjectNode object(Schemas.Resolved schema, int depth) throws ImportException {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Schemas.Resolved> property : schemas.properties(schema, where).entrySet()) {
            object.set(property.getKey(), build(property.getValue(), depth + 1));
        }
        return object;
    }
}
