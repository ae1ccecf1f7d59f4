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
 * Simple paths are compiled for json-path only when a tree is first read with them: a gateway holds a reader for
 * each of its models, most of which are only ever read as bytes.
 */
final class PathReader {

    private static final Configuration ON_JSON_NODES = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private final List<String> names;
    private final List<String> paths;
    /** The paths compiled for json-path; for simple paths null until a tree is first read. */
    private volatile JsonPath[] compiled;
    /** Reads all paths in one streaming pass when they are all simple; else null and the tree is used. */
    private final StreamingReader streaming;

    /**
     * @param names what each path reads, for error messages ("the output path ...")
     * @param paths the paths, null where absent (an absent path reads null)
     */
    PathReader(List<String> names, List<String> paths) throws AdapterException {
        this.names = names;
        this.paths = paths;
        List<SimplePath> simple = new ArrayList<>();
        boolean allSimple = true;
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            String problem = path == null ? null : ResponsePathRule.problem(path);
            if (problem != null) {
                throw new AdapterException(FailureCategory.InvalidInput, "the " + names.get(i) + " path " + problem);
            }
            SimplePath parsed = path == null ? null : SimplePath.parse(path);
            allSimple &= path == null || parsed != null;
            simple.add(parsed);
        }
        streaming = allSimple ? new StreamingReader(simple) : null;
        compiled = allSimple ? null : compileAll();
    }

    private JsonPath[] compileAll() throws AdapterException {
        JsonPath[] all = new JsonPath[paths.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = paths.get(i) == null ? null : compile(names.get(i), paths.get(i));
        }
        return all;
    }

    private static JsonPath compile(String what, String path) throws AdapterException {
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
        JsonPath[] paths = compiledPaths();
        JsonNode[] values = new JsonNode[paths.length];
        for (int i = 0; i < paths.length; i++) {
            values[i] = paths[i] == null ? null : read(paths[i], json);
        }
        return values;
    }

    /** The compiled paths, compiling simple ones on first use (two threads may both compile: the same result). */
    private JsonPath[] compiledPaths() {
        JsonPath[] paths = compiled;
        if (paths == null) {
            try {
                paths = compileAll();
            } catch (AdapterException e) {
                throw new IllegalStateException("a simple path did not compile for json-path", e);
            }
            compiled = paths;
        }
        return paths;
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
