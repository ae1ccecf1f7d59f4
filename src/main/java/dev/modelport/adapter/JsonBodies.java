package dev.modelport.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The JSON codec of model calls: the one mapper the structures, the response readers and the token client share
 * (thread-safe, and never reconfigured: a caller that needs another setting takes a reader or writer from it), and
 * the parsing of response bodies into JSON trees, with the failure every caller reports the same way.
 */
public final class JsonBodies {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBodies() {
    }

    /** The body as a JSON object or array; anything else is InvalidJson (the message never quotes the body). */
    public static JsonNode parse(byte[] body) throws AdapterException {
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AdapterException(FailureCategory.InvalidJson, "the response is not valid JSON");
        }
        if (json == null || !json.isContainerNode()) {
            throw new AdapterException(FailureCategory.InvalidJson, "the response is not a JSON object or array");
        }
        return json;
    }
}
