package dev.modelport.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.PathItem.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The operation to import, chosen by its operationId or by its path and method. */
record SelectedOperation(String path, HttpMethod method, PathItem pathItem, Operation operation) {

    /** "operation generate (POST /generate)", for messages and comments. */
    String label() {
        return (operation.getOperationId() != null ? "operation " + operation.getOperationId() + " " : "")
                + "(" + method + " " + path + ")";
    }

    static SelectedOperation byId(OpenAPI api, String operationId) throws ImportException {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : paths(api).entrySet()) {
            for (Map.Entry<HttpMethod, Operation> operation : path.getValue().readOperationsMap().entrySet()) {
                String id = operation.getValue().getOperationId();
                if (operationId.equals(id)) {
                    return new SelectedOperation(path.getKey(), operation.getKey(), path.getValue(),
                            operation.getValue());
                }
                if (id != null) {
                    ids.add(id);
                }
            }
        }
        throw new ImportException("--operation: no operation " + operationId + " in the document (operations: "
                + (ids.isEmpty() ? "none with an operationId" : String.join(", ", ids)) + ")");
    }

    static SelectedOperation byPath(OpenAPI api, String path, String method) throws ImportException {
        PathItem item = paths(api).get(path);
        if (item == null) {
            throw new ImportException("--path: no path " + path + " in the document (paths: "
                    + String.join(", ", paths(api).keySet()) + ")");
        }
        HttpMethod wanted;
        try {
            wanted = HttpMethod.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ImportException("--method: " + method + " is not an HTTP method");
        }
        Operation operation = item.readOperationsMap().get(wanted);
        if (operation == null) {
            throw new ImportException("--path: " + path + " has no " + wanted + " operation (methods: "
                    + item.readOperationsMap().keySet() + ")");
        }
        return new SelectedOperation(path, wanted, item, operation);
    }

    private static Map<String, PathItem> paths(OpenAPI api) {
        return api.getPaths() == null ? Map.of() : api.getPaths();
    }
}
