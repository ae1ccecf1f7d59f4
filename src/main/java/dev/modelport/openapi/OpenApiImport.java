package dev.modelport.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import java.nio.file.Path;

/**
 * One import: an OpenAPI document and the chosen operation in, the ExternalModel (and the Secret it needs, commented)
 * out as YAML text whose comments say where each part came from and what could not be mapped.
 */
public final class OpenApiImport {

    /** The prompt the imported model's connectivity test sends. */
    static final String TEST_PROMPT = "Reply with the single word pong.";

    /**
     * What to import.
     *
     * @param operationId the operation by id; or null and {@code path} (with {@code method}) instead
     * @param server replaces the document's server URL, or null
     * @param namespace the model's namespace, or null to leave it to kubectl
     * @param promptField the property that carries the prompt, or null to choose it by name and description
     */
    public record Request(Path file, String operationId, String path, String method, String server, String name,
            String namespace, String promptField) {
    }

    private OpenApiImport() {
    }

    public static String run(Request request) throws ImportException {
        OpenApiLoader.Loaded loaded = OpenApiLoader.load(request.file());
        OpenAPI api = loaded.api();
        SelectedOperation selected = request.operationId() != null
                ? SelectedOperation.byId(api, request.operationId())
                : SelectedOperation.byPath(api, request.path(), request.method());
        Schemas schemas = new Schemas(api, loaded.raw());
        Endpoints.Endpoint endpoint = Endpoints.of(api, selected, request.server());
        AuthorizationPlan authorization = AuthorizationPlan.of(api, selected);
        Schemas.Resolved body = RequestBodies.jsonSchema(api, schemas, selected);
        ResponsePlan response = ResponseMapper.map(api, schemas, selected, TEST_PROMPT);
        ModelWriter writer = new ModelWriter(request, api, selected, endpoint, authorization);
        String where = selected.label() + " request body";
        ProviderShape provider = ProviderShape.of(schemas, body, ResponseMapper.jsonAnswer(api, schemas, selected),
                selected.path(), response.stream() != null, where);
        if (provider != null) {
            return writer.provider(provider, body.originOr(where));
        }
        BodyPlan plan = RequestBodyMapper.map(schemas, body, where, request.promptField(), response.stream() != null);
        return writer.custom(plan, response);
    }
}
