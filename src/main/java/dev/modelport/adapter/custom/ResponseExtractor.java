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
import dev.modelport.adapter.JsonBodies;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.TokenUsage;
import java.io.IOException;
import java.util.ArrayList;
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
    /** Reads all paths in one streaming pass when they are all simple; else null and the tree is used. */
    private final StreamingReader streaming;

    /** Paths may be null except the output path; each must compile. */
    public ResponseExtractor(String outputPath, String inputTokensPath, String outputTokensPath)
            throws AdapterException {
        this.outputPathText = outputPath;
        this.outputPath = compile("output", outputPath);
        this.inputTokensPath = inputTokensPath == null ? null : compile("input tokens", inputTokensPath);
        this.outputTokensPath = outputTokensPath == null ? null : compile("output tokens", outputTokensPath);
        this.streaming = streamingReader(outputPath, inputTokensPath, outputTokensPath);
    }

    private static StreamingReader streamingReader(String... paths) {
        List<SimplePath> simple = new ArrayList<>();
        for (String path : paths) {
            SimplePath parsed = path == null ? null : SimplePath.parse(path);
            if (path != null && parsed == null) {
                return null;
            }
            simple.add(parsed);
        }
        return new StreamingReader(simple);
    }

    /** Reads the answer from a response body; simple paths are read without building the JSON tree. */
    public ModelResponse extract(byte[] body) throws AdapterException {
        try {
            if (streaming == null) {
                return extract(JsonBodies.MAPPER.readTree(body));
            }
            JsonNode[] values = streaming.read(body);
            return answer(values[0], values[1], values[2]);
        } catch (IOException e) {
            throw new AdapterException(FailureCategory.InvalidJson, "the response is not valid JSON");
        }
    }

    private static JsonPath compile(String what, String path) throws AdapterException {
        String problem = ResponsePathRule.problem(path);
        if (problem != null) {
            throw new AdapterException(FailureCategory.InvalidInput, "the " + what + " path " + problem);
        }
        try {
            return JsonPath.compile(path);
        } catch (InvalidPathException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new AdapterException(FailureCategory.InvalidInput, "the " + what + " path is not a valid JSON path");
        }
    }

    public ModelResponse extract(JsonNode response) throws AdapterException {
        return answer(read(outputPath, response), inputTokensPath == null ? null : read(inputTokensPath, response),
                outputTokensPath == null ? null : read(outputTokensPath, response));
    }

    private ModelResponse answer(JsonNode output, JsonNode inputTokens, JsonNode outputTokens)
            throws AdapterException {
        if (output == null || output.isNull() || output.isMissingNode()) {
            throw new AdapterException(FailureCategory.PathNotFound,
                    "output path " + outputPathText + " selects nothing in the response");
        }
        String text = output.isValueNode() ? output.asText() : output.toString();
        return new ModelResponse(text, TokenUsage.of(count(inputTokens), count(outputTokens)), null);
    }

    private static Long count(JsonNode value) {
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
