package dev.modelport.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.detect.Detection;
import dev.modelport.adapter.detect.PathDetector;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Response paths from the success response (200, else the first 2xx): the path detector the connectivity test uses,
 * run on the JSON example of the document or on a sample built from the schema; a text/event-stream (SSE) or NDJSON
 * content becomes the streaming definition, its paths read from the event schema.
 */
final class ResponseMapper {

    /** Below this the detector's pick is left to the first connectivity test instead. */
    static final double MIN_CONFIDENCE = 0.3;
    private static final String PREFIX = "#/components/responses/";

    private ResponseMapper() {
    }

    static ResponsePlan map(OpenAPI api, Schemas schemas, SelectedOperation selected, String promptSample)
            throws ImportException {
        List<String> unmapped = new ArrayList<>();
        ResponsePlan.ErrorMessage error = ErrorResponses.message(api, schemas, selected);
        Map.Entry<String, ApiResponse> success = success(selected);
        if (success == null) {
            unmapped.add("response paths: " + selected.label() + " declares no 2xx response; left to detection");
            return new ResponsePlan(null, null, null, null, null, error, null, unmapped);
        }
        String where = selected.label() + " response " + success.getKey();
        ApiResponse response = followed(api, success.getValue(), where);
        Map<String, MediaType> content = response.getContent() == null ? Map.of() : response.getContent();
        ResponsePlan.Stream stream = null;
        String origin = null;
        Detection detection = null;
        JsonNode answer = null;
        for (Map.Entry<String, MediaType> media : content.entrySet()) {
            String format = streamFormat(media.getKey());
            if (media.getValue().getSchema() == null) {
                continue;
            }
            Schemas.Resolved schema = schemas.resolve(media.getValue().getSchema(), where, null);
            Samples samples = new Samples(schemas, where);
            if (format != null && stream == null) {
                List<JsonNode> events = samples.alternatives(schema);
                String streamOrigin = schema.originOr(where) + " (" + media.getKey() + ")";
                String delta = first(events, Leaves::delta);
                if (delta == null) {
                    unmapped.add("streaming: no text field in the events of " + streamOrigin
                            + " for deltaPath; imported without streaming");
                    continue;
                }
                stream = new ResponsePlan.Stream(format, streamOrigin, delta, first(events, Leaves::inputTokens),
                        first(events, Leaves::outputTokens), first(events, Leaves::finishReason));
            } else if (format == null && RequestBodies.isJson(media.getKey()) && detection == null) {
                schema = schemas.firstAlternative(schema, where);
                Samples.Sample sample = samples.of(media.getValue(), schema);
                detection = new PathDetector().detect(sample.value(), promptSample);
                answer = sample.value();
                origin = (sample.example() ? "the example of " : "a sample built from ") + schema.originOr(where)
                        + " (" + success.getKey() + " " + media.getKey() + "), read by the path detector";
            }
        }
        if (detection == null) {
            unmapped.add("response paths: no JSON content in the " + success.getKey()
                    + " response; left to detection at the first test");
            return new ResponsePlan(null, null, null, null, null, error, stream, unmapped);
        }
        if (detection.confidence() < MIN_CONFIDENCE) {
            unmapped.add("response paths: the detector's pick (" + detection.outputPath() + ") is too uncertain ("
                    + String.format(Locale.ROOT, "%.2f", detection.confidence()) + "); left to detection");
            return new ResponsePlan(origin, null, null, null, null, error, stream, unmapped);
        }
        // A sample built from a schema has no telling counts; the names of its fields then decide.
        return new ResponsePlan(origin, detection.outputPath(),
                detection.inputTokensPath() != null ? detection.inputTokensPath() : Leaves.inputTokens(answer),
                detection.outputTokensPath() != null ? detection.outputTokensPath() : Leaves.outputTokens(answer),
                Leaves.finishReason(answer), error, stream, unmapped);
    }

    /** The schema of the success response's JSON content, or null. */
    static Schemas.Resolved jsonAnswer(OpenAPI api, Schemas schemas, SelectedOperation selected)
            throws ImportException {
        Map.Entry<String, ApiResponse> success = success(selected);
        if (success == null) {
            return null;
        }
        String where = selected.label() + " response " + success.getKey();
        ApiResponse response = followed(api, success.getValue(), where);
        if (response.getContent() != null) {
            for (Map.Entry<String, MediaType> media : response.getContent().entrySet()) {
                if (RequestBodies.isJson(media.getKey()) && media.getValue().getSchema() != null) {
                    return schemas.resolve(media.getValue().getSchema(), where, null);
                }
            }
        }
        return null;
    }

    private static Map.Entry<String, ApiResponse> success(SelectedOperation selected) {
        if (selected.operation().getResponses() == null) {
            return null;
        }
        ApiResponse ok = selected.operation().getResponses().get("200");
        if (ok != null) {
            return Map.entry("200", ok);
        }
        return selected.operation().getResponses().entrySet().stream()
                .filter(e -> e.getKey().startsWith("2")).findFirst().orElse(null);
    }

    static ApiResponse followed(OpenAPI api, ApiResponse response, String where) throws ImportException {
        if (response.get$ref() == null) {
            return response;
        }
        String ref = response.get$ref();
        ApiResponse target = ref.startsWith(PREFIX) && api.getComponents() != null
                && api.getComponents().getResponses() != null
                ? api.getComponents().getResponses().get(ref.substring(PREFIX.length())) : null;
        if (target == null) {
            throw new ImportException(where + ": unresolved $ref " + ref);
        }
        return target;
    }

    /** The path the first event kind that has one yields, or null. */
    private static String first(List<JsonNode> events, Function<JsonNode, String> path) {
        return events.stream().map(path).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** SSE or NDJSON for a stream content type, null for any other. */
    static String streamFormat(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).split(";")[0].strip();
        return switch (type) {
            case "text/event-stream" -> "SSE";
            case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/stream+json" ->
                    "NDJSON";
            default -> null;
        };
    }
}
