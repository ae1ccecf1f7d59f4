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
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the values at a fixed list of JSON paths, each compiled once: when every path is simple (members and
 * indexes) in one streaming pass without building the tree, else with json-path on the parsed tree. Thread-safe.
 */
final class PathReader {

    private static final Configuration ON_JSON_NODES = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private final JsonPath[] compiled;
    /** Reads all paths in one streaming pass when they are all simple; else null and the tree is used. */
    private final StreamingReader streaming;

    /**
     * @param names what each path reads, for error messages ("the output path ...")
     * @param paths the paths, null where absent (an absent path reads null)
     */
    PathReader(List<String> names, List<String> paths) throws AdapterException {
        compiled = new JsonPath[paths.size()];
        List<SimplePath> simple = new ArrayList<>();
        boolean allSimple = true;
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            compiled[i] = path == null ? null : compile(names.get(i), path);
            SimplePath parsed = path == null ? null : SimplePath.parse(path);
            allSimple &= path == null || parsed != null;
            simple.add(parsed);
        }
        streaming = allSimple ? new StreamingReader(simple) : null;
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

    /** The value at each path (null where it selects nothing); IOException when the JSON is malformed. */
    JsonNode[] read(byte[] json) throws IOException {
        return streaming != null ? streaming.read(json) : read(JsonBodies.MAPPER.readTree(json));
    }

    JsonNode[] read(JsonNode json) {
        JsonNode[] values = new JsonNode[compiled.length];
        for (int i = 0; i < compiled.length; i++) {
            values[i] = compiled[i] == null ? null : read(compiled[i], json);
        }
        return values;
    }

    /** The selected value; for a path selecting several values, the first. */
    private static JsonNode read(JsonPath path, JsonNode json) {
        Object value = path.read(json, ON_JSON_NODES);
        if (value instanceof JsonNode node) {
            return node.isArray() && !path.isDefinite() ? node.path(0) : node;
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? null : ON_JSON_NODES.mappingProvider().map(list.get(0), JsonNode.class,
                    ON_JSON_NODES);
        }
        return value == null ? null : ON_JSON_NODES.mappingProvider().map(value, JsonNode.class, ON_JSON_NODES);
    }

    /** Whether a value was selected: neither absent nor JSON null. */
    static boolean present(JsonNode value) {
        return value != null && !value.isNull() && !value.isMissingNode();
    }

    /** A value as text: a string as it is, anything else as its JSON text. */
    static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** A token count: a missing, null or non-integer value is unknown (null), never 0. */
    static Long count(JsonNode value) {
        return value != null && value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() : null;
    }
}
