package dev.modelport.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads an OpenAPI 3.0 or 3.1 document, YAML or JSON, with swagger-parser. References to other files (relative to the
 * document) and URLs are loaded as any OpenAPI tool does (the import runs where its user runs it, never in the
 * cluster), their schemas added to the components; references inside the document stay references, so the import can
 * say which component each part came from ({@link Schemas}).
 */
public final class OpenApiLoader {

    private static final int MESSAGES_SHOWN = 5;
    /** YAML 1.1 is a superset of JSON: one reader for both. */
    private static final ObjectMapper TREE = new ObjectMapper(new YAMLFactory());

    private OpenApiLoader() {
    }

    /** The parsed document, and the tree it was written as (where values read as written, see {@link Schemas}). */
    record Loaded(OpenAPI api, JsonNode raw) {
    }

    static Loaded load(Path file) throws ImportException {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ImportException(file + ": cannot be read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
        JsonNode raw;
        try {
            raw = TREE.readTree(content);
        } catch (JsonProcessingException e) {
            throw new ImportException(file + ": not valid YAML or JSON (" + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() : "") + ")");
        }
        if (raw == null || !raw.isObject()) {
            throw new ImportException(file + ": not an OpenAPI document (no mapping at the top)");
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(content, null, options,
                file.toAbsolutePath().toUri().toString());
        List<String> messages = Objects.requireNonNullElse(result.getMessages(), List.of());
        OpenAPI api = result.getOpenAPI();
        if (api == null || api.getOpenapi() == null) {
            throw new ImportException(file + ": not an OpenAPI 3.0 or 3.1 document (YAML or JSON)"
                    + (messages.isEmpty() ? "" : ": " + summary(messages)));
        }
        List<String> unresolved = messages.stream().filter(OpenApiLoader::isReferenceProblem).toList();
        if (!unresolved.isEmpty()) {
            throw new ImportException(file + ": unresolved $ref: " + summary(unresolved));
        }
        return new Loaded(api, raw);
    }

    private static boolean isReferenceProblem(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("$ref") || lower.contains("reference") || lower.contains("could not be resolved");
    }

    private static String summary(List<String> messages) {
        String shown = String.join("; ", messages.subList(0, Math.min(MESSAGES_SHOWN, messages.size())));
        return messages.size() > MESSAGES_SHOWN ? shown + " (and " + (messages.size() - MESSAGES_SHOWN) + " more)"
                : shown;
    }
}
