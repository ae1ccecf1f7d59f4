package dev.modelport.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.RequestBody;
import java.util.Map;

/** The JSON schema of an operation's request body, a {@code components.requestBodies} reference followed. */
final class RequestBodies {

    private static final String PREFIX = "#/components/requestBodies/";

    private RequestBodies() {
    }

    static Schemas.Resolved jsonSchema(OpenAPI api, Schemas schemas, SelectedOperation selected)
            throws ImportException {
        RequestBody body = selected.operation().getRequestBody();
        String where = selected.label() + " request body";
        if (body != null && body.get$ref() != null) {
            String ref = body.get$ref();
            String name = ref.startsWith(PREFIX) ? ref.substring(PREFIX.length()) : null;
            body = name == null || api.getComponents() == null || api.getComponents().getRequestBodies() == null
                    ? null : api.getComponents().getRequestBodies().get(name);
            if (body == null) {
                throw new ImportException(where + ": unresolved $ref " + ref);
            }
        }
        if (body == null || body.getContent() == null || body.getContent().isEmpty()) {
            throw new ImportException(selected.label() + " has no JSON request body (no requestBody)");
        }
        MediaType json = null;
        String jsonType = null;
        for (Map.Entry<String, MediaType> content : body.getContent().entrySet()) {
            if (isJson(content.getKey())) {
                json = content.getValue();
                jsonType = content.getKey();
                break;
            }
        }
        if (json == null || json.getSchema() == null) {
            throw new ImportException(selected.label() + " has no JSON request body (content: "
                    + String.join(", ", body.getContent().keySet()) + ")");
        }
        Schemas.Resolved schema = schemas.resolve(json.getSchema(), where, Schemas.child("/paths",
                selected.path(), selected.method().name().toLowerCase(java.util.Locale.ROOT), "requestBody",
                "content", jsonType, "schema"));
        if (!"object".equals(schema.type())) {
            throw new ImportException(where + ": the JSON schema is not an object (type "
                    + schema.type() + "), so no property can carry the prompt");
        }
        return schema;
    }

    static boolean isJson(String contentType) {
        String type = contentType.toLowerCase(java.util.Locale.ROOT).split(";")[0].strip();
        return type.equals("application/json") || type.endsWith("+json") && !type.endsWith("stream+json");
    }
}
