package dev.modelport.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.Map;

/**
 * The error message path of custom.response: the first 4xx response (else {@code default}) with JSON content whose
 * schema has a message-like string (error.message, error, message, detail), read from a sample built from it.
 */
final class ErrorResponses {

    private ErrorResponses() {
    }

    static ResponsePlan.ErrorMessage message(OpenAPI api, Schemas schemas, SelectedOperation selected)
            throws ImportException {
        if (selected.operation().getResponses() == null) {
            return null;
        }
        for (Map.Entry<String, ApiResponse> response : selected.operation().getResponses().entrySet()) {
            String status = response.getKey();
            if (!status.startsWith("4") && !status.equals("default")) {
                continue;
            }
            String where = selected.label() + " response " + status;
            ApiResponse followed = ResponseMapper.followed(api, response.getValue(), where);
            if (followed.getContent() == null) {
                continue;
            }
            for (Map.Entry<String, MediaType> media : followed.getContent().entrySet()) {
                if (!RequestBodies.isJson(media.getKey()) || media.getValue().getSchema() == null) {
                    continue;
                }
                Schemas.Resolved schema = schemas.resolve(media.getValue().getSchema(), where, null);
                String path = Leaves.errorMessage(new Samples(schemas, where).build(schema, 0));
                if (path != null) {
                    String ref = response.getValue().get$ref();
                    String inline = ref != null ? "components.responses." + ref.substring(ref.lastIndexOf('/') + 1)
                            : where;
                    return new ResponsePlan.ErrorMessage(path, schema.originOr(inline) + " (" + status + " "
                            + media.getKey() + ")");
                }
            }
        }
        return null;
    }
}
