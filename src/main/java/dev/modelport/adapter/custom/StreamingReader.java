package dev.modelport.adapter.custom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.adapter.JsonBodies;
import java.io.IOException;
import java.util.List;

/**
 * Reads the values at a few simple paths from a JSON document in one streaming pass: subtrees no path enters are
 * skipped without being materialized. The whole document is still tokenized, so malformed JSON is refused as
 * with a full parse.
 */
final class StreamingReader {

    private static final ObjectMapper MAPPER = JsonBodies.MAPPER;
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private final SimplePath[] paths;
    /** The bit set of the paths given (a null path is absent and never matches). */
    private final long given;

    /** At most 64 paths; null entries stand for absent paths and read as null. */
    StreamingReader(List<SimplePath> paths) {
        this.paths = paths.toArray(SimplePath[]::new);
        long mask = 0;
        for (int p = 0; p < this.paths.length; p++) {
            mask |= this.paths[p] != null ? 1L << p : 0;
        }
        this.given = mask;
    }

    /** The value at each path (null where a path selects nothing), in the order the paths were given. */
    JsonNode[] read(byte[] json) throws IOException {
        JsonNode[] values = new JsonNode[paths.length];
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new IOException("empty document");
            }
            value(parser, 0, given, values);
            if (parser.nextToken() != null) {
                throw new IOException("content after the JSON document");
            }
        }
        return values;
    }

    /** Reads the value under the parser; candidates is a bit set of the paths that have matched so far. */
    private void value(JsonParser parser, int depth, long candidates, JsonNode[] values) throws IOException {
        for (int p = 0; p < paths.length; p++) {
            if ((candidates & (1L << p)) != 0 && paths[p].steps().size() == depth) {
                capture(MAPPER.readTree(parser), depth, candidates, values);
                return;
            }
        }
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                long next = matching(candidates, depth, name);
                if (next == 0) {
                    parser.skipChildren();
                } else {
                    value(parser, depth + 1, next, values);
                }
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                long next = matching(candidates, depth, index++);
                if (next == 0) {
                    parser.skipChildren();
                } else {
                    value(parser, depth + 1, next, values);
                }
            }
        }
    }

    /** A path ends here: keep the subtree, and read the paths that go deeper from it. */
    private void capture(JsonNode tree, int depth, long candidates, JsonNode[] values) {
        for (int p = 0; p < paths.length; p++) {
            if ((candidates & (1L << p)) != 0) {
                JsonNode node = tree;
                List<Object> steps = paths[p].steps();
                for (int s = depth; s < steps.size() && node != null; s++) {
                    node = steps.get(s) instanceof Integer index ? node.get(index) : node.get((String) steps.get(s));
                }
                values[p] = node;
            }
        }
    }

    private long matching(long candidates, int depth, Object step) {
        long next = 0;
        for (int p = 0; p < paths.length; p++) {
            if ((candidates & (1L << p)) != 0) {
                List<Object> steps = paths[p].steps();
                if (steps.size() > depth && steps.get(depth).equals(step)) {
                    next |= 1L << p;
                }
            }
        }
        return next;
    }
}
