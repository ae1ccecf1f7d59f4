package dev.modelport.adapter.custom;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.TokenUsage;
import java.util.List;

/**
 * Reads the answer and token counts from a parsed response with JSON paths compiled once. A token count that is
 * missing, null or not an integer is unknown (null), never 0.
 */
public final class ResponseExtractor {

    private static final Configuration ON_JSON_NODES = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private final String outputPathText;
    private final JsonPath outputPath;
    private final JsonPath inputTokensPath;
    private final JsonPath outputTokensPath;

    /** Paths may be null except the output path; each must compile. */
    public ResponseExtractor(String outputPath, String inputTokensPath, String outputTokensPath)
            throws AdapterException {
        this.outputPathText = outputPath;
        this.outputPath = compile("output", outputPath);
        this.inputTokensPath = inputTokensPath == null ? null : compile("input tokens", inputTokensPath);
        this.outputTokensPath = outputTokensPath == null ? null : compile("output tokens", outputTokensPath);
    }

    private static JsonPath compile(String what, String path) throws AdapterException {
        try {
            return JsonPath.compile(path);
        } catch (InvalidPathException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new AdapterException(FailureCategory.InvalidInput, "the " + what + " path is not a valid JSON path");
        }
    }

    public ModelResponse extract(JsonNode response) throws AdapterException {
        JsonNode output = read(outputPath, response);
        if (output == null || output.isNull() || output.isMissingNode()) {
            throw new AdapterException(FailureCategory.PathNotFound,
                    "output path " + outputPathText + " selects nothing in the response");
        }
        String text = output.isValueNode() ? output.asText() : output.toString();
        return new ModelResponse(text, TokenUsage.of(count(inputTokensPath, response),
                count(outputTokensPath, response)), null);
    }

    private static Long count(JsonPath path, JsonNode response) {
        if (path == null) {
            return null;
        }
        JsonNode value = read(path, response);
        return value != null && value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() : null;
    }

    /** The selected value; for a path selecting several values, the first. */
    private static JsonNode read(JsonPath path, JsonNode response) {
        Object value = path.read(response, ON_JSON_NODES);
        if (value instanceof JsonNode node) {
            return node.isArray() && !path.isDefinite() ? node.path(0) : node;
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? null : ON_JSON_NODES.mappingProvider().map(list.get(0), JsonNode.class,
                    ON_JSON_NODES);
        }
        return value == null ? null : ON_JSON_NODES.mappingProvider().map(value, JsonNode.class, ON_JSON_NODES);
    }
}
