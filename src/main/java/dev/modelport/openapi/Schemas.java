package dev.modelport.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The schemas of one document, read alike for OpenAPI 3.0 and 3.1: {@code $ref}s followed to their component (whose
 * name is kept for the comments of the import), a lone {@code allOf} member taken for the schema itself (as generators
 * write a nullable reference), and the type from {@code type} (3.0) or {@code types} (3.1) without {@code null}.
 */
final class Schemas {

    private static final String COMPONENT_PREFIX = "#/components/schemas/";
    private static final int MAX_HOPS = 16;

    /**
     * A schema, the component it came from (or null for an inline one) and its JSON pointer in the document (or null
     * where unknown), through which {@link #rawDefault} reads the default as written.
     */
    record Resolved(Schema<?> schema, String origin, String pointer) {

        String type() {
            return Schemas.type(schema);
        }

        /** components.schemas.Name, or the given fallback for an inline schema. */
        String originOr(String inline) {
            return origin != null ? "components.schemas." + origin : inline;
        }
    }

    private final OpenAPI api;
    private final JsonNode raw;

    /** @param raw the document as parsed JSON or YAML, where the defaults are read as written */
    Schemas(OpenAPI api, JsonNode raw) {
        this.api = api;
        this.raw = raw;
    }

    /**
     * Follows references; {@code where} names the place for the error of a reference that leads nowhere, {@code
     * pointer} is the schema's JSON pointer in the document, or null.
     */
    Resolved resolve(Schema<?> schema, String where, String pointer) throws ImportException {
        String origin = null;
        Schema<?> current = schema;
        String at = pointer;
        for (int hops = 0; current != null && hops < MAX_HOPS; hops++) {
            if (current.get$ref() != null) {
                String ref = current.get$ref();
                if (!ref.startsWith(COMPONENT_PREFIX)) {
                    throw new ImportException(where + ": unresolved $ref " + ref);
                }
                origin = ref.substring(COMPONENT_PREFIX.length());
                current = component(origin);
                at = ref.substring(1);
                if (current == null) {
                    throw new ImportException(where + ": unresolved $ref " + ref + " (no such schema in components)");
                }
            } else if (current.getAllOf() != null && current.getAllOf().size() == 1 && current.getProperties() == null) {
                current = current.getAllOf().get(0);
                at = child(at, "allOf", "0");
            } else {
                return new Resolved(current, origin, at);
            }
        }
        throw new ImportException(where + ": $ref chain too long or circular");
    }

    private Schema<?> component(String name) {
        return api.getComponents() == null || api.getComponents().getSchemas() == null ? null
                : api.getComponents().getSchemas().get(name);
    }

    /** The properties, resolved, in declaration order, those of every allOf member included. */
    Map<String, Resolved> properties(Resolved resolved, String where) throws ImportException {
        Map<String, Resolved> properties = new LinkedHashMap<>();
        Schema<?> schema = resolved.schema();
        if (schema.getAllOf() != null) {
            for (int i = 0; i < schema.getAllOf().size(); i++) {
                properties.putAll(properties(resolve(schema.getAllOf().get(i), where,
                        child(resolved.pointer(), "allOf", String.valueOf(i))), where));
            }
        }
        if (schema.getProperties() != null) {
            for (Map.Entry<String, Schema> property : schema.getProperties().entrySet()) {
                properties.put(property.getKey(), resolve(property.getValue(), where + "." + property.getKey(),
                        child(resolved.pointer(), "properties", property.getKey())));
            }
        }
        return properties;
    }

    /** The array's items, resolved. */
    Resolved items(Resolved array, String where) throws ImportException {
        return resolve(array.schema().getItems(), where, child(array.pointer(), "items"));
    }

    /**
     * The default as the document writes it (the parser turns some written as text into other values: "null" into
     * false for a boolean), else the parser's; null without one.
     */
    Object rawDefault(Resolved resolved) {
        if (resolved.pointer() != null && raw != null) {
            JsonNode written = raw.at(resolved.pointer());
            if (!written.isMissingNode()) {
                return written.has("default") ? written.get("default") : null;
            }
        }
        return resolved.schema().getDefault();
    }

    /** The JSON pointer of a child, or null under an unknown one. */
    static String child(String pointer, String... segments) {
        if (pointer == null) {
            return null;
        }
        StringBuilder child = new StringBuilder(pointer);
        for (String segment : segments) {
            child.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
        }
        return child.toString();
    }

    /** The required property names, those of allOf members included. */
    Set<String> required(Resolved resolved, String where) throws ImportException {
        Set<String> required = new java.util.LinkedHashSet<>(
                Objects.requireNonNullElse(resolved.schema().getRequired(), List.of()));
        if (resolved.schema().getAllOf() != null) {
            for (Schema<?> member : resolved.schema().getAllOf()) {
                required.addAll(required(resolve(member, where, null), where));
            }
        }
        return required;
    }

    /** The first oneOf/anyOf alternative, for a schema that is a choice; the schema itself otherwise. */
    Resolved firstAlternative(Resolved resolved, String where) throws ImportException {
        List<Schema> choices = resolved.schema().getOneOf() != null ? resolved.schema().getOneOf()
                : resolved.schema().getAnyOf();
        if (choices == null || choices.isEmpty() || resolved.schema().getProperties() != null) {
            return resolved;
        }
        return resolve(choices.get(0), where, null);
    }

    /** The schema's JSON type without null: object, array, string, integer, number, boolean; or null if untyped. */
    static String type(Schema<?> schema) {
        if (schema.getType() != null) {
            return schema.getType();
        }
        if (schema.getTypes() != null) {
            return schema.getTypes().stream().filter(t -> !"null".equals(t)).findFirst().orElse(null);
        }
        if (schema.getProperties() != null || schema.getAllOf() != null && !schema.getAllOf().isEmpty()) {
            return "object";
        }
        return schema.getItems() != null ? "array" : null;
    }

    static boolean isScalar(String type) {
        return "string".equals(type) || "integer".equals(type) || "number".equals(type) || "boolean".equals(type);
    }
}
